// The kitchen display in a rush, as a line cook meets it: every ticket in view at once on the
// screens kitchens use, a chime that repeats until someone acknowledges it, an order picked up by
// mistake brought back onto every board, and a ticket printed on 80 mm paper.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { NewOrder } from '../../src/server/domain/order.js';
import type { Store } from '../../src/server/ports/store.js';
import {
  chromiumIsAvailable,
  openKitchenBoard,
  popplerIsAvailable,
  saveScreenshot,
  seriousAccessibilityViolations,
  useChromium,
  watchConsole,
} from '../support/browser.js';
import { aClock } from '../support/clock.js';
import { addAccount, registerCustomer } from '../support/customers.js';
import { anOrder } from '../support/factories.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const NAMES = ['dora', 'Sam', 'Priya', 'Luca', 'Mei', 'Omar', 'Ines', 'Ben', 'Zoe', 'Kwame', 'Ana', 'Tom'];
const LINES: NewOrder['items'][] = [
  [{ itemId: '5eed00000000000000000001', name: 'Hamburger', unitPrice: 995, quantity: 2 }],
  [
    {
      itemId: '5eed00000000000000000001',
      name: 'Hamburger',
      unitPrice: 1195,
      quantity: 1,
      options: [
        { id: 'large', group: 'Size', kind: 'choice', name: 'Large', price: 100 },
        { id: 'bacon', group: 'Extras', kind: 'addon', name: 'bacon', price: 100 },
      ],
      note: 'well done',
    },
    { itemId: '5eed00000000000000000002', name: 'Soda', unitPrice: 199, quantity: 2 },
  ],
  [
    { itemId: '5eed00000000000000000003', name: 'Caesar salad', unitPrice: 895, quantity: 1 },
    { itemId: '5eed00000000000000000002', name: 'Soda', unitPrice: 199, quantity: 1 },
    { itemId: '5eed00000000000000000004', name: 'Fries', unitPrice: 399, quantity: 1 },
  ],
];

/**
 * `count` orders numbered from `first`, with one to three lines, placed a minute apart over the
 * last minutes (or `every` minutes apart from `from`).
 */
async function aRush(
  store: Store,
  first: number,
  count: number,
  spread?: { from: Date; every: number },
): Promise<void> {
  const customer = await store.users.add({
    user: {
      username: `rush${first}`,
      phone: `+1555666${String(first).padStart(4, '0')}`,
      passwordHash: '',
      role: 'customer',
      phoneVerifiedAt: new Date(),
    },
    at: new Date(),
  });
  for (let index = 0; index < count; index += 1) {
    const placed = spread
      ? new Date(spread.from.getTime() + index * spread.every * 60_000)
      : new Date(Date.now() - (count - index) * 60_000);
    const name = NAMES[index % NAMES.length] ?? 'dora';
    await store.orders.add({
      order: anOrder(customer.id, {
        number: String(first + index),
        customerName: name,
        items: LINES[index % LINES.length] ?? [],
        orderTime: placed,
        pickup: {
          name,
          scheduledFor: null,
          prepareFrom: placed,
          readyBy: new Date(placed.getTime() + 15 * 60_000),
          readyBySetByHand: false,
          toldReadyBy: new Date(placed.getTime() + 15 * 60_000),
          note: null,
        },
      }),
    });
  }
}

/**
 * Chromium's audio as the page sees it, recorded: asleep until a tap (the autoplay policy), then
 * every note the page starts is kept in `window.notes` (Hz).
 */
const RECORDED_AUDIO = `
  window.notes = [];
  window.AudioContext = class extends EventTarget {
    state = 'suspended';
    currentTime = 0;
    destination = {};
    resume() {
      this.state = 'running';
      this.dispatchEvent(new Event('statechange'));
      return Promise.resolve();
    }
    createOscillator() {
      const tone = { frequency: { value: 0 }, connect: (next) => next, start: () => window.notes.push(tone.frequency.value), stop() {} };
      return tone;
    }
    createGain() {
      return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (next) => next };
    }
  };
`;
/** How many times the new-order chime (880 Hz then 1320 Hz) has played. */
const chimes = (page: Page) => page.evaluate('window.notes.filter((hz) => hz === 1320).length');

