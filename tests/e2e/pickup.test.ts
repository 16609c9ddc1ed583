// Pickup as a customer and a cook live it, in Chromium, with the app's clock moved by the test:
// a New York restaurant closed on Monday morning takes an order for Tuesday 12:30 with tax added,
// the board holds it in "Later" until 12:15 (its start: the pickup minus the estimate), and a
// pause tapped on the board reaches an open menu within 2 s. On SQLite and on MongoDB.
import { describe, expect, it } from 'vitest';
import type { RestaurantInfo } from '../../src/contract/restaurant.js';
import {
  chromiumIsAvailable,
  openKitchenBoard,
  registerDora,
  saveScreenshot,
  seriousAccessibilityViolations,
  signInAsStaff,
  useChromium,
  watchConsole,
} from '../support/browser.js';
import { aClock } from '../support/clock.js';
import { addAccount, signedInStaff } from '../support/customers.js';
import { NEW_YORK_PROFILE } from '../support/factories.js';
import { startSandboxApp } from '../support/sandbox-app.js';
import { createTestDatabase, testMongoUri } from '../support/test-store.js';

const PROFILE = NEW_YORK_PROFILE;

/** Monday 7 December 2026, 10:00 in New York. */
const MONDAY_MORNING = Date.parse('2026-12-07T15:00:00Z');
const MINUTE = 60_000;

async function restaurant(start: number, database?: Awaited<ReturnType<typeof createTestDatabase>>) {
  const clock = aClock(start);
  const app = await startSandboxApp({
    now: clock.now,
    env: { TIME_ZONE: 'America/New_York' },
    ...(database ? { database } : {}),
  });
  const admin = await signedInStaff(app, 'admin');
  expect((await admin.put('/api/staff/restaurant', PROFILE)).status).toBe(200);
  await addAccount(app.store, { username: 'chef', phone: '15556660999', role: 'staff' });
  return { ...app, clock };
}

