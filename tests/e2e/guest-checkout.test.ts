// A first-time customer on a phone orders as a guest: a name and a number on the checkout page,
// the texted code on a second screen, and the order is in. The confirmation text links to the
// order; opened in another browser, the link shows it live — and another order's link, or a
// guessed one, shows nothing.
import { describe, expect, it } from 'vitest';
import {
  chromiumIsAvailable,
  saveScreenshot,
  seriousAccessibilityViolations,
  useChromium,
  waitForCode,
  watchConsole,
} from '../support/browser.js';
import { ApiClient } from '../support/api-client.js';
import { signedInStaff } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe.skipIf(!chromiumIsAvailable())('ordering as a guest', () => {
  const { openPage } = useChromium();

  it('takes a name, a number and a code in two screens; the texted link shows the order live', async () => {
    const app = await startSandboxApp();
    const page = await openPage(PHONE);
    const problems = watchConsole(page);
    await page.goto(`${app.baseUrl}/website/order`);
    await page.getByRole('button', { name: 'Add Hamburger to the cart' }).click();
    await page.getByRole('button', { name: 'Cart, 1 item' }).click();
    await page.getByRole('dialog', { name: 'Your cart' }).getByRole('button', { name: 'Check out' }).click();

    // Screen 1: the order, the pickup time, and the guest's name and number.
    const details = page.getByRole('group', { name: 'Your details' });
    await details.waitFor();
    await details.getByLabel('Your name').fill('Sam Rivera');
    await details.getByLabel('Mobile number').fill('15556667777');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'guest-checkout-phone.png');
    await page.getByRole('button', { name: /^Continue/ }).click();

    // Screen 2: the code, which places the order.
    await page.getByRole('heading', { name: 'Enter the code we texted you' }).waitFor();
    await page
      .getByLabel('Code', { exact: true })
      .fill(await waitForCode(app.sandbox.simulator, '15556667777'));
    await page.getByRole('button', { name: /^Confirm and place order/ }).click();
    await page.waitForURL(/\/website\/orders\/[0-9a-f]{24}$/);
    await page.getByText('For Sam Rivera').waitFor();
    await page.getByRole('heading', { name: 'Keep your orders for next time' }).waitFor();
    const orderId = page.url().split('/').at(-1) ?? '';

    // The confirmation text carries the private link; a fresh browser opens it.
    const confirmation = () =>
      app.sandbox.simulator.sent({ to: '15556667777' }).find((m) => m.kind === 'message')?.text ?? '';
    await expect.poll(confirmation, { timeout: 5000 }).toMatch(/Follow it: /);
    const link = /Follow it: (\S+)/.exec(confirmation())?.[1] ?? '';
    const elsewhere = await openPage(PHONE);
    const elsewhereProblems = watchConsole(elsewhere);
    await elsewhere.goto(link);
    await elsewhere.getByText('For Sam Rivera').waitFor();
    await elsewhere.getByTestId('order-status').getByText('received').waitFor();
    // The kitchen starts it: the page follows.
    const kitchen = await signedInStaff(app);
    const order = await app.store.orders.get({ id: orderId });
    await kitchen.post(`/api/staff/orders/${orderId}/status`, {
      move: 'advance',
      version: order?.statusVersion ?? 0,
    });
    await elsewhere.getByTestId('order-status').getByText('preparing').waitFor({ timeout: 15_000 });
    await saveScreenshot(elsewhere, 'guest-private-link-phone.png');
    expect(await seriousAccessibilityViolations(elsewhere)).toEqual([]);

    // A guessed link, or one altered by a character, shows nothing.
    const secret = link.split('/').at(-1) ?? '';
    for (const guess of [`${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`, 'A'.repeat(22)]) {
      await elsewhere.goto(`${app.baseUrl}/website/track/${guess}`);
      await elsewhere.getByRole('heading', { name: 'This link does not lead to an order' }).waitFor();
      expect(await elsewhere.getByText('Sam Rivera').count()).toBe(0);
    }
    // Nor does the API give another order for it.
    expect((await new ApiClient(app.baseUrl).get(`/api/track/${'B'.repeat(22)}`)).status).toBe(404);
    expect([...problems, ...elsewhereProblems]).toEqual([]);
  });
});
