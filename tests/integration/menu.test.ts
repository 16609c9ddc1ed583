import { describe, expect, it } from 'vitest';
import { MenuList } from '../../src/contract/menu.js';
import { RestaurantInfo } from '../../src/contract/restaurant.js';
import { aDish } from '../support/factories.js';
import { buildTestApp } from '../support/test-app.js';

describe('GET /api/inventory', () => {
  it("serves the article's menu on a new database: Hamburger 995 and Soda 199", async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({ method: 'GET', url: '/api/inventory' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const menu = MenuList.parse(response.json());
    expect(menu.map(({ name, price }) => ({ name, price }))).toEqual([
      { name: 'Hamburger', price: 995 },
      { name: 'Soda', price: 199 },
    ]);
    expect(menu.every((dish) => dish.available)).toBe(true);
  });

  it('answers in the article shape, with the extra fields and nothing else', async () => {
    const { app } = await buildTestApp();
    const [first] = (await app.inject({ url: '/api/inventory' })).json<Record<string, unknown>[]>();
    expect(Object.keys(first ?? {}).sort()).toEqual(
      [
        'allergens',
        'available',
        'category',
        'options',
        'photo',
        'tags',
        'createdAt',
        'description',
        'id',
        'name',
        'position',
        'price',
        'updatedAt',
      ].sort(),
    );
  });

  it("leaves 86'd dishes off the customer menu", async () => {
    const { app, store } = await buildTestApp();
    await app.ready();
    await store.menu.add({ item: aDish({ name: 'Oysters', available: false, position: 5 }), at: new Date() });
    await store.menu.add({ item: aDish({ name: 'Fries', position: 4 }), at: new Date() });
    const names = MenuList.parse((await app.inject({ url: '/api/inventory' })).json()).map((d) => d.name);
    expect(names).toEqual(['Hamburger', 'Soda', 'Fries']);
  });

  it('answers 304 to a client that already has this menu, and 200 again once it changes', async () => {
    let clock = new Date('2026-11-28T12:00:00Z');
    const { app, store } = await buildTestApp({ deps: { now: () => clock } });
    const first = await app.inject({ url: '/api/inventory' });
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');

    const again = await app.inject({ url: '/api/inventory', headers: { 'if-none-match': String(etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    // Changed elsewhere (another instance, the Atlas UI): served within the second the menu is kept.
    await store.menu.add({ item: aDish({ name: 'Fries', position: 9 }), at: new Date() });
    const stillKept = await app.inject({ url: '/api/inventory', headers: { 'if-none-match': String(etag) } });
    expect(stillKept.statusCode).toBe(304);
    clock = new Date(clock.getTime() + 1000);
    const changed = await app.inject({ url: '/api/inventory', headers: { 'if-none-match': String(etag) } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json<{ name: string }[]>().map((dish) => dish.name)).toContain('Fries');
  });

  it('answers 503 with Retry-After, not a crash, when the database is gone', async () => {
    const { app, store } = await buildTestApp();
    await app.ready();
    await store.close();
    const response = await app.inject({ url: '/api/inventory' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({ status: 503, code: 'dependency_unavailable' });
    expect(response.body).not.toMatch(/sqlite|database connection/i);
  });
});

describe('GET /api/restaurant', () => {
  it('tells pages the name and how to show money', async () => {
    const { app } = await buildTestApp({
      env: { RESTAURANT_NAME: 'Chez Vonage', CURRENCY: 'EUR', LOCALE: 'fr-FR' },
    });
    const info = RestaurantInfo.parse((await app.inject({ url: '/api/restaurant' })).json());
    expect(info).toMatchObject({ name: 'Chez Vonage', currency: 'EUR', locale: 'fr-FR', timeZone: 'UTC' });
  });
});
