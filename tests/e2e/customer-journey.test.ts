// The article's customer journey in Chromium, on SQLite and on MongoDB: register with
// 15556661234, read the code in the dev inbox, order a Hamburger and two Sodas, watch the order
// page update live, and find the confirmation text in the inbox.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { presentOrder } from '../../src/server/http/presenters.js';
import type { Store } from '../../src/server/ports/store.js';
import {
  chromiumIsAvailable,
  saveScreenshot,
  seriousAccessibilityViolations,
  useChromium,
  watchConsole,
} from '../support/browser.js';
import { STRONG_PASSWORD } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';
import { createTestDatabase, testMongoUri } from '../support/test-store.js';

/** What the kitchen will do from its board: move the order on, telling the customer's streams. */
async function kitchenMoves(store: Store, orderId: string, status: 'preparing' | 'ready'): Promise<void> {
  const order = await store.orders.get({ id: orderId });
  if (!order) throw new Error('no such order');
  const at = new Date();
  const moved = {
    ...order,
    status,
    statusHistory: [...order.statusHistory, { status, at }],
    lastUpdated: at,
  };
  expect(await store.orders.update({ order: moved, expectedVersion: order.version })).not.toBeNull();
  await store.events.append({
    events: [{ topic: 'order', userId: order.userId, at, payload: presentOrder(moved) }],
  });
}

/** Waits for `next`; a form that shows an error instead fails the test with that error's words. */
async function arrivesOrSaysWhyNot(page: Page, next: Locator): Promise<void> {
  const alert = page.getByRole('alert');
  await Promise.race([next.waitFor(), alert.waitFor()]);
  if (await alert.isVisible()) {
    // The whole form, field messages included, says what the server refused.
    expect(await page.locator('form').innerText()).toBe('(no error)');
  }
}

async function codeFromInbox(page: Page, baseUrl: string, phone: string): Promise<string> {
  await page.goto(`${baseUrl}/dev/inbox`);
  const section = page.getByRole('region', { name: `Texts to +${phone}` });
  const code = section.getByLabel(/^Code \d{6}$/).first();
  await code.waitFor();
  return (await code.textContent())?.trim() ?? '';
}

const stores: { name: string; mongo: boolean }[] = [
  { name: 'SQLite', mongo: false },
  { name: 'MongoDB', mongo: true },
];

