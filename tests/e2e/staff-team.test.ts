// The staff side as its people use it: an admin invites a cook, who joins from the texted link
// on a phone; the admin disables the cook; the admin sets the ticket timers; and a cook works the
// board with the keyboard alone.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/server/domain/user.js';
import {
  chromiumIsAvailable,
  saveScreenshot,
  seriousAccessibilityViolations,
  openKitchenBoard,
  signInAsStaff,
  useChromium,
  watchConsole,
} from '../support/browser.js';
import { addAccount, STRONG_PASSWORD } from '../support/customers.js';
import { anOrder } from '../support/factories.js';
import { startSandboxApp } from '../support/sandbox-app.js';

type App = Awaited<ReturnType<typeof startSandboxApp>>;

const addStaff = (app: App, username: string, phone: string, role: Role) =>
  addAccount(app.store, { username, phone, role });

/** The page's DOM, as far as these checks read it (the tests compile without the DOM's types). */
interface InPage {
  ownerDocument: {
    activeElement: unknown;
    defaultView: { getComputedStyle(element: unknown): { outlineStyle: string } } | null;
  };
}

const isFocused = (target: Locator) =>
  target.evaluate((element: InPage) => element.ownerDocument.activeElement === element);
const outlineOf = (target: Locator) =>
  target.evaluate(
    (element: InPage) => element.ownerDocument.defaultView?.getComputedStyle(element).outlineStyle,
  );

