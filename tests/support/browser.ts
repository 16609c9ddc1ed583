// Debian's Chromium driven by playwright-core (never a downloaded browser). Missing Chromium
// fails the run under CI=true and skips loudly elsewhere.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, onTestFinished } from 'vitest';
import { CHROMIUM_PATH, OFFLINE_CHROMIUM_ARGS } from './chromium.js';
import { missingForTests } from './ci.js';
import { STRONG_PASSWORD } from './customers.js';

export { CHROMIUM_PATH };

/** Whether browser suites can run here; throws under CI when they cannot. */
export function chromiumIsAvailable(): boolean {
  return (
    existsSync(CHROMIUM_PATH) ||
    missingForTests(CHROMIUM_PATH, 'install it with: sudo apt-get update && sudo apt-get install -y chromium')
  );
}

/** poppler-utils, which reads a page Chromium printed to PDF (pdfinfo, pdftotext, pdftoppm). */
export function popplerIsAvailable(): boolean {
  return (
    existsSync('/usr/bin/pdftoppm') ||
    missingForTests(
      '/usr/bin/pdftoppm',
      'install it with: sudo apt-get update && sudo apt-get install -y poppler-utils',
    )
  );
}

/** `fakeMedia`: a synthetic camera and microphone, allowed without asking (video call tests). */
export function launchChromium(options: { fakeMedia?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      ...OFFLINE_CHROMIUM_ARGS,
      ...(options.fakeMedia
        ? [
            '--use-fake-device-for-media-stream',
            '--use-fake-ui-for-media-stream',
            // Two browsers on one machine with no LAN meet over loopback.
            '--allow-loopback-in-peer-connection',
          ]
        : []),
    ],
  });
}

/**
 * One Chromium for the enclosing `describe`, launched before its tests and closed after them.
 * `openPage` gives each test a page in its own context (axe needs one), closed when the test ends.
 */
export function useChromium(launch: { fakeMedia?: boolean } = {}): {
  openPage: (options?: BrowserContextOptions) => Promise<Page>;
} {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium(launch);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    openPage: async (options = {}) => {
      if (!browser) throw new Error('Chromium is not running: call useChromium() inside a describe');
      const context = await browser.newContext(options);
      onTestFinished(() => context.close());
      return context.newPage();
    },
  };
}

/** The accessibility problems axe rates serious or critical, one readable line each. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

const SCREENSHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

/** Saves what the page shows now as docs/screenshots/<file> (the README's pictures). */
export async function saveScreenshot(page: Page, file: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, file) });
}

/**
 * Collects what a careful tester would see in DevTools: script errors, console errors and any
 * dialog (an `alert()` would mean injected script ran). Chromium logs every refused API call
 * (204/401 while signed out, 400 for a bad form) as a failed resource: expected answers, left out.
 */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('dialog', (dialog) => {
    problems.push(`dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

/** The code the simulator texts to `phone` (digits), waiting for it to arrive. */
export async function waitForCode(
  simulator: { lastCode(to: string): string | undefined },
  phone: string,
): Promise<string> {
  await expect.poll(() => simulator.lastCode(phone), { timeout: 5000 }).toBeTruthy();
  return simulator.lastCode(phone) ?? '';
}

/** The app a browser test drives: its address, and the simulator that texts the codes. */
interface SandboxApp {
  baseUrl: string;
  sandbox: { simulator: { lastCode(to: string): string | undefined } };
}

/** Signs in at /staff/login as a person would: password, then the texted code. */
export async function signInAsStaff(
  page: Page,
  app: SandboxApp,
  account: { username: string; phone: string; password?: string },
): Promise<void> {
  if (!page.url().endsWith('/staff/login')) await page.goto(`${app.baseUrl}/staff/login`);
  await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password ?? STRONG_PASSWORD);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Code').waitFor();
  await page.getByLabel('Code').fill(await waitForCode(app.sandbox.simulator, account.phone));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/staff/login');
}

/** Signs in (see signInAsStaff) and waits for the kitchen board to be live. */
export async function openKitchenBoard(
  page: Page,
  app: SandboxApp,
  account: { username: string; phone: string; password?: string },
): Promise<void> {
  await signInAsStaff(page, app, account);
  await page.getByTestId('board-connection').getByText('Live').waitFor();
}

/** Registers Dora (dora@example.com, 15556661234) as a customer would, ending on the menu. */
export async function registerDora(page: Page, app: SandboxApp): Promise<void> {
  await page.goto(`${app.baseUrl}/website/register`);
  await page.getByLabel('Username or email').fill('dora@example.com');
  await page.getByLabel('Password').fill(STRONG_PASSWORD);
  await page.getByLabel('Mobile number').fill('15556661234');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Code').fill(await waitForCode(app.sandbox.simulator, '15556661234'));
  await page.getByRole('button', { name: 'Confirm my number' }).click();
  await page.waitForURL(`${app.baseUrl}/website/order`);
}
