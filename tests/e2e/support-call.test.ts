// A support video call end to end, offline: the customer starts it from the order page, the
// kitchen board raises the alert, the cook joins, both browsers receive the other's video (a
// synthetic camera), and hanging up ends it on both sides and leaves it in the order's history.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Order } from '../../src/contract/orders.js';
import { ApiClient } from '../support/api-client.js';
import {
  chromiumIsAvailable,
  saveScreenshot,
  seriousAccessibilityViolations,
  openKitchenBoard,
  useChromium,
  watchConsole,
} from '../support/browser.js';
import { addAccount, codeFor, STRONG_PASSWORD } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const HAMBURGER = '5eed00000000000000000001';
/** A name the original app could have stored: markup that must stay text. */
const MARKUP_NAME = '<b>bob</b><img src=x onerror=alert(1)>';

type App = Awaited<ReturnType<typeof startSandboxApp>>;

/** A customer account added as the original app would have, signed in through the API. */
async function signedInCustomer(app: App, username: string, phone: string): Promise<ApiClient> {
  await addAccount(app.store, { username, phone, role: 'customer' });
  const client = new ApiClient(app.baseUrl);
  await client.post('/api/website/authenticate', { username, password: STRONG_PASSWORD });
  const verified = await client.post('/api/website/authenticate/verify', {
    tfaPin: codeFor(app.sandbox.simulator, phone),
  });
  expect(verified.status).toBe(200);
  return client;
}

/** Whether a box's video plays the other side's picture (a frame decoded, a real size). */
function playingVideo(box: Locator): Promise<boolean> {
  return box
    .locator('video')
    .evaluate(
      (video: { paused: boolean; readyState: number; videoWidth: number; videoHeight: number }) =>
        !video.paused && video.readyState >= 2 && video.videoWidth > 0 && video.videoHeight > 0,
    )
    .catch(() => false);
}

async function openAsCustomer(page: Page, app: App, client: ApiClient, path: string): Promise<void> {
  const sid = client.sessionCookie;
  if (!sid) throw new Error('the customer has no session');
  await page.context().addCookies([{ name: 'sid', value: sid, url: app.baseUrl }]);
  await page.goto(`${app.baseUrl}${path}`);
}

describe.skipIf(!chromiumIsAvailable())('a support video call', () => {
  const { openPage } = useChromium({ fakeMedia: true });

  it('connects the customer and the cook with video both ways, and ends for both on hang-up', async () => {
    const app = await startSandboxApp();
    await addAccount(app.store, { username: 'chef', phone: '15556660980', role: 'staff' });
    const chef = await app.store.users.findByUsername({ username: 'chef' });
    await app.store.users.update({ id: chef?.id ?? '', changes: { displayName: 'Sam' }, at: new Date() });
    const dora = await signedInCustomer(app, 'dora', '15556661240');
    const order = Order.parse((await dora.order([{ id: HAMBURGER, quantity: 1 }])).body);

    const board = await openPage({ viewport: { width: 1366, height: 1024 }, reducedMotion: 'reduce' });
    const boardProblems = watchConsole(board);
    await openKitchenBoard(board, app, { username: 'chef', phone: '15556660980' });

    const customer = await openPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const customerProblems = watchConsole(customer);
    await openAsCustomer(customer, app, dora, `/website/orders/${order.id}`);
    await customer.getByRole('button', { name: 'Video call with the kitchen' }).click();
    const customerCall = customer.getByRole('region', { name: 'Video call' });
    await customerCall.getByText('Waiting for the kitchen to join…').waitFor();

    // The board raises the alert, and the ticket says it too.
    await board.getByTestId('help-alert').getByText(`dora needs help with order #${order.number}`).waitFor();
    await board.getByTestId(`ticket-help-${order.number}`).getByText('Video call asked for').waitFor();
    expect(await seriousAccessibilityViolations(board)).toEqual([]);
    await board
      .getByTestId(`help-${order.number}`)
      .getByRole('button', { name: `Join the call about order ${order.number}` })
      .click();
    const boardCall = board.getByRole('region', { name: 'Video call' });

    // Both sides receive the other's video.
    await expect
      .poll(() => playingVideo(boardCall.getByTestId('remote-video')), { timeout: 15_000 })
      .toBe(true);
    await expect
      .poll(() => playingVideo(customerCall.getByTestId('remote-video')), { timeout: 15_000 })
      .toBe(true);
    await customerCall.getByText('Connected with the kitchen.').waitFor();
    await boardCall.getByText('Connected with dora.').waitFor();
    await saveScreenshot(customer, 'support-call-phone.png');
    await saveScreenshot(board, 'support-call-board.png');
    expect(await seriousAccessibilityViolations(customer)).toEqual([]);

    await customerCall.getByRole('button', { name: 'Mute' }).click();
    await customerCall.getByRole('button', { name: 'Unmute' }).waitFor();

    // The customer hangs up: the call ends on both sides and stays in the order's history.
    await customerCall.getByRole('button', { name: 'Hang up' }).click();
    await boardCall.waitFor({ state: 'detached' });
    await board.getByTestId(`help-${order.number}`).waitFor({ state: 'detached' });
    const history = customer.getByRole('list', { name: 'Call history' });
    // The customer knows the cook by the name the cook chose, never by the login.
    await history.getByText(/Video call asked for at .*, joined by Sam at .*, ended by you at/).waitFor();
    const stored = await app.store.orders.get({ id: order.id });
    expect(stored?.calls).toEqual([
      expect.objectContaining({ state: 'ended', joinedBy: 'chef', joinedByName: 'Sam', endedBy: 'customer' }),
    ]);
    expect(boardProblems).toEqual([]);
    expect(customerProblems).toEqual([]);
  });

  it('shows a name made of markup as text in the alert', async () => {
    const app = await startSandboxApp();
    await addAccount(app.store, { username: 'chef', phone: '15556660981', role: 'staff' });
    const board = await openPage({ viewport: { width: 1366, height: 1024 } });
    const problems = watchConsole(board);
    await openKitchenBoard(board, app, { username: 'chef', phone: '15556660981' });

    const bob = await signedInCustomer(app, MARKUP_NAME, '15556661241');
    const order = Order.parse((await bob.order([{ id: HAMBURGER, quantity: 1 }])).body);
    expect((await bob.post(`/api/website/orders/${order.id}/call`, {})).status).toBe(201);

    const alert = board.getByTestId('help-alert');
    await alert.getByText(`${MARKUP_NAME} needs help with order #${order.number}`).waitFor();
    expect(await alert.locator('img, b').count()).toBe(0);
    expect(await board.getByTestId(`help-${order.number}`).locator('img').count()).toBe(0);
    expect(problems).toEqual([]); // no alert() dialog ran
  });
});
