// The article's own data, typed by hand into Atlas, served by our API as it is.
import { describe, expect, it } from 'vitest';
import { MenuList } from '../../src/contract/menu.js';
import { buildTestApp } from '../support/test-app.js';
import { createArticleDatabase } from '../support/test-store.js';

describe("the article's hand-made inventory", () => {
  it('appears on the menu exactly as inserted, and is not seeded over', async () => {
    const database = await createArticleDatabase();
    try {
      const { app } = await buildTestApp({ database });
      const menu = MenuList.parse((await app.inject({ url: '/api/inventory' })).json());
      expect(menu.map(({ name, price, available }) => ({ name, price, available }))).toEqual([
        { name: 'Hamburger', price: 995, available: true },
        { name: 'Soda', price: 199, available: true },
      ]);
      expect(menu.every((dish) => dish.createdAt === null && /^[0-9a-f]{24}$/.test(dish.id))).toBe(true);
    } finally {
      await database.drop();
    }
  });
});
