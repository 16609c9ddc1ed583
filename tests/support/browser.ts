// Debian's Chromium driven by playwright-core (never a downloaded browser). Missing Chromium
// fails the run under CI=true and skips loudly elsewhere.
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { missingForTests } from './ci.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Whether browser suites can run here; throws under CI when they cannot. */
export function chromiumIsAvailable(): boolean {
  return (
    existsSync(CHROMIUM_PATH) ||
    missingForTests(CHROMIUM_PATH, 'install it with: sudo apt-get update && sudo apt-get install -y chromium')
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The machine has no network beyond loopback: keep Chromium from reaching out.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * One Chromium for the enclosing `describe`, launched before its tests and closed after them.
 * `openPage` gives each test a page in its own context (axe needs one), closed when the test ends.
 */
export function useChromium(): { openPage: (options?: BrowserContextOptions) => Promise<Page> } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
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
