// A customer opens the menu page in Chromium.
import { describe, expect, it } from 'vitest';
import {
  chromiumIsAvailable,
  saveScreenshot,
  seriousAccessibilityViolations,
  useChromium,
  watchConsole,
} from '../support/browser.js';
import { startTestServer } from '../support/test-server.js';

describe.skipIf(!chromiumIsAvailable())('the customer menu page', () => {
  const { openPage } = useChromium();

  it("shows the article's Hamburger at $9.95 and Soda at $1.99 under the brand", async () => {
    const { baseUrl } = await startTestServer();
    const page = await openPage({ viewport: { width: 1280, height: 800 } });
    const problems = watchConsole(page);

    await page.goto(`${baseUrl}/`);
    await page.waitForURL(`${baseUrl}/website/order`);
    const hamburger = page
      .locator('article')
      .filter({ has: page.getByRole('heading', { name: 'Hamburger' }) });
    const soda = page.locator('article').filter({ has: page.getByRole('heading', { name: 'Soda' }) });
    await hamburger.waitFor();
    expect(await hamburger.textContent()).toContain('$9.95');
    expect(await soda.textContent()).toContain('$1.99');
    expect(await page.getByRole('navigation').getByText('Von Appétit').first().isVisible()).toBe(true);

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);

    await saveScreenshot(page, 'menu-desktop.png');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const { baseUrl } = await startTestServer();
    const page = await openPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(`${baseUrl}/website/order`);
    await page.getByRole('heading', { name: 'Soda' }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreenshot(page, 'menu-phone.png');
  });

  it('can be used from the keyboard: the first Tab reaches a skip link to the menu', async () => {
    const { baseUrl } = await startTestServer();
    const page = await openPage();
    await page.goto(`${baseUrl}/website/order`);
    await page.getByRole('heading', { name: 'Hamburger' }).waitFor();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>(
      "document.activeElement?.textContent?.trim().toLowerCase() ?? ''",
    );
    expect(focused).toContain('skip');
  });

  it('says so when the menu cannot be loaded, and offers to try again', async () => {
    const { baseUrl, store } = await startTestServer();
    const page = await openPage();
    await store.close();
    await page.goto(`${baseUrl}/website/order`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('shows an empty state when there is nothing on the menu', async () => {
    const { baseUrl, store } = await startTestServer();
    for (const dish of await store.menu.list({ availableOnly: false }))
      await store.menu.remove({ id: dish.id });
    const page = await openPage();
    await page.goto(`${baseUrl}/website/order`);
    await page.getByText('No dishes on the menu yet').waitFor();
    expect(await page.locator('article').count()).toBe(0);
  });
});
