// The Store contract: one suite of behaviour every adapter must show. Each adapter's test file
// calls `describeStoreContract` with a fixture that opens its store on a fresh database.
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/server/ports/store.js';
import { aCustomer, aDish, anOrder } from '../support/factories.js';

export interface StoreFixture {
  /** Opens the store on this fixture's database; may be called again after `close()` (a restart). */
  open(): Promise<Store>;
  /** Drops the database. */
  destroy(): Promise<void>;
}

const T0 = new Date('2026-11-28T12:00:00.000Z');

export function describeStoreContract(adapter: string, makeFixture: () => Promise<StoreFixture>): void {
  describe(`Store contract: ${adapter}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    async function freshStore(): Promise<{ store: Store; fixture: StoreFixture }> {
      const fixture = await makeFixture();
      cleanups.push(() => fixture.destroy());
      const store = await fixture.open();
      cleanups.push(() => store.close());
      return { store, fixture };
    }

    describe('menu', () => {
      it('starts empty', async () => {
        const { store } = await freshStore();
        expect(await store.menu.list({ availableOnly: false })).toEqual([]);
        expect(await store.menu.count()).toBe(0);
      });

      it('stores a dish with an ObjectId-shaped id and both timestamps', async () => {
        const { store } = await freshStore();
        const dish = await store.menu.add({ item: aDish({ name: 'Hamburger', price: 995 }), at: T0 });
        expect(dish.id).toMatch(/^[0-9a-f]{24}$/);
        expect(dish).toMatchObject({ name: 'Hamburger', price: 995, createdAt: T0, updatedAt: T0 });
        expect(await store.menu.get({ id: dish.id })).toEqual(dish);
      });

      it('gives every dish its own id', async () => {
        const { store } = await freshStore();
        const ids = new Set<string>();
        for (let i = 0; i < 20; i += 1)
          ids.add((await store.menu.add({ item: aDish({ position: i }), at: T0 })).id);
        expect(ids.size).toBe(20);
      });

      it('lists dishes by position, then name', async () => {
        const { store } = await freshStore();
        await store.menu.add({ item: aDish({ name: 'Soda', position: 2 }), at: T0 });
        await store.menu.add({ item: aDish({ name: 'Salad', position: 1 }), at: T0 });
        await store.menu.add({ item: aDish({ name: 'Fries', position: 2 }), at: T0 });
        const names = (await store.menu.list({ availableOnly: false })).map((d) => d.name);
        expect(names).toEqual(['Salad', 'Fries', 'Soda']);
      });

      it("leaves 86'd dishes out of the available list only", async () => {
        const { store } = await freshStore();
        await store.menu.add({ item: aDish({ name: 'Hamburger', position: 0 }), at: T0 });
        await store.menu.add({ item: aDish({ name: 'Oysters', position: 1, available: false }), at: T0 });
        expect((await store.menu.list({ availableOnly: true })).map((d) => d.name)).toEqual(['Hamburger']);
        expect((await store.menu.list({ availableOnly: false })).map((d) => d.name)).toEqual([
          'Hamburger',
          'Oysters',
        ]);
        expect(await store.menu.count()).toBe(2);
      });

      it('answers null for an id no dish has, whatever its shape', async () => {
        const { store } = await freshStore();
        await store.menu.add({ item: aDish(), at: T0 });
        expect(await store.menu.get({ id: 'ffffffffffffffffffffffff' })).toBeNull();
        expect(await store.menu.get({ id: 'not-an-id' })).toBeNull();
      });

      it('stores a dish under an id it is given, and refuses that id a second time as a conflict', async () => {
        const { store } = await freshStore();
        const id = '5eed00000000000000000001';
        const dish = await store.menu.add({ item: aDish({ name: 'Hamburger' }), at: T0, id });
        expect(dish.id).toBe(id);
        await expect(store.menu.add({ item: aDish({ name: 'Imposter' }), at: T0, id })).rejects.toMatchObject(
          {
            code: 'conflict',
          },
        );
        expect((await store.menu.list({ availableOnly: false })).map((d) => d.name)).toEqual(['Hamburger']);
      });

      it('keeps prices as exact integer cents', async () => {
        const { store } = await freshStore();
        const dish = await store.menu.add({ item: aDish({ price: 9_999_999 }), at: T0 });
        expect((await store.menu.get({ id: dish.id }))?.price).toBe(9_999_999);
      });
    });

    describe('users', () => {
      it('stores an account and finds it by username and by id', async () => {
        const { store } = await freshStore();
        const user = await store.users.add({ user: aCustomer(), at: T0 });
        expect(user.id).toMatch(/^[0-9a-f]{24}$/);
        expect(user).toMatchObject({ ...aCustomer(), createdAt: T0, updatedAt: T0 });
        expect(await store.users.findByUsername({ username: 'alice@example.com' })).toEqual(user);
        expect(await store.users.get({ id: user.id })).toEqual(user);
      });

      it('answers null for an unknown username or id', async () => {
        const { store } = await freshStore();
        expect(await store.users.findByUsername({ username: 'nobody' })).toBeNull();
        expect(await store.users.get({ id: 'ffffffffffffffffffffffff' })).toBeNull();
        expect(await store.users.get({ id: 'not-an-id' })).toBeNull();
      });

      it('refuses a second account with the same username as a conflict, keeping the first', async () => {
        const { store } = await freshStore();
        const first = await store.users.add({ user: aCustomer({ phone: '+15550000001' }), at: T0 });
        await expect(
          store.users.add({ user: aCustomer({ phone: '+15550000002' }), at: T0 }),
        ).rejects.toMatchObject({
          code: 'conflict',
        });
        expect(await store.users.findByUsername({ username: first.username })).toEqual(first);
      });

      it('lets exactly one of many simultaneous sign-ups with one username through', async () => {
        const { store } = await freshStore();
        const attempts = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            store.users.add({ user: aCustomer({ phone: `+1555000000${i}` }), at: T0 }),
          ),
        );
        expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
        for (const attempt of attempts.filter((a) => a.status === 'rejected')) {
          expect(attempt.reason).toMatchObject({ code: 'conflict' });
        }
      });
    });

    describe('orders', () => {
      it('stores an order whole and reads it back', async () => {
        const { store } = await freshStore();
        const customer = await store.users.add({ user: aCustomer(), at: T0 });
        const order = await store.orders.add({ order: anOrder(customer.id) });
        expect(order.id).toMatch(/^[0-9a-f]{24}$/);
        expect(order).toEqual({ ...anOrder(customer.id), id: order.id });
        expect(await store.orders.get({ id: order.id })).toEqual(order);
        expect(await store.orders.get({ id: 'ffffffffffffffffffffffff' })).toBeNull();
      });

      it("stores an order for any well-formed customer id: references are the services' to check", async () => {
        const { store } = await freshStore();
        const order = await store.orders.add({ order: anOrder('0123456789abcdef01234567') });
        expect(await store.orders.get({ id: order.id })).toEqual(order);
      });

      it("lists one customer's orders, newest first, up to the limit, and nobody else's", async () => {
        const { store } = await freshStore();
        const alice = await store.users.add({ user: aCustomer(), at: T0 });
        const bob = await store.users.add({ user: aCustomer({ username: 'bob' }), at: T0 });
        for (const [i, hour] of [9, 11, 10].entries()) {
          await store.orders.add({
            order: anOrder(alice.id, {
              number: String(i),
              orderTime: new Date(`2026-11-28T${String(hour).padStart(2, '0')}:00:00Z`),
            }),
          });
        }
        await store.orders.add({ order: anOrder(bob.id, { number: 'bob' }) });
        const page = await store.orders.listOfUser({ userId: alice.id, limit: 2 });
        expect(page.map((o) => o.orderTime.getUTCHours())).toEqual([11, 10]);
        expect(page.every((o) => o.userId === alice.id)).toBe(true);
        expect(await store.orders.listOfUser({ userId: 'ffffffffffffffffffffffff', limit: 10 })).toEqual([]);
      });
    });

    describe('milestones', () => {
      it('lets exactly one caller claim a key', async () => {
        const { store } = await freshStore();
        const claims = await Promise.all(
          [1, 2, 3, 4, 5].map(() => store.milestones.claimOnce({ key: 'k', at: T0 })),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await store.milestones.claimOnce({ key: 'k', at: T0 })).toBe(false);
        expect(await store.milestones.claimOnce({ key: 'other', at: T0 })).toBe(true);
      });

      it('tells whether a milestone was reached', async () => {
        const { store } = await freshStore();
        expect(await store.milestones.has({ key: 'k' })).toBe(false);
        await store.milestones.claimOnce({ key: 'k', at: T0 });
        expect(await store.milestones.has({ key: 'k' })).toBe(true);
        expect(await store.milestones.has({ key: 'other' })).toBe(false);
      });
    });

    describe('lifecycle', () => {
      it('answers a ping while open', async () => {
        const { store } = await freshStore();
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it('keeps dishes and milestones across a restart', async () => {
        const { store, fixture } = await freshStore();
        const dish = await store.menu.add({ item: aDish({ name: 'Hamburger' }), at: T0 });
        await store.milestones.claimOnce({ key: 'menu.seeded', at: T0 });
        await store.close();
        const reopened = await fixture.open();
        cleanups.push(() => reopened.close());
        expect(await reopened.menu.get({ id: dish.id })).toEqual(dish);
        expect(await reopened.milestones.claimOnce({ key: 'menu.seeded', at: T0 })).toBe(false);
      });

      it('reports a closed store as unavailable, not as a crash', async () => {
        const { store } = await freshStore();
        await store.close();
        await expect(store.ping()).rejects.toMatchObject({ code: 'dependency_unavailable' });
        await expect(store.menu.list({ availableOnly: true })).rejects.toMatchObject({
          code: 'dependency_unavailable',
        });
      });
    });
  });
}
