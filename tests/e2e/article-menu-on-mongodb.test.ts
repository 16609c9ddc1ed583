// The article's reader inserts two dishes by hand in Atlas and opens the menu page.
import { MongoClient } from 'mongodb';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumIsAvailable, launchChromium } from '../support/browser.js';
import { createTestDatabase, testMongoUri } from '../support/test-store.js';
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
    const database = await createTestDatabase('mongodb');
    const client = await new MongoClient(database.env.MONGODB_URI ?? '').connect();
    try {
      await client
        .db(database.env.MONGODB_DB)
        .collection('inventory')
        .insertMany([
          { name: 'Hamburger', price: 995 },
          { name: 'Soda', price: 199 },
        ]);
      const { baseUrl } = await startTestServer({ database });
      const page = await browser.newPage();
      await page.goto(`${baseUrl}/website/order`);
      const card = (name: string) =>
        page.locator('article').filter({ has: page.getByRole('heading', { name }) });
      await expect.poll(() => card('Hamburger').textContent()).toContain('$9.95');
      expect(await card('Soda').textContent()).toContain('$1.99');
      expect(await page.locator('article').count()).toBe(2);
      await page.close();
    } finally {
      await client.close();
      await database.drop();
    }
  });
});