describe.skipIf(!chromiumIsAvailable())('the customer journey in the browser', () => {
  const { openPage } = useChromium();

  for (const { name, mongo } of stores) {
    it.skipIf(mongo && !testMongoUri())(`runs the article's steps end to end on ${name}`, async () => {
      const database = await createTestDatabase(mongo ? 'mongodb' : 'sqlite');
      try {
        const { baseUrl, store } = await startSandboxApp({ database });
        // Reduced motion: the cart panel is checked for contrast as it stands, not mid-slide.
        const page = await openPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
        const inbox = await openPage({ viewport: { width: 1000, height: 900 } });
        const problems = watchConsole(page);
        const shoot = async (file: string) => {
          if (mongo) return;
          await saveScreenshot(page, file);
        };

        // Register, as the article does, with 15556661234.
        await page.goto(`${baseUrl}/website/order`);
        await page.getByRole('link', { name: 'Sign in' }).click();
        await page.getByRole('link', { name: 'Create an account' }).click();
        // The sign-in page has fields of the same names: fill only once the new page is there.
        await page.getByRole('heading', { name: 'Create your account' }).waitFor();
        await page.getByLabel('Username or email').fill('alice@example.com');
        await page.getByLabel('Password').fill(STRONG_PASSWORD);
        await page.getByLabel('Mobile number').fill('15556661234');
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
        await shoot('register.png');
        await page.getByRole('button', { name: 'Create account' }).click();

        // The code arrives in the dev phone inbox.
        await arrivesOrSaysWhyNot(page, page.getByRole('heading', { name: 'Prove your number' }));
        expect(await page.getByText('•••• 34').isVisible()).toBe(true);
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
        await shoot('verify-code.png');
        const code = await codeFromInbox(inbox, baseUrl, '15556661234');
        await page.getByLabel('Code').fill(code);
        await page.getByRole('button', { name: 'Confirm my number' }).click();

        // Back on the menu, signed in.
        await page.waitForURL(`${baseUrl}/website/order`);
        await page.getByTestId('signed-in-as').getByText('alice@example.com').waitFor();
        await page.getByRole('button', { name: 'Add Hamburger to the cart' }).click();
        await page.getByRole('button', { name: 'Add Soda to the cart' }).click();
        await page.getByRole('button', { name: 'Add Soda to the cart' }).click();
        expect(await page.getByTestId('cart-count').textContent()).toBe('3');

        // The cart survives a reload; nothing secret sits in web storage or readable cookies.
        await page.reload();
        await page.getByRole('button', { name: 'Cart, 3 items' }).waitFor();
        const storage = await page.evaluate<string>('JSON.stringify({ ...localStorage, ...sessionStorage })');
        expect(storage).not.toMatch(/sid|csrf|token|password/i);
        expect(await page.evaluate<string>('document.cookie')).toBe('');

        await page.getByRole('button', { name: 'Cart, 3 items' }).click();
        const cart = page.getByRole('dialog', { name: 'Your cart' });
        await cart.getByText('$13.93').waitFor();
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
        await shoot('cart.png');
        await cart.getByRole('button', { name: 'Check out' }).click();

        // Confirm: the total, then the order.
        await page.waitForURL(`${baseUrl}/website/checkout`);
        expect(await page.getByTestId('checkout-total').textContent()).toBe('$13.93');
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
        await page.getByRole('button', { name: /Place order/ }).click();

        // The live status page.
        await page.waitForURL(/\/website\/orders\/[0-9a-f]{24}$/);
        const orderId = page.url().split('/').pop() ?? '';
        await page.getByText('Live updates on').waitFor();
        expect(await page.getByTestId('order-total').textContent()).toBe('$13.93');
        expect(await page.getByTestId('order-status').textContent()).toBe('received');
        const number = (await page.getByTestId('order-number').textContent())?.replace('#', '');
        await page.getByText('Confirmation text delivered').waitFor();

        await kitchenMoves(store, orderId, 'preparing');
        await page.getByTestId('order-status').getByText('preparing').waitFor();
        expect(await page.locator('[aria-current="step"]').textContent()).toContain('Preparing');
        expect(await page.getByTestId('sms-state').textContent()).toContain('Confirmation text delivered');
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
        await shoot('order-status.png');

        // The confirmation text is in the inbox.
        await inbox.goto(`${baseUrl}/dev/inbox`);
        await inbox
          .getByText(
            new RegExp(
              `Von Appétit: order #${number} received, ready around .*Pay at pickup, total \\$13\\.93`,
            ),
          )
          .waitFor();

        // History, reorder, sign out.
        await page.getByRole('link', { name: 'All my orders' }).click();
        await page.getByRole('heading', { name: `Order #${number}` }).waitFor();
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
        await shoot('order-history.png');
        await page.getByRole('button', { name: /Order again/ }).click();
        await page.getByRole('dialog', { name: 'Your cart' }).getByText('$13.93').waitFor();
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: /Account of|alice@example.com/ }).click();
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByRole('link', { name: 'Sign in' }).waitFor();
        await page.goto(`${baseUrl}/website/orders`);
        await page.waitForURL(/\/website\/login\?redirect=/);

        expect(problems).toEqual([]);
      } finally {
        await database.drop();
      }
    });
  }

  it('shows markup typed into names as text, never running it (R14, A4, RT5)', async () => {
    const { baseUrl, store, sandbox } = await startSandboxApp();
    const page = await openPage();
    const problems = watchConsole(page);
    await store.menu.add({
      item: {
        name: '<img src=x onerror=alert(1)>',
        price: 500,
        description: '{{constructor.constructor("alert(2)")()}}',
        category: '',
        available: true,
        position: 9,
        options: [],
        tags: [],
        allergens: [],
      },
      at: new Date(),
    });
    // A username made of markup is refused by the username rules, with a message.
    await page.goto(`${baseUrl}/website/register`);
    await page.getByLabel('Username or email').fill('<img src=x onerror=alert(1)>');
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByLabel('Mobile number').fill('15556660001');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Use 3 to 64 letters, digits or . _ @ + - (an email address is fine).').waitFor();

    // Register properly, then order the dish whose name is markup.
    await page.getByLabel('Username or email').fill('bob@example.com');
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Prove your number' }).waitFor();
    await page.getByLabel('Code').fill(sandbox.simulator.lastCode('15556660001') ?? '');
    await page.getByRole('button', { name: 'Confirm my number' }).click();
    await page.waitForURL(`${baseUrl}/website/order`);
    const card = page.locator('article').filter({ hasText: '<img src=x onerror=alert(1)>' });
    await card.waitFor();
    expect(await card.getByText('{{constructor.constructor("alert(2)")()}}').isVisible()).toBe(true);
    await card.getByRole('button', { name: /Add/ }).click();
    await page.getByRole('button', { name: 'Cart, 1 item' }).click();
    await page.getByRole('dialog', { name: 'Your cart' }).getByRole('button', { name: 'Check out' }).click();
    await page.getByRole('button', { name: /Place order/ }).click();
    await page.waitForURL(/\/website\/orders\/[0-9a-f]{24}$/);
    await page.getByRole('cell', { name: '<img src=x onerror=alert(1)>' }).waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
