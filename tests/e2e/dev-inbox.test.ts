// A developer watches the sandbox's dev phone inbox while the app sends a code.
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumIsAvailable, launchChromium } from '../support/browser.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const SCREENSHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

describe.skipIf(!chromiumIsAvailable())('the dev phone inbox page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('shows a verification code the moment the simulator sends it, without a reload', async () => {
    const { baseUrl, comms } = await startSandboxApp();
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/dev/inbox`);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await page.getByText('No texts yet').waitFor();

    const started = await comms.verification.start({ phone: '+15556661234' });
    expect(started.outcome).toBe('started');
    const texts = page.getByRole('region', { name: 'Texts to +15556661234' });
    await texts.waitFor();
    const code = (await texts.getByLabel(/^Code \d{6}$/).textContent())?.trim();
    expect(code).toMatch(/^\d{6}$/);
    expect(await texts.textContent()).toContain(`Von Appétit: your code is ${code ?? ''}`);

    const { violations } = await new AxeBuilder({ page }).analyze();
    await page.screenshot({ path: resolve(SCREENSHOTS, 'dev-inbox.png') });
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
    await context.close();
  });
});
