// A developer watches the sandbox's dev phone inbox while the app sends a code.
import { describe, expect, it } from 'vitest';
import {
  chromiumIsAvailable,
  saveScreenshot,
  seriousAccessibilityViolations,
  useChromium,
} from '../support/browser.js';
import { startSandboxApp } from '../support/sandbox-app.js';

describe.skipIf(!chromiumIsAvailable())('the dev phone inbox page', () => {
  const { openPage } = useChromium();

  it('shows a verification code the moment the simulator sends it, without a reload', async () => {
    const { baseUrl, comms } = await startSandboxApp();
    const page = await openPage({ viewport: { width: 1100, height: 800 } });
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

    await saveScreenshot(page, 'dev-inbox.png');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
