// The article's reader inserts two dishes by hand in Atlas and opens the menu page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumIsAvailable, launchChromium } from '../support/browser.js';
import { createArticleDatabase, testMongoUri } from '../support/test-store.js';
import { startTestServer } from '../support/test-server.js';

describe.skipIf(!chromiumIsAvailable() || !testMongoUri())('the menu page on MongoDB', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('shows {"name":"Hamburger","price":995} and {"name":"Soda","price":199} as typed in the Atlas UI', async () => {
    const database = await createArticleDatabase();
    try {
      const { baseUrl } = await startTestServer({ database });
      const page = await browser.newPage();
      await page.goto(`${baseUrl}/website/order`);
      const card = (name: string) =>
        page.locator('article').filter({ has: page.getByRole('heading', { name }) });
      await card('Hamburger').waitFor();
      expect(await card('Hamburger').textContent()).toContain('$9.95');
      expect(await card('Soda').textContent()).toContain('$1.99');
      expect(await page.locator('article').count()).toBe(2);
      await page.close();
    } finally {
      await database.drop();
    }
  });
});
