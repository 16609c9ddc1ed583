// The article's reader inserts two dishes by hand in Atlas and opens the menu page.
import { describe, expect, it } from 'vitest';
import { chromiumIsAvailable, useChromium } from '../support/browser.js';
import { createArticleDatabase, testMongoUri } from '../support/test-store.js';
import { startTestServer } from '../support/test-server.js';

describe.skipIf(!chromiumIsAvailable() || !testMongoUri())('the menu page on MongoDB', () => {
  const { openPage } = useChromium();

  it('shows {"name":"Hamburger","price":995} and {"name":"Soda","price":199} as typed in the Atlas UI', async () => {
    const database = await createArticleDatabase();
    try {
      const { baseUrl } = await startTestServer({ database });
      const page = await openPage();
      await page.goto(`${baseUrl}/website/order`);
      const card = (name: string) =>
        page.locator('article').filter({ has: page.getByRole('heading', { name }) });
      await card('Hamburger').waitFor();
      expect(await card('Hamburger').textContent()).toContain('$9.95');
      expect(await card('Soda').textContent()).toContain('$1.99');
      expect(await page.locator('article').count()).toBe(2);
    } finally {
      await database.drop();
    }
  });
});
