// How a line with options reads, everywhere it is shown (cart, ticket, order page, history):
// "Hamburger — Large (+$2.00), + bacon ($1.50), no onions".

export interface LineOption {
  kind: 'choice' | 'addon' | 'removal';
  name: string;
  price: number;
}

type FormatPrice = (cents: number) => string;

/** "Bacon" → "bacon"; an abbreviation ("BBQ sauce") keeps its capitals. */
const lowerFirst = (text: string) =>
  /^\p{Lu}\p{Lu}/u.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);

/** The options of a line, in the order the dish lists its groups; `null` prices: for the kitchen. */
export function optionsSummary(options: readonly LineOption[], formatPrice: FormatPrice | null): string {
  const cost = (price: number, shape: (formatted: string) => string) =>
    formatPrice && price > 0 ? ` ${shape(formatPrice(price))}` : '';
  return options
    .map(({ kind, name, price }) => {
      if (kind === 'removal') return `no ${lowerFirst(name)}`;
      if (kind === 'addon') return `+ ${lowerFirst(name)}${cost(price, (p) => `(${p})`)}`;
      return `${name}${cost(price, (p) => `(+${p})`)}`;
    })
    .join(', ');
}

/** A dish with its options, or its name alone. */
export function lineLabel(name: string, options: readonly LineOption[], formatPrice: FormatPrice): string {
  return options.length === 0 ? name : `${name} — ${optionsSummary(options, formatPrice)}`;
}
