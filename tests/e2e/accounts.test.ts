// Accounts as people use them: a customer on a phone and a cook on the kitchen tablet who forgot
// their passwords, and every account form sent empty or wrong, which must answer in sentences
// we wrote — never a validator's own words.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chromiumIsAvailable,
  registerDora,
  saveScreenshot,
  seriousAccessibilityViolations,
  signInAsStaff,
  useChromium,
  watchConsole,
} from '../support/browser.js';
import { addAccount, STRONG_PASSWORD } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const TABLET = { viewport: { width: 1024, height: 768 } };
const NEW_PASSWORD = 'lemon tart on sunday';

/** What a validator says when nobody worded its refusal. */
const RAW_VALIDATOR = /expected|too small|too big|invalid input|received undefined|must be|is not valid/i;

/** The page's DOM, as far as these checks read it (the tests compile without the DOM's types). */
interface InPage {
  ownerDocument: { activeElement: unknown };
}

type App = Awaited<ReturnType<typeof startSandboxApp>>;

/** A new code texted to `phone` (digits): one other than `before`. */
async function newCode(app: App, phone: string, before: string | undefined): Promise<string> {
  await expect.poll(() => app.sandbox.simulator.lastCode(phone), { timeout: 5000 }).not.toBe(before);
  return app.sandbox.simulator.lastCode(phone) ?? '';
}

/** From the sign-in page: "Forgot your password?", the code, the new password. */
async function resetPassword(page: Page, app: App, login: string, phone: string): Promise<void> {
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
  const before = app.sandbox.simulator.lastCode(phone);
  await page.getByLabel('Username or mobile number').fill(login);
  await page.getByRole('button', { name: 'Text me a code' }).click();
  await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
  await page.getByLabel('Code').fill(await newCode(app, phone, before));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await page.getByRole('heading', { name: 'Your password is changed' }).waitFor();
}

/** Every sentence the page shows about a problem: alerts and the messages under fields. */
async function problemsShown(page: Page): Promise<string[]> {
  const texts = await page.locator('[role="alert"], .text-error').allInnerTexts();
  return texts.map((text) => text.trim()).filter(Boolean);
}

/** Submits with `button` and returns the sentences shown; none may be a validator's. */
async function refusal(page: Page, button: string | RegExp): Promise<string[]> {
  await page.getByRole('button', { name: button }).click();
  await expect.poll(() => problemsShown(page), { timeout: 5000 }).not.toEqual([]);
  const shown = await problemsShown(page);
  const said = await page.locator('[role="status"]').allInnerTexts();
  for (const sentence of [...shown, ...said]) expect(sentence).not.toMatch(RAW_VALIDATOR);
  return shown;
}