describe.skipIf(!chromiumIsAvailable())('pickup in the browser', () => {
  const { openPage } = useChromium();

  for (const mongo of [false, true]) {
    it.skipIf(mongo && !testMongoUri())(
      `takes an order for tomorrow 12:30 while closed, with tax, and starts it from "Later" at 12:15 (${mongo ? 'MongoDB' : 'SQLite'})`,
      async () => {
        const database = await createTestDatabase(mongo ? 'mongodb' : 'sqlite');
        try {
          const app = await restaurant(MONDAY_MORNING, database);
          const phone = await openPage({
            viewport: { width: 390, height: 844 },
            isMobile: true,
            hasTouch: true,
          });
          const problems = watchConsole(phone);
          await registerDora(phone, app);

          // Closed on Monday: the menu says when it opens, and that a later pickup can be ordered.
          await phone
            .getByTestId('restaurant-state')
            .getByText(/Closed — opens Tuesday 11:00\sAM\. You can order now for a later pickup\./)
            .waitFor();
          if (!mongo) await saveScreenshot(phone, 'menu-closed-phone.png');
          await phone.getByRole('button', { name: 'Add Hamburger to the cart' }).click();
          await phone.getByRole('button', { name: 'Add Soda to the cart' }).click();
          await phone.getByRole('button', { name: 'Add Soda to the cart' }).click();
          await phone.goto(`${app.baseUrl}/website/checkout`);

          // Only a scheduled pickup can be chosen; 8.875 % tax is added: $13.93 + $1.24 = $15.17.
          await phone.getByTestId('pickup-time').waitFor();
          expect(await phone.getByRole('radio', { name: /As soon as possible/ }).isDisabled()).toBe(true);
          expect(await phone.getByRole('radio', { name: 'Schedule for later' }).isChecked()).toBe(true);
          expect(await phone.getByTestId('pickup-day').locator('option:checked').textContent()).toMatch(
            /Tuesday, Dec 8/,
          );
          await phone.getByTestId('pickup-time').selectOption({ label: '12:30 PM' });
          expect(await phone.getByTestId('checkout-subtotal').textContent()).toBe('$13.93');
          expect(await phone.getByTestId('checkout-tax').textContent()).toBe('$1.24');
          expect((await phone.getByTestId('checkout-total').textContent())?.trim()).toBe('$15.17');
          expect(await phone.getByTestId('checkout-payment').textContent()).toContain(
            'Pay at pickup — total $15.17',
          );
          await phone.getByLabel('Note for the kitchen').fill('Extra napkins');
          expect(await seriousAccessibilityViolations(phone)).toEqual([]);
          if (!mongo) await saveScreenshot(phone, 'checkout-scheduled-phone.png');
          await phone.getByRole('button', { name: /Place order · \$15\.17/ }).click();
          await phone.waitForURL(/\/website\/orders\/[0-9a-f]{24}$/);
          const number = (await phone.getByTestId('order-number').textContent())?.replace('#', '') ?? '';
          expect(await phone.getByTestId('order-pickup').textContent()).toBe('Pickup Tuesday 12:30 PM');
          expect((await phone.getByTestId('order-total').textContent())?.trim()).toBe('$15.17');
          expect(await phone.getByTestId('order-payment').textContent()).toContain(
            'Pay at pickup — total $15.17',
          );
          if (!mongo) await saveScreenshot(phone, 'order-scheduled-phone.png');

          // The confirmation text says when, what to pay, and how to say you are here.
          await expect
            .poll(
              () => app.sandbox.simulator.sent({ to: '15556661234' }).find((m) => m.kind === 'message')?.text,
              {
                timeout: 5000,
              },
            )
            .toBe(
              `Von Appétit: order #${number} received, for pickup Tue Dec 8 12:30 PM. Pay at pickup, total $15.17. Reply HERE when you arrive.`,
            );

          // The board holds it in "Later" until its start.
          const board = await openPage({ viewport: { width: 1366, height: 1024 }, reducedMotion: 'reduce' });
          await openKitchenBoard(board, app, { username: 'chef', phone: '15556660999' });
          const later = board.getByRole('region', { name: /Later/ });
          await later.getByRole('listitem', { name: `Scheduled order ${number} for dora` }).waitFor();
          expect(await later.textContent()).toContain('Start Tuesday 12:15 PM');
          expect(await board.getByRole('article', { name: `Order ${number} for dora` }).count()).toBe(0);
          if (!mongo) await saveScreenshot(board, 'kitchen-board-later.png');

          // Tuesday 12:14: still later. 12:15: on the board, announced like a new order.
          app.clock.advance(26 * 60 * MINUTE + 14 * MINUTE);
          await board.waitForTimeout(3000);
          expect(await board.getByRole('article', { name: `Order ${number} for dora` }).count()).toBe(0);
          app.clock.advance(MINUTE);
          const ticket = board.getByRole('article', { name: `Order ${number} for dora` });
          await ticket.waitFor({ timeout: 5000 });
          expect(await ticket.getByTestId(`ticket-status-${number}`).textContent()).toMatch(/^New/);
          expect(await ticket.textContent()).toContain('Pickup 12:30 PM');
          expect(await ticket.textContent()).toContain('Extra napkins');
          await board.getByTestId('new-order-alert').getByText(`#${number}`).waitFor();
          expect(problems).toEqual([]);
        } finally {
          await database.drop();
        }
      },
    );
  }

  it('shows a pause tapped on the board on an open menu within 2 s, and holds checkout', async () => {
    // Tuesday 12:00 in New York: open.
    const app = await restaurant(Date.parse('2026-12-08T17:00:00Z'));
    const phone = await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await registerDora(phone, app);
    await phone
      .getByTestId('restaurant-state')
      .getByText(/^Open now · closes 2:00\sPM · ready in about 15 min$/)
      .waitFor();
    await phone.getByRole('button', { name: 'Add Hamburger to the cart' }).click();

    const board = await openPage({ viewport: { width: 1366, height: 1024 }, reducedMotion: 'reduce' });
    await openKitchenBoard(board, app, { username: 'chef', phone: '15556660999' });
    await board.getByRole('button', { name: 'Pause online orders' }).click();
    const tapped = Date.now();
    await phone
      .getByTestId('restaurant-state')
      .getByText(/Online orders are paused/)
      .waitFor({ timeout: 2000 });
    expect(Date.now() - tapped).toBeLessThan(2000);
    await saveScreenshot(phone, 'menu-paused-phone.png');
    await saveScreenshot(board, 'kitchen-board-paused.png');

    await phone.goto(`${app.baseUrl}/website/checkout`);
    await phone.getByTestId('checkout-paused').waitFor();
    expect(await phone.getByRole('button', { name: /Place order/ }).isDisabled()).toBe(true);

    // Resumed: the customer can order again, for as soon as possible.
    await board.getByRole('button', { name: 'Resume online orders' }).click();
    await phone.getByTestId('checkout-estimate').waitFor({ timeout: 2000 });
    await phone.getByRole('button', { name: /Place order/ }).click();
    await phone.waitForURL(/\/website\/orders\/[0-9a-f]{24}$/);
    expect(await phone.getByTestId('order-pickup').textContent()).toMatch(/^Ready around 12:15\sPM$/);
  });

  it('puts a "HERE" replied from the dev inbox on the open board within 1 s, and a later time on the phone', async () => {
    const app = await restaurant(Date.parse('2026-12-08T17:00:00Z'));
    const phone = await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await registerDora(phone, app);
    await phone.getByRole('button', { name: 'Add Hamburger to the cart' }).click();
    await phone.goto(`${app.baseUrl}/website/checkout`);
    await phone.getByTestId('checkout-estimate').waitFor();
    await phone.getByRole('button', { name: /Place order/ }).click();
    await phone.waitForURL(/\/website\/orders\/[0-9a-f]{24}$/);
    const number = (await phone.getByTestId('order-number').textContent())?.replace('#', '') ?? '';

    const board = await openPage({ viewport: { width: 1366, height: 1024 }, reducedMotion: 'reduce' });
    const boardProblems = watchConsole(board);
    await openKitchenBoard(board, app, { username: 'chef', phone: '15556660999' });
    await board.getByRole('article', { name: `Order ${number} for dora` }).waitFor();

    const inbox = await openPage({ viewport: { width: 1280, height: 900 } });
    await inbox.goto(`${app.baseUrl}/dev/inbox`);
    const thread = inbox.getByRole('region', { name: 'Texts to +15556661234' });
    await thread.getByText(/Reply HERE when you arrive\./).waitFor();
    expect(await thread.getByLabel('Reply from +15556661234').inputValue()).toBe('HERE');
    await thread.getByRole('button', { name: 'Send reply' }).click();
    const sent = Date.now();
    await board.getByTestId(`ticket-arrived-${number}`).waitFor({ timeout: 1000 });
    expect(Date.now() - sent).toBeLessThan(1000);
    await board.getByTestId('help-alert').getByText(`dora is here (order #${number})`).waitFor();

    // The cook pushes the ready time back ten minutes: the customer's page follows live.
    expect(await phone.getByTestId('order-pickup').textContent()).toMatch(/^Ready around 12:15\sPM$/);
    await board.getByLabel(`More for order ${number}`).click();
    await board.getByRole('button', { name: `+10 min to the ready time of order ${number}` }).click();
    await phone
      .getByTestId('order-pickup')
      .getByText(/^Ready around 12:25\sPM$/)
      .waitFor({ timeout: 2000 });
    await thread.getByText('Your reply').waitFor();
    await saveScreenshot(board, 'kitchen-board-arrival.png');
    await saveScreenshot(inbox, 'dev-inbox-reply.png');
    expect(boardProblems).toEqual([]);
  });

  it('lets the owner set the hours, a holiday and the tax in Settings, and the menu follows', async () => {
    // Monday 10:00 in New York, before any profile: open round the clock, no tax.
    const clock = aClock(MONDAY_MORNING);
    const app = await startSandboxApp({ now: clock.now, env: { TIME_ZONE: 'America/New_York' } });
    await addAccount(app.store, { username: 'owner', phone: '15556660998', role: 'admin' });
    const page = await openPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    await signInAsStaff(page, app, { username: 'owner', phone: '15556660998' });
    await page.goto(`${app.baseUrl}/staff/settings`);
    const form = page.getByRole('region', { name: 'The restaurant' });
    await form.getByLabel('Address').fill('123 Vonage Street, New York, NY 10001');
    await form.getByLabel('Monday').fill('');
    await form.getByLabel('Tuesday').fill('11:00-14:00, 17:00-22:00');
    await form.getByLabel('Wednesday').fill('11 to 2');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.getByText('Write hours as 11:00-14:00, 17:00-22:00 (Wednesday).').waitFor();
    await form.getByLabel('Wednesday').fill('11:00-22:00');
    await form.getByRole('button', { name: 'Add a date' }).click();
    await form.getByLabel('Date').fill('2026-12-25');
    await form.getByLabel('Why (optional)').fill('Christmas Day');
    await form.getByLabel('Tax rate (%)').fill('8.875');
    await form.getByLabel('Last orders (minutes before closing)').fill('30');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.getByText('Saved: customers see the new hours and prices at once.').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'staff-settings-restaurant.png');

    const info = (await (await fetch(`${app.baseUrl}/api/restaurant`)).json()) as RestaurantInfo;
    expect(info.hours?.weekly).toMatchObject({
      mon: [],
      tue: [
        { opens: '11:00', closes: '14:00' },
        { opens: '17:00', closes: '22:00' },
      ],
      wed: [{ opens: '11:00', closes: '22:00' }],
    });
    expect(info.hours?.exceptions).toEqual([{ date: '2026-12-25', ranges: [], label: 'Christmas Day' }]);
    expect(info.tax).toEqual({ rateBps: 887.5, included: false });
    expect(info.now).toMatchObject({ open: false, nextOpening: '2026-12-08T16:00:00.000Z' });
  });
});