/** Presses Tab until `target` has the focus (as a keyboard user would), and checks it shows. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 60; presses += 1) {
    if ((await target.count()) === 1 && (await isFocused(target))) {
      const outline = await outlineOf(target);
      expect(outline, 'a focused control shows a focus ring').not.toBe('none');
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

describe.skipIf(!chromiumIsAvailable())('the staff side', () => {
  const { openPage } = useChromium();

  it('invites a cook who joins from the texted link on a phone; disabling signs the cook out', async () => {
    const app = await startSandboxApp();
    const { baseUrl, sandbox } = app;
    await addStaff(app, 'owner', '15556660990', 'admin');
    const admin = await openPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const adminProblems = watchConsole(admin);
    await signInAsStaff(admin, { baseUrl, sandbox }, { username: 'owner', phone: '15556660990' });
    await admin.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Team' }).click();
    await admin.getByRole('heading', { name: 'Invite someone' }).waitFor();
    await admin.getByLabel('Username').fill('Sam.Grill');
    await admin.getByLabel('Mobile number').fill('+1 555 666 0991');
    await admin.getByLabel('Kitchen (the board only)').check();
    await admin.getByRole('button', { name: 'Send invitation' }).click();
    const sent = admin.getByRole('status', { name: 'Invitation sent' });
    await sent.getByText('Invitation texted to').waitFor();
    const link = await sent.getByLabel('Invitation link').inputValue();
    const member = admin.getByRole('article', { name: 'sam.grill' });
    await member.getByText('Invited', { exact: true }).waitFor();
    expect(await seriousAccessibilityViolations(admin)).toEqual([]);
    await saveScreenshot(admin, 'staff-team.png');

    // The cook's phone: the text carries the same link.
    const phone = await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phoneProblems = watchConsole(phone);
    const [text] = sandbox.simulator.sent({ to: '15556660991' });
    expect(text?.text).toContain(link);
    await phone.goto(link);
    await phone.getByRole('heading', { name: 'Join the team' }).waitFor();
    expect(phone.url()).toBe(`${baseUrl}/staff/invite`); // the secret left the address bar
    await phone.getByLabel('New password').fill('grill marks all day long');
    await phone.getByLabel('The same password again').fill('grill marks all day long');
    await phone.getByLabel('Your name for customers (optional)').fill('Sam');
    expect(await seriousAccessibilityViolations(phone)).toEqual([]);
    await saveScreenshot(phone, 'staff-invite-phone.png');
    await phone.getByRole('button', { name: 'Set my password' }).click();
    await phone.getByText('Your password is set. Sign in as sam.grill').waitFor();
    await phone.getByRole('link', { name: 'Go to staff sign-in' }).click();
    await openKitchenBoard(
      phone,
      { baseUrl, sandbox },
      { username: 'sam.grill', phone: '15556660991', password: 'grill marks all day long' },
    );
    // On a phone the board is one column, readable without zooming or scrolling sideways.
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await seriousAccessibilityViolations(phone)).toEqual([]);
    await saveScreenshot(phone, 'kitchen-board-phone.png');
    await phone.getByRole('button', { name: 'Staff menu' }).click();
    await phone.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Kitchen' }).waitFor();
    expect(await phone.getByRole('link', { name: 'Team' }).count()).toBe(0); // admins only
    // The cook's own profile: the name customers see, chosen at the invitation, changed here.
    await phone.getByRole('link', { name: 'Your profile' }).click();
    const shownName = phone.getByLabel('Your name for customers');
    await expect.poll(() => shownName.inputValue()).toBe('Sam');
    await shownName.fill('Sam from the grill');
    await phone.getByRole('button', { name: 'Save name' }).click();
    await phone.getByText('Saved: customers now see you as “Sam from the grill”.').waitFor();
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await seriousAccessibilityViolations(phone)).toEqual([]);
    await saveScreenshot(phone, 'staff-profile-phone.png');

    await admin.reload();
    await member.getByText('Active', { exact: true }).waitFor();
    await member.getByRole('button', { name: 'Disable' }).click();
    await admin.getByText('sam.grill is disabled and signed out everywhere.').waitFor();
    await member.getByText('Disabled', { exact: true }).waitFor();
    await phone.reload();
    await phone.waitForURL(`${baseUrl}/staff/login`);
    expect(adminProblems).toEqual([]);
    expect(phoneProblems).toEqual([]);
  });

  it('lets a cook work the board with the keyboard alone, timers coloured as the admin set them', async () => {
    const app = await startSandboxApp();
    const { baseUrl, sandbox, store } = app;
    await addStaff(app, 'owner', '15556660992', 'admin');
    await addStaff(app, 'chef', '15556660993', 'staff');
    const customer = await store.users.add({
      user: {
        username: 'dora',
        phone: '+15556661230',
        passwordHash: '',
        role: 'customer',
        phoneVerifiedAt: new Date(),
      },
      at: new Date(),
    });
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    await store.orders.add({
      order: anOrder(customer.id, { number: '7', customerName: 'dora', orderTime: minutesAgo(15) }),
    });
    await store.orders.add({
      order: anOrder(customer.id, { number: '8', customerName: 'dora', orderTime: minutesAgo(1) }),
    });

    // The admin makes tickets amber after 5 minutes and red after 12.
    const admin = await openPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    await signInAsStaff(admin, { baseUrl, sandbox }, { username: 'owner', phone: '15556660992' });
    await admin.getByRole('link', { name: 'Settings' }).click();
    await admin.getByLabel('Amber after (minutes)').fill('5');
    await admin.getByLabel('Red after (minutes)').fill('12');
    await admin.getByRole('button', { name: 'Save times' }).click();
    await admin.getByText('Saved: every board uses these times').waitFor();
    expect(await seriousAccessibilityViolations(admin)).toEqual([]);
    await saveScreenshot(admin, 'staff-settings.png');

    // The cook, keyboard only: sign in, start order 7, cancel order 8 with a reason.
    const board = await openPage({ viewport: { width: 1366, height: 1024 }, reducedMotion: 'reduce' });
    const problems = watchConsole(board);
    await board.goto(`${baseUrl}/staff/login`);
    await board.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
    await tabTo(board, board.getByLabel('Username'));
    await board.keyboard.type('chef');
    await tabTo(board, board.getByLabel('Password'));
    await board.keyboard.type(STRONG_PASSWORD);
    await board.keyboard.press('Enter');
    const code = board.getByLabel('Code');
    await code.waitFor();
    await tabTo(board, code);
    await board.keyboard.type(sandbox.simulator.lastCode('15556660993') ?? '');
    await board.keyboard.press('Enter');
    await board.getByTestId('board-connection').getByText('Live').waitFor();

    const seven = board.getByRole('article', { name: 'Order 7 for dora' });
    const eight = board.getByRole('article', { name: 'Order 8 for dora' });
    expect(await seven.getByText(/^Waiting 15:\d\d, late$/).count()).toBe(1);
    expect(await eight.getByText(/^Waiting 1:\d\d$/).count()).toBe(1);

    await tabTo(board, seven.getByRole('button', { name: 'Start order 7' }));
    await board.keyboard.press('Enter');
    await seven.getByTestId('ticket-status-7').getByText('Preparing').waitFor();
    // The focus followed the ticket to its next action.
    expect(await isFocused(seven.getByRole('button', { name: 'Ready order 7' }))).toBe(true);

    // Cancelling is under the ticket's "More".
    await tabTo(board, eight.getByLabel('More for order 8'));
    await board.keyboard.press('Enter');
    await tabTo(board, eight.getByRole('button', { name: 'Cancel… order 8' }));
    await board.keyboard.press('Enter');
    const reason = eight.getByLabel('Why cancel? (the customer is texted)');
    expect(await isFocused(reason)).toBe(true);
    await board.keyboard.type('Out of buns');
    await board.keyboard.press('Enter');
    await eight.waitFor({ state: 'detached' });
    expect(await isFocused(board.getByRole('heading', { name: 'Kitchen' }))).toBe(true);
    const orders = await store.orders.listOfUser({ userId: customer.id, limit: 10 });
    expect(Object.fromEntries(orders.map((o) => [o.number, o.status]))).toEqual({
      '7': 'preparing',
      '8': 'cancelled',
    });
    expect(await seriousAccessibilityViolations(board)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
