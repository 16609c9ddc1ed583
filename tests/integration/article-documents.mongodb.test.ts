// The article's own data, typed by hand into Atlas, served by our API as it is.
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { MenuList } from '../../src/contract/menu.js';
import { buildTestApp } from '../support/test-app.js';
import { createTestDatabase } from '../support/test-store.js';

describe("the article's hand-made inventory", () => {
  it('appears on the menu exactly as inserted, and is not seeded over', async () => {
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
      const { app } = await buildTestApp({ database });
      const menu = MenuList.parse((await app.inject({ url: '/api/inventory' })).json());
      expect(menu.map(({ name, price, available }) => ({ name, price, available }))).toEqual([
        { name: 'Hamburger', price: 995, available: true },
        { name: 'Soda', price: 199, available: true },
      ]);
      expect(menu.every((dish) => dish.createdAt === null && /^[0-9a-f]{24}$/.test(dish.id))).toBe(true);
    } finally {
      await client.close();
      await database.drop();
    }
  });
});
