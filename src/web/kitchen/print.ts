// Printing a kitchen ticket through the browser's print dialog, on 80 mm receipt paper: the page
// is as long as the ticket (measured), so a receipt printer cuts after it.

const MM_PER_PX = 25.4 / 96;
/** A stylesheet of our own (the CSP allows no inline <style>): the paper's size. */
let page: CSSStyleSheet | null = null;

/**
 * Prints the ticket the board rendered (`[data-print-source]`): a copy of it goes onto the page's
 * paper, a container of its own at the end of the body (the stylesheet, `.kitchen-print`, keeps it
 * off-screen), alone on an 80 mm page as long as it is until the print is done.
 */
export function printTicket(): void {
  const source = document.querySelector('[data-print-source]');
  if (!source) return;
  let paper = document.getElementById('kitchen-print');
  if (!paper) {
    paper = document.createElement('div');
    paper.id = 'kitchen-print';
    paper.className = 'kitchen-print';
    paper.setAttribute('aria-hidden', 'true');
    document.body.append(paper);
  }
  paper.replaceChildren(...[...source.childNodes].map((node) => node.cloneNode(true)));
  const heightMm = Math.ceil(paper.scrollHeight * MM_PER_PX) + 8;
  if (!page) {
    page = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, page];
  }
  const sheet = page;
  sheet.replaceSync(`@page { size: 80mm ${heightMm}mm; margin: 4mm 3mm; }`);
  document.documentElement.classList.add('printing-ticket');
  // Printing anything else afterwards (the report, a page of the app) gets the page as it is.
  window.addEventListener(
    'afterprint',
    () => {
      document.documentElement.classList.remove('printing-ticket');
      sheet.replaceSync('');
    },
    { once: true },
  );
  window.print();
}