/** An order seeded as picked up a minute ago (its history as the board would have left it). */
async function aPickedUpOrder(store: Store, number: string, pickedUpAt: Date): Promise<string> {
  const customer = await store.users.add({
    user: {
      username: 'dora',
      phone: '+15556661234',
      passwordHash: '',
      role: 'customer',
      phoneVerifiedAt: new Date(),
    },
    at: new Date(),
  });
  const minutes = (n: number) => new Date(pickedUpAt.getTime() - n * 60_000);
  const order = await store.orders.add({
    order: anOrder(customer.id, {
      number,
      customerName: 'dora',
      orderTime: minutes(20),
      status: 'completed',
      statusHistory: [
        { status: 'received', at: minutes(20) },
        { status: 'preparing', at: minutes(18) },
        { status: 'ready', at: minutes(8) },
        { status: 'completed', at: pickedUpAt },
      ],
      lastUpdated: pickedUpAt,
    }),
  });
  return order.id;
}

/** Tickets not wholly inside the board's grid, and whether the grid itself would scroll. */
async function ticketsOutOfView(page: Page): Promise<string[]> {
  const grid = page.getByTestId('board-grid');
  const area = await grid.boundingBox();
  if (!area) return ['(no grid)'];
  const outside: string[] = [];
  for (const ticket of await grid.getByRole('article').all()) {
    const box = await ticket.boundingBox();
    if (
      !box ||
      box.x < area.x ||
      box.y < area.y ||
      box.x + box.width > area.x + area.width ||
      box.y + box.height > area.y + area.height
    ) {
      outside.push((await ticket.getAttribute('aria-label')) ?? '?');
    }
  }
  const scrolls = await grid.evaluate(
    (element: { scrollHeight: number; clientHeight: number }) => element.scrollHeight > element.clientHeight,
  );
  return scrolls ? [...outside, '(the grid scrolls)'] : outside;
}