describe.skipIf(!chromiumIsAvailable())('accounts', () => {
  const { openPage } = useChromium();

  it('lets a customer who forgot the password set a new one on a phone, signing every device out', async () => {
    const app = await startSandboxApp();
    const laptop = await openPage({ viewport: { width: 1280, height: 800 } });
    await registerDora(laptop, app);
    const page = await openPage(PHONE);
    const problems = watchConsole(page);
    await page.goto(`${app.baseUrl}/website/login`);
    await resetPassword(page, app, '+1 555 666 1234', '15556661234');
    await page.getByText('dora@example.com').waitFor();
    await saveScreenshot(page, 'password-reset-phone.png');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The laptop that was signed in is not any more.
    await laptop.goto(`${app.baseUrl}/website/orders`);
    await laptop.waitForURL(/\/website\/login/);
    // The old password no longer works; the new one does, with a code.
    await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Wrong username or password.').waitFor();
    expect(await page.getByLabel('Username or email').inputValue()).toBe('dora@example.com');
    const before = app.sandbox.simulator.lastCode('15556661234');
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Code').fill(await newCode(app, '15556661234', before));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.baseUrl}/website/order`);
    expect(problems).toEqual([]);
  });

  it('lets a customer change the password, sign out (emptying the cart) and delete the account', async () => {
    const app = await startSandboxApp();
    const page = await openPage(PHONE);
    const problems = watchConsole(page);
    await registerDora(page, app);
    await page.getByRole('button', { name: 'Add Hamburger to the cart' }).click();
    await expect.poll(() => page.getByTestId('cart-count').textContent()).toBe('1');

    const openSettings = async () => {
      await page.getByRole('button', { name: 'Account of dora@example.com' }).click();
      await page.getByRole('link', { name: 'Account settings' }).click();
      await page.getByRole('heading', { name: 'Account settings' }).waitFor();
    };
    await openSettings();
    await page.getByText('•••• 34').waitFor();
    await page.getByText('This device').waitFor();
    await page.getByLabel('Current password').fill(STRONG_PASSWORD);
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('Your password is changed.').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'account-settings-phone.png');

    // Signing out empties this device's cart.
    await page.getByRole('button', { name: 'Account of dora@example.com' }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await page.getByTestId('cart-count').count()).toBe(0);

    // Back in with the new password, then the account deleted with the password and a code.
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Username or email').fill('dora@example.com');
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    let before = app.sandbox.simulator.lastCode('15556661234');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Code').fill(await newCode(app, '15556661234', before));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.baseUrl}/website/order`);
    await openSettings();
    await page.getByLabel('Your password', { exact: true }).fill(NEW_PASSWORD);
    before = app.sandbox.simulator.lastCode('15556661234');
    await page.getByRole('button', { name: 'Text me a code to delete my account' }).click();
    await page.getByLabel('Code').fill(await newCode(app, '15556661234', before));
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByText('Your account is deleted.').waitFor();
    expect(await app.store.users.findByUsername({ username: 'dora@example.com' })).toBeNull();
    expect(problems).toEqual([]);
  });

  it('lets a cook who forgot the password set a new one on the kitchen tablet', async () => {
    const app = await startSandboxApp();
    await addAccount(app.store, { username: 'sam', phone: '15556660777', role: 'staff' });
    const tablet = await openPage(TABLET);
    const problems = watchConsole(tablet);
    await tablet.goto(`${app.baseUrl}/staff/login`);
    await resetPassword(tablet, app, 'sam', '15556660777');
    await tablet.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
    await signInAsStaff(tablet, app, { username: 'sam', phone: '15556660777', password: NEW_PASSWORD });
    await tablet.getByRole('heading', { name: 'Kitchen' }).first().waitFor();
    expect(problems).toEqual([]);
  });

  it('answers every account form sent empty or wrong in sentences, never a validator’s words', async () => {
    const app = await startSandboxApp();
    const page = await openPage(PHONE);
    const problems = watchConsole(page);

    await page.goto(`${app.baseUrl}/website/login`);
    expect(await refusal(page, 'Continue')).toEqual(
      expect.arrayContaining(['Enter a username.', 'Enter a password.']),
    );

    await page.goto(`${app.baseUrl}/website/register`);
    expect(await refusal(page, 'Create account')).toEqual(
      expect.arrayContaining(['Enter a username.', 'Enter a password.', 'Enter your mobile number.']),
    );
    await page.getByLabel('Username or email').fill('a b');
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Mobile number').fill('call me');
    expect(await refusal(page, 'Create account')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Enter the number with its country code/)]),
    );
    await page.getByLabel('Mobile number').fill('15556661234');
    expect(await refusal(page, 'Create account')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Use 3 to 64 letters/), 'Use at least 8 characters.']),
    );

    // The code step: letters, then a wrong code, then a code tried too often.
    await page.getByLabel('Username or email').fill('dora@example.com');
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByLabel('Code').waitFor();
    expect(
      await page.getByLabel('Code').evaluate((el: InPage) => el === el.ownerDocument.activeElement),
    ).toBe(true);
    await page.getByText(/It works for another \d+:\d\d/).waitFor();
    await page.getByLabel('Code').fill('abcdef');
    expect(await refusal(page, 'Confirm my number')).toEqual([
      'Enter the 6 digits of the code we texted you.',
    ]);
    const code = await newCode(app, '15556661234', undefined);
    const wrong = code === '000000' ? '111111' : '000000';
    await page.getByLabel('Code').fill(wrong);
    expect(await refusal(page, 'Confirm my number')).toEqual(['That code is not right. 4 tries left.']);
    await page.getByLabel('Code').fill(wrong);
    await page.getByRole('button', { name: 'Confirm my number' }).click();
    await page.getByText('3 tries left.').waitFor();
    await page.getByLabel('Code').fill(wrong);
    await page.getByRole('button', { name: 'Confirm my number' }).click();
    await page.getByText('That code has been tried too often. Send yourself a new one.').waitFor();
    // One message, and a new code at once.
    expect(await problemsShown(page)).toEqual([
      'That code has been tried too often. Send yourself a new one.',
    ]);
    await expect.poll(() => page.getByRole('button', { name: 'Send a new code' }).isEnabled()).toBe(true);
    await saveScreenshot(page, 'code-used-up-phone.png');

    await page.goto(`${app.baseUrl}/website/forgot-password`);
    expect(await refusal(page, 'Text me a code')).toContain('Enter your username or your mobile number.');

    await page.goto(`${app.baseUrl}/staff/login`);
    expect(await refusal(page, 'Continue')).toEqual(
      expect.arrayContaining(['Enter a username.', 'Enter a password.']),
    );
    await page.goto(`${app.baseUrl}/staff/forgot-password`);
    expect(await refusal(page, 'Text me a code')).toContain('Enter your username or your mobile number.');
    expect(problems).toEqual([]);
  });

  it("answers a customer's settings and a guest's checkout sent empty or wrong in sentences", async () => {
    const app = await startSandboxApp();
    const page = await openPage(PHONE);
    const problems = watchConsole(page);
    await registerDora(page, app);
    await page.goto(`${app.baseUrl}/website/account`);
    await page.getByRole('heading', { name: 'Account settings' }).waitFor();
    expect(await refusal(page, 'Save the new password')).toEqual(
      expect.arrayContaining(['Enter your current password.', 'Enter a password.']),
    );
    expect(await refusal(page, 'Text me a code to delete my account')).toContain('Enter a password.');

    // Signed out, a guest at checkout.
    await page.getByRole('button', { name: 'Account of dora@example.com' }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('button', { name: 'Add Hamburger to the cart' }).click();
    await page.goto(`${app.baseUrl}/website/checkout`);
    await page.getByRole('group', { name: 'Your details' }).waitFor();
    expect(await refusal(page, /^Continue/)).toEqual(
      expect.arrayContaining(['Enter a name.', 'Enter your mobile number.']),
    );
    await page.getByLabel('Your name').fill('<b>Sam</b>');
    await page.getByLabel('Mobile number').fill('call me');
    expect(await refusal(page, /^Continue/)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Use letters, spaces/)]),
    );
    await page.getByLabel('Your name').fill('Sam');
    expect(await refusal(page, /^Continue/)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Enter the number with its country code/)]),
    );
    expect(problems).toEqual([]);
  });

  it('answers the staff forms sent empty or wrong in sentences', async () => {
    const app = await startSandboxApp();
    await addAccount(app.store, { username: 'owner', phone: '15556660990', role: 'admin' });
    const page = await openPage(TABLET);
    const problems = watchConsole(page);
    await signInAsStaff(page, app, { username: 'owner', phone: '15556660990' });

    await page.goto(`${app.baseUrl}/staff/team`);
    await page.getByRole('heading', { name: 'Invite someone' }).waitFor();
    expect(await refusal(page, 'Send invitation')).toEqual(
      expect.arrayContaining(['Enter a username.', 'Enter your mobile number.']),
    );
    await page.getByLabel('Username').fill('x');
    await page.getByLabel('Mobile number').fill('not a number');
    const wrong = await refusal(page, 'Send invitation');
    expect(wrong.length).toBeGreaterThan(0);

    await page.goto(`${app.baseUrl}/staff/settings`);
    const amber = page.getByLabel('Amber after (minutes)');
    await expect.poll(() => amber.inputValue()).not.toBe('');
    await amber.fill('');
    expect(await refusal(page, 'Save times')).toContain(
      'Red must come after amber; both from 1 to 240 minutes.',
    );

    const lastOrders = page.getByLabel('Last orders (minutes before closing)');
    await lastOrders.fill('');
    expect(await refusal(page, 'Save profile')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Last orders: /)]),
    );

    await page.goto(`${app.baseUrl}/staff/profile`);
    await page.getByLabel('Your name for customers').fill('Sam 2000');
    expect(await refusal(page, 'Save')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Use up to 40 letters/)]),
    );

    // An invitation's page, with a link of the right shape (an unknown one: the form still checks).
    await page.goto(`${app.baseUrl}/staff/invite#${'0'.repeat(24)}.${'A'.repeat(43)}`);
    expect(await refusal(page, 'Set my password')).toContain('Enter a password.');
    expect(problems).toEqual([]);
  });
});