describe.skipIf(!chromiumIsAvailable())('the kitchen display', () => {
  const { openPage } = useChromium();

  it('shows 12 tickets at once on a 1366×768 screen and 24 on a 1920×1080 one', async () => {
    const app = await startSandboxApp();
    await addAccount(app.store, { username: 'chef', phone: '15556660999', role: 'staff' });
    await aRush(app.store, 101, 12);

    const board = await openPage({ viewport: { width: 1366, height: 768 }, reducedMotion: 'reduce' });
    const problems = watchConsole(board);
    await openKitchenBoard(board, app, { username: 'chef', phone: '15556660999' });
    const tickets = board.getByTestId('board-grid').getByRole('article');
    await expect.poll(() => tickets.count()).toBe(12);
    expect(await ticketsOutOfView(board)).toEqual([]);
    // Soonest promised first, each with its place for the keyboard.
    expect(await board.getByTestId('ticket-status-101').textContent()).toMatch(/^New.*Place 1$/);
    // Dark by default, on this screen.
    expect(await board.getByTestId('kitchen-display').getAttribute('data-theme')).toBe('vonappetit-dark');
    expect(await seriousAccessibilityViolations(board)).toEqual([]);
    await saveScreenshot(board, 'kitchen-display-1366x768.png');

    await aRush(app.store, 201, 12);
    await board.setViewportSize({ width: 1920, height: 1080 });
    await board.reload();
    await expect.poll(() => tickets.count()).toBe(24);
    expect(await ticketsOutOfView(board)).toEqual([]);
    await saveScreenshot(board, 'kitchen-display-1920x1080.png');
    expect(problems).toEqual([]);
  });

  it('works from a keyboard or bump bar: digits select, Enter bumps, U undoes, a tap strikes a line', async () => {
    const app = await startSandboxApp();
    await addAccount(app.store, { username: 'chef', phone: '15556660999', role: 'staff' });
    await aRush(app.store, 11, 12);
    const board = await openPage({ viewport: { width: 1366, height: 768 }, reducedMotion: 'reduce' });
    const problems = watchConsole(board);
    await openKitchenBoard(board, app, { username: 'chef', phone: '15556660999' });
    const ticket = (number: number) =>
      board.getByRole('article', { name: new RegExp(`^Order ${number} for`) });
    await ticket(22).waitFor();

    // "1", "2" quickly: the twelfth ticket; Enter starts it, U takes it back.
    await board.keyboard.press('1');
    await board.keyboard.press('2');
    expect(await ticket(22).getAttribute('aria-current')).toBe('true');
    await board.keyboard.press('Enter');
    await board.getByTestId('ticket-status-22').getByText('Preparing').waitFor();
    await board.keyboard.press('u');
    await board.getByTestId('ticket-status-22').getByText('New').waitFor();
    // "2" alone is the second; the arrow moves on to the third.
    await board.waitForTimeout(900);
    await board.keyboard.press('2');
    await board.keyboard.press('ArrowRight');
    expect(await ticket(13).getAttribute('aria-current')).toBe('true');
    await board.keyboard.press(' ');
    await board.getByTestId('ticket-status-13').getByText('Preparing').waitFor();

    // A tapped line is struck through, and Enter then bumps that ticket, not the line again.
    const line = ticket(12).getByRole('button', { name: /Hamburger/ });
    await line.click();
    expect(await line.getAttribute('aria-pressed')).toBe('true');
    await board.keyboard.press('Enter');
    await board.getByTestId('ticket-status-12').getByText('Preparing').waitFor();
    expect(await line.getAttribute('aria-pressed')).toBe('true');

    // The keys are listed with "?".
    await board.keyboard.press('?');
    await board
      .getByRole('dialog', { name: 'Keys on the board' })
      .getByText('Bump the selected ticket')
      .waitFor();
    expect(await seriousAccessibilityViolations(board)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('chimes for a new order every 30 s until a cook acknowledges it, and remembers sound per screen', async () => {
    const app = await startSandboxApp();
    await addAccount(app.store, { username: 'chef', phone: '15556660999', role: 'staff' });
    const board = await openPage({ viewport: { width: 1366, height: 768 }, reducedMotion: 'reduce' });
    const problems = watchConsole(board);
    await board.addInitScript(RECORDED_AUDIO);
    await board.clock.install();
    await openKitchenBoard(board, app, { username: 'chef', phone: '15556660999' });
    // Sound is on by default; the browser waits for a tap, which the board asks for.
    await board.getByRole('button', { name: /Tap to enable sound/ }).click();
    await board.getByTestId('enable-sound').waitFor({ state: 'detached' });

    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const placed = await customer.client.order([{ id: '5eed00000000000000000001', quantity: 1 }]);
    const number = (placed.body as { number: string }).number;
    await board.getByTestId('new-order-alert').getByText(`#${number}`).waitFor();
    await expect.poll(() => chimes(board)).toBe(1);
    // Nobody looked: again after 30 s, and again.
    await board.clock.fastForward(29_000);
    expect(await chimes(board)).toBe(1);
    await board.clock.fastForward(2_000);
    await expect.poll(() => chimes(board)).toBe(2);
    await board.clock.fastForward(31_000);
    await expect.poll(() => chimes(board)).toBe(3);
    // Started from another screen (or this one): its alert goes by itself, and the chime with it.
    const ticket = board.getByRole('article', { name: new RegExp(`^Order ${number} for`) });
    await ticket.getByRole('button', { name: `Start order ${number}` }).click();
    await board.getByTestId('new-order-alert').waitFor({ state: 'detached' });
    await board.clock.fastForward(31_000);
    expect(await chimes(board)).toBe(3);
    await ticket.getByRole('button', { name: `Undo last move of order ${number}` }).click();

    // Another order nobody looks at; a cook acknowledges: silence, and the banner is gone.
    const second = await customer.client.order([{ id: '5eed00000000000000000001', quantity: 2 }]);
    await board
      .getByTestId('new-order-alert')
      .getByText(`#${(second.body as { number: string }).number}`)
      .waitFor();
    await expect.poll(() => chimes(board)).toBe(4);
    await board.getByTestId('new-order-alert').getByRole('button', { name: 'Seen' }).click();
    await board.clock.fastForward(61_000);
    expect(await chimes(board)).toBe(4);
    expect(await board.getByTestId('new-order-alert').count()).toBe(0);

    // An order placed while the cook was on another page is announced on coming back, once.
    await board.getByRole('link', { name: 'chef' }).click();
    await board.getByRole('heading', { name: 'Your profile' }).waitFor();
    const meanwhile = await customer.client.order([{ id: '5eed00000000000000000001', quantity: 3 }]);
    const third = (meanwhile.body as { number: string }).number;
    await board.getByRole('link', { name: 'Kitchen' }).click();
    await board.getByTestId('new-order-alert').getByText(`#${third}`).waitFor();
    await expect.poll(() => chimes(board)).toBe(5);
    await board.waitForTimeout(1000);
    expect(await chimes(board)).toBe(5);
    expect(await board.getByTestId('new-order-alert').textContent()).toMatch(
      new RegExp(`^New order: #${third}\\s*Seen$`),
    );
    await board.getByTestId('new-order-alert').getByRole('button', { name: 'Seen' }).click();

    // This screen turns sound off; a reload keeps it off (and asks for no tap).
    await board.getByRole('button', { name: /This screen/ }).click();
    const sound = board.getByLabel('Sound for new orders, arrivals and calls');
    expect(await sound.isChecked()).toBe(true);
    await sound.uncheck();
    await board.getByRole('button', { name: 'Done', exact: true }).click();
    await board.reload();
    await board.getByTestId('board-connection').getByText('Live').waitFor();
    expect(await board.getByTestId('enable-sound').count()).toBe(0);
    await board.getByRole('button', { name: /This screen/ }).click();
    expect(await board.getByLabel('Sound for new orders, arrivals and calls').isChecked()).toBe(false);
    expect(await seriousAccessibilityViolations(board)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('brings an order picked up by mistake back onto every open board, within 30 minutes only', async () => {
    const clock = aClock();
    const app = await startSandboxApp({ now: clock.now });
    await addAccount(app.store, { username: 'chef', phone: '15556660999', role: 'staff' });
    await addAccount(app.store, { username: 'sous', phone: '15556660998', role: 'staff' });
    await aPickedUpOrder(app.store, '42', new Date(clock.now().getTime() - 60_000));
    const pass = await openPage({ viewport: { width: 1366, height: 768 }, reducedMotion: 'reduce' });
    const line = await openPage({ viewport: { width: 1366, height: 768 }, reducedMotion: 'reduce' });
    const problems = [...watchConsole(pass), ...watchConsole(line)];
    await openKitchenBoard(pass, app, { username: 'chef', phone: '15556660999' });
    await openKitchenBoard(line, app, { username: 'sous', phone: '15556660998' });

    // Found in "Done today" by its number, and brought back.
    await pass.getByRole('button', { name: 'Done today' }).click();
    const done = pass.getByRole('dialog', { name: 'Done today' });
    await done.getByRole('searchbox').fill('#42');
    await done
      .getByRole('listitem', { name: 'Done order 42' })
      .getByText(/Picked up/)
      .waitFor();
    expect(await seriousAccessibilityViolations(pass)).toEqual([]);
    await saveScreenshot(pass, 'kitchen-done-today.png');
    await done.getByRole('button', { name: 'Back to the board order 42' }).click();
    const clicked = Date.now();
    await line.getByRole('article', { name: 'Order 42 for dora' }).waitFor({ timeout: 1000 });
    expect(Date.now() - clicked).toBeLessThan(1000);
    expect(await line.getByTestId('ticket-status-42').textContent()).toMatch(/Ready/);
    await pass.getByRole('article', { name: 'Order 42 for dora' }).waitFor();

    // Picked up again; 31 minutes later it stays in "Done today", and the board says why.
    await pass.getByRole('button', { name: 'Picked up order 42' }).click();
    await line.getByRole('article', { name: 'Order 42 for dora' }).waitFor({ state: 'detached' });
    clock.advance(31 * 60_000);
    await pass.reload();
    await pass.getByRole('button', { name: 'Done today' }).click();
    const later = pass
      .getByRole('dialog', { name: 'Done today' })
      .getByRole('listitem', { name: 'Done order 42' });
    await later
      .getByText('Picked up more than 30 minutes ago: it can no longer go back on the board.')
      .waitFor();
    expect(await later.getByRole('button', { name: /Back to the board/ }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it.skipIf(!popplerIsAvailable())(
    'prints a ticket on 80 mm paper, and each new order when the screen asks',
    async () => {
      const app = await startSandboxApp();
      await addAccount(app.store, { username: 'chef', phone: '15556660999', role: 'staff' });
      await aRush(app.store, 7, 2);
      const board = await openPage({ viewport: { width: 1366, height: 768 }, reducedMotion: 'reduce' });
      const problems = watchConsole(board);
      // The print dialog is the browser's: counted here, and the page printed to PDF instead.
      await board.addInitScript('window.printed = 0; window.print = () => { window.printed += 1; };');
      await openKitchenBoard(board, app, { username: 'chef', phone: '15556660999' });
      const ticket = board.getByRole('article', { name: 'Order 8 for Sam' });
      await ticket.getByLabel('More for order 8').click();
      await ticket.getByRole('button', { name: 'Print order 8' }).click();
      expect(await board.evaluate('window.printed')).toBe(1);

      await board.emulateMedia({ media: 'print' });
      const dir = mkdtempSync(join(tmpdir(), 'ticket-'));
      writeFileSync(
        join(dir, 'ticket.pdf'),
        await board.pdf({ preferCSSPageSize: true, printBackground: true }),
      );
      await board.emulateMedia({ media: 'screen' });
      const info = execFileSync('pdfinfo', [join(dir, 'ticket.pdf')], { encoding: 'utf8' });
      expect(info).toMatch(/^Pages:\s+1$/m);
      // 80 mm is 226.8 points wide.
      const [, width, height] = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info) ?? [];
      expect(Number(width)).toBeCloseTo(226.8, 0);
      // As long as the ticket: more than 50 mm for a number, a name and two lines; not an A4 page.
      expect(Number(height)).toBeGreaterThan(142);
      expect(Number(height)).toBeLessThan(400);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'ticket.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('#8');
      expect(text).toContain('Sam');
      expect(text).toMatch(/1 × Hamburger\s+Large, \+ bacon\s+“well done”\s+2 × Soda/);
      expect(text).not.toContain('All day');
      // The page as a receipt printer gets it: rendered at 203 dpi (a thermal printer's), 80 mm wide.
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '203',
        '-singlefile',
        join(dir, 'ticket.pdf'),
        join(dir, 'ticket'),
      ]);
      const png = readFileSync(join(dir, 'ticket.png'));
      // 80 mm at 203 dpi is 639 dots (Chromium rounds the page to whole CSS pixels: within 1 %).
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(633);
      expect(png.readUInt32BE(16)).toBeLessThanOrEqual(645);
      writeFileSync(join(import.meta.dirname, '../../docs/screenshots/kitchen-ticket-print.png'), png);

      // "Print each new order" on this screen: the next order prints itself.
      await board.getByRole('button', { name: /This screen/ }).click();
      await board.getByLabel('Print each new order').check();
      await board.getByRole('button', { name: 'Done', exact: true }).click();
      const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
      await customer.client.order([{ id: '5eed00000000000000000001', quantity: 1 }]);
      await expect.poll(() => board.evaluate('window.printed')).toBe(2);
      expect(problems).toEqual([]);
    },
  );

  it('shows admins the day in figures, and tells a cook an admin page is for admins', async () => {
    const app = await startSandboxApp();
    await addAccount(app.store, { username: 'owner', phone: '15556660990', role: 'admin' });
    await addAccount(app.store, { username: 'chef', phone: '15556660999', role: 'staff' });
    // A Tuesday lunch: twelve orders from 11:30 to 14:15, the rush around 12:30.
    let next = 301;
    for (const [at, count] of [
      ['2026-03-10T11:30:00Z', 2],
      ['2026-03-10T12:15:00Z', 4],
      ['2026-03-10T12:30:00Z', 4],
      ['2026-03-10T14:15:00Z', 2],
    ] as const) {
      await aRush(app.store, next, count, { from: new Date(at), every: 3 });
      next += count;
    }
    const admin = await openPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const problems = watchConsole(admin);
    await openKitchenBoard(admin, app, { username: 'owner', phone: '15556660990' });
    await admin.getByRole('link', { name: 'End of day' }).click();
    await admin.getByLabel('From').fill('2026-03-10');
    await admin.getByLabel('To').fill('2026-03-10');
    await admin.getByRole('button', { name: 'Show' }).click();
    const figures = admin.getByTestId('report-figures');
    await figures.getByText(/12\s*0 cancelled/).waitFor();
    await admin
      .getByRole('img', { name: 'Orders by quarter-hour: 11:30 AM 2, 12:15 PM 4, 12:30 PM 4, 2:15 PM 2' })
      .waitFor();
    await admin.getByRole('row', { name: /Hamburger/ }).waitFor();
    expect(await seriousAccessibilityViolations(admin)).toEqual([]);
    await saveScreenshot(admin, 'end-of-day-report.png');

    const cook = await openPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    await openKitchenBoard(cook, app, { username: 'chef', phone: '15556660999' });
    await cook.goto(`${app.baseUrl}/staff/menu`);
    await cook.getByRole('heading', { name: 'Admins only' }).waitFor();
    await cook.getByRole('link', { name: 'Back to the kitchen board' }).click();
    await cook.waitForURL(`${app.baseUrl}/staff/kitchen`);
    expect(problems).toEqual([]);
  });
});
