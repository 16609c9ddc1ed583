// The Store contract: one suite of behaviour every adapter must show. Each adapter's test file
// calls `describeStoreContract` with a fixture that opens its store on a fresh database.
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/server/ports/store.js';
import { withVideoRequest } from '../../src/server/domain/support-call.js';
import { newTextMessage } from '../../src/server/domain/order.js';
import { aConfirmationText, aCustomer, aDish, anOrder } from '../support/factories.js';

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

      it("replaces a dish's fields, keeping its id and creation time, and deletes dishes", async () => {
        const { store } = await freshStore();
        const dish = await store.menu.add({ item: aDish({ name: 'Fries', price: 349 }), at: T0 });
        const later = new Date(T0.getTime() + 60_000);
        const changed = await store.menu.replace({
          id: dish.id,
          item: aDish({ name: 'Fries', price: 399, available: false }),
          at: later,
        });
        expect(changed).toEqual({ ...dish, price: 399, available: false, updatedAt: later });
        expect(await store.menu.get({ id: dish.id })).toEqual(changed);
        expect(
          await store.menu.replace({ id: 'ffffffffffffffffffffffff', item: aDish(), at: later }),
        ).toBeNull();
        expect(await store.menu.remove({ id: dish.id })).toBe(true);
        expect(await store.menu.remove({ id: dish.id })).toBe(false);
        expect(await store.menu.get({ id: dish.id })).toBeNull();
      });

      it('keeps prices as exact integer cents', async () => {
        const { store } = await freshStore();
        const dish = await store.menu.add({ item: aDish({ price: 9_999_999 }), at: T0 });
        expect((await store.menu.get({ id: dish.id }))?.price).toBe(9_999_999);
      });

      it('keeps option groups, tags and allergens whole, and a photo set apart from edits', async () => {
        const { store } = await freshStore();
        const options = [
          {
            id: 'size',
            name: 'Size',
            kind: 'choice' as const,
            min: 1,
            max: 1,
            options: [
              { id: 'regular', name: 'Regular', price: 0, available: true, preselected: true },
              { id: 'large', name: 'Large', price: 200, available: false, preselected: false },
            ],
          },
        ];
        const item = aDish({ options, tags: ['vegetarian'], allergens: ['milk', 'wheat'] });
        const dish = await store.menu.add({ item, at: T0 });
        expect(await store.menu.get({ id: dish.id })).toEqual({ ...dish, options, photo: null });
        const photo = { key: 'ab'.repeat(16), width: 960, height: 720 };
        const later = new Date(T0.getTime() + 1000);
        expect(await store.menu.setPhoto({ id: dish.id, photo, at: later })).toMatchObject({ photo });
        // An edit of the dish keeps its photo.
        const edited = await store.menu.replace({ id: dish.id, item: { ...item, price: 500 }, at: later });
        expect(edited).toMatchObject({ price: 500, photo, options });
        expect(await store.menu.setPhoto({ id: dish.id, photo: null, at: later })).toMatchObject({
          photo: null,
        });
        expect(await store.menu.setPhoto({ id: 'ffffffffffffffffffffffff', photo, at: later })).toBeNull();
      });

      it('86s dishes in one write, and moves them (renaming their category) in one write', async () => {
        const { store } = await freshStore();
        const fries = await store.menu.add({ item: aDish({ name: 'Fries', position: 0 }), at: T0 });
        const rings = await store.menu.add({ item: aDish({ name: 'Rings', position: 1 }), at: T0 });
        const later = new Date(T0.getTime() + 1000);
        expect(
          await store.menu.setAvailability({
            ids: [fries.id, rings.id, 'ffffffffffffffffffffffff'],
            available: false,
            at: later,
          }),
        ).toBe(2);
        expect(await store.menu.list({ availableOnly: true })).toEqual([]);
        await store.menu.arrange({
          moves: [
            { id: rings.id, position: 0, category: 'Snacks' },
            { id: fries.id, position: 1 },
          ],
          at: later,
        });
        const listed = await store.menu.list({ availableOnly: false });
        expect(listed.map((d) => [d.name, d.category, d.available])).toEqual([
          ['Rings', 'Snacks', false],
          ['Fries', 'Sides', false],
        ]);
      });
    });

    describe('photos', () => {
      it('stores a file once under its name and reads it back byte for byte', async () => {
        const { store } = await freshStore();
        const name = `${'cd'.repeat(16)}-400.webp`;
        const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
        await store.photos.put({ name, contentType: 'image/webp', bytes, at: T0 });
        // Storing the same name again (a retry, another instance) is no error and changes nothing.
        await store.photos.put({ name, contentType: 'image/webp', bytes: Buffer.from('other'), at: T0 });
        const stored = await store.photos.get({ name });
        expect(stored?.contentType).toBe('image/webp');
        expect(stored?.bytes.equals(bytes)).toBe(true);
        expect(await store.photos.get({ name: `${'cd'.repeat(16)}-960.webp` })).toBeNull();
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

      it('finds the accounts whose proven phone is a number, newest first', async () => {
        const { store } = await freshStore();
        const older = await store.users.add({ user: aCustomer({ username: 'older' }), at: T0 });
        const later = new Date(T0.getTime() + 60_000);
        const newer = await store.users.add({ user: aCustomer({ username: 'newer' }), at: later });
        await store.users.add({
          user: aCustomer({ username: 'unproven', phoneVerifiedAt: null }),
          at: later,
        });
        await store.users.add({ user: aCustomer({ username: 'other', phone: '+15556660000' }), at: T0 });
        expect(await store.users.findByPhone({ phone: '+15556661234' })).toEqual([newer, older]);
        expect(await store.users.findByPhone({ phone: '+15550000000' })).toEqual([]);
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

      it('records a proven phone and a new password hash', async () => {
        const { store } = await freshStore();
        const user = await store.users.add({ user: aCustomer({ phoneVerifiedAt: null }), at: T0 });
        const later = new Date(T0.getTime() + 60_000);
        await store.users.markPhoneVerified({ id: user.id, phone: '+15556669999', at: later });
        await store.users.setPasswordHash({ id: user.id, passwordHash: '$argon2id$new', at: later });
        expect(await store.users.get({ id: user.id })).toMatchObject({
          phone: '+15556669999',
          phoneVerifiedAt: later,
          passwordHash: '$argon2id$new',
          updatedAt: later,
        });
      });

      it('reads a new account as enabled and without an invitation', async () => {
        const { store } = await freshStore();
        const user = await store.users.add({ user: aCustomer(), at: T0 });
        expect(user).toMatchObject({ disabledAt: null, invitation: null, displayName: null });
        expect(await store.users.get({ id: user.id })).toMatchObject({
          disabledAt: null,
          invitation: null,
          displayName: null,
        });
      });

      it('lists staff and admins by username, never customers', async () => {
        const { store } = await freshStore();
        await store.users.add({ user: aCustomer({ username: 'alice' }), at: T0 });
        await store.users.add({ user: aCustomer({ username: 'zoe', role: 'staff' }), at: T0 });
        await store.users.add({ user: aCustomer({ username: 'bea', role: 'admin' }), at: T0 });
        expect((await store.users.listStaff()).map((u) => [u.username, u.role])).toEqual([
          ['bea', 'admin'],
          ['zoe', 'staff'],
        ]);
      });

      it('changes only the given fields of an account, invitation and disabling included', async () => {
        const { store } = await freshStore();
        const expiresAt = new Date(T0.getTime() + 3_600_000);
        const invited = await store.users.add({
          user: aCustomer({ role: 'staff', passwordHash: '', invitation: { digest: 'ab12', expiresAt } }),
          at: T0,
        });
        expect(invited.invitation).toEqual({ digest: 'ab12', expiresAt });
        const later = new Date(T0.getTime() + 60_000);
        const accepted = await store.users.update({
          id: invited.id,
          changes: { passwordHash: '$argon2id$chosen', invitation: null },
          at: later,
        });
        expect(accepted).toMatchObject({
          passwordHash: '$argon2id$chosen',
          invitation: null,
          phone: invited.phone,
          disabledAt: null,
          updatedAt: later,
        });
        const disabled = await store.users.update({
          id: invited.id,
          changes: { disabledAt: later, phone: '+15556660000', phoneVerifiedAt: null, displayName: 'Sam' },
          at: later,
        });
        expect(disabled).toMatchObject({
          disabledAt: later,
          phone: '+15556660000',
          phoneVerifiedAt: null,
          displayName: 'Sam',
        });
        expect(await store.users.get({ id: invited.id })).toEqual(disabled);
        expect(
          await store.users.update({ id: 'ffffffffffffffffffffffff', changes: {}, at: later }),
        ).toBeNull();
        expect(await store.users.update({ id: 'not-an-id', changes: {}, at: later })).toBeNull();
      });

      it('finds an account under a spelling stored before folding first, in order, else the folded one', async () => {
        const { store } = await freshStore();
        const find = (...orStoredAs: string[]) =>
          store.users.findByUsername({ username: 'strasse', orStoredAs });
        const folded = await store.users.add({ user: aCustomer({ username: 'strasse' }), at: T0 });
        expect(await find('Straße', 'straße')).toEqual(folded);
        const lowered = await store.users.add({ user: aCustomer({ username: 'straße' }), at: T0 });
        const asTyped = await store.users.add({ user: aCustomer({ username: 'Straße' }), at: T0 });
        expect(await find('Straße', 'straße')).toEqual(asTyped);
        expect(await find('straße')).toEqual(lowered);
        expect(await find('STRASSE', 'strasse')).toEqual(folded);
        expect(await store.users.findByUsername({ username: 'strasse' })).toEqual(folded);
      });

      it('lists every account page by page, and renames one unless the name is taken', async () => {
        const { store } = await freshStore();
        const added = [];
        for (const username of ['Alice', 'bob', 'carol']) {
          added.push(await store.users.add({ user: aCustomer({ username }), at: T0 }));
        }
        const first = await store.users.listUsernames({ afterId: null, limit: 2 });
        const rest = await store.users.listUsernames({ afterId: first.at(-1)?.id ?? null, limit: 2 });
        expect([...first, ...rest]).toEqual(
          added
            .map(({ id, username, createdAt }) => ({ id, username, createdAt }))
            .sort((a, b) => a.id.localeCompare(b.id)),
        );
        const later = new Date(T0.getTime() + 60_000);
        const alice = added[0]?.id ?? '';
        expect(await store.users.rename({ id: alice, username: 'alice', at: later })).toBe(true);
        expect(await store.users.get({ id: alice })).toMatchObject({ username: 'alice', updatedAt: later });
        await expect(store.users.rename({ id: alice, username: 'bob', at: later })).rejects.toMatchObject({
          code: 'conflict',
        });
        expect(await store.users.rename({ id: 'ffffffffffffffffffffffff', username: 'x', at: later })).toBe(
          false,
        );
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

      it('erases a customer from their orders only, keeping lines, money and history', async () => {
        const { store } = await freshStore();
        const alice = await store.users.add({ user: aCustomer(), at: T0 });
        const bob = await store.users.add({ user: aCustomer({ username: 'bob' }), at: T0 });
        const text = newTextMessage({
          id: 'n1',
          to: '+15556661234',
          text: 'Hi alice, order 101 is in.',
          at: T0,
        });
        const hers = await store.orders.add({
          order: anOrder(alice.id, { notifications: [text], outboxDueAt: T0 }),
        });
        const his = await store.orders.add({ order: anOrder(bob.id, { customerName: 'bob' }) });
        const at = new Date(T0.getTime() + 60_000);
        const [erased] = await store.orders.eraseCustomer({ userId: alice.id, at });
        const stored = await store.orders.get({ id: hers.id });
        expect(stored).toEqual(erased);
        expect(stored).toMatchObject({
          customerName: 'deleted customer',
          items: hers.items,
          total: 1393,
          statusHistory: hers.statusHistory,
          notifications: [{ to: '', text: '', status: 'dead' }],
          outboxDueAt: null,
          version: hers.version + 1,
          lastUpdated: at,
        });
        expect(await store.orders.get({ id: his.id })).toEqual(his);
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
        const next = await store.orders.listOfUser({ userId: alice.id, limit: 2, before: page[1] });
        expect(next.map((o) => o.orderTime.getUTCHours())).toEqual([9]);
      });

      it('stores an order under the id it is given, and refuses that id again as a conflict', async () => {
        const { store } = await freshStore();
        const id = 'c0ffee0000000000000000aa';
        const first = await store.orders.add({ id, order: anOrder('0123456789abcdef01234567') });
        expect(first.id).toBe(id);
        await expect(
          store.orders.add({ id, order: anOrder('0123456789abcdef01234567', { number: '2' }) }),
        ).rejects.toMatchObject({
          code: 'conflict',
        });
        expect((await store.orders.get({ id }))?.number).toBe('101');
      });

      it('stores orders added at once, refusing only the one whose id is taken', async () => {
        const { store } = await freshStore();
        const customer = '0123456789abcdef01234567';
        const ids = ['c0ffee0000000000000000b1', 'c0ffee0000000000000000b2', 'c0ffee0000000000000000b3'];
        const added = await Promise.allSettled([
          store.orders.add({ id: ids[0], order: anOrder(customer, { number: '1' }) }),
          store.orders.add({ id: ids[1], order: anOrder(customer, { number: '2' }) }),
          store.orders.add({ id: ids[0], order: anOrder(customer, { number: '3' }) }),
          store.orders.add({ id: ids[2], order: anOrder(customer, { number: '4' }) }),
        ]);
        expect(added.map((result) => result.status)).toEqual([
          'fulfilled',
          'fulfilled',
          'rejected',
          'fulfilled',
        ]);
        expect(added[2]).toMatchObject({ reason: { code: 'conflict' } });
        const stored = await Promise.all(ids.map((id) => store.orders.get({ id })));
        expect(stored.map((order) => order?.number)).toEqual(['1', '2', '4']);
        // A taken id refused while others wait behind it: they are stored all the same.
        const behind = ['c0ffee0000000000000000b4', 'c0ffee0000000000000000b5'];
        const after = await Promise.allSettled([
          store.orders.add({ id: ids[1], order: anOrder(customer, { number: '5' }) }),
          store.orders.add({ id: behind[0], order: anOrder(customer, { number: '6' }) }),
          store.orders.add({ id: behind[1], order: anOrder(customer, { number: '7' }) }),
        ]);
        expect(after.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
        const laterOnes = await Promise.all(behind.map((id) => store.orders.get({ id })));
        expect(laterOnes.map((order) => order?.number)).toEqual(['6', '7']);
      });

      it('keeps the pending text messages with the order, dates included', async () => {
        const { store } = await freshStore();
        const notification = aConfirmationText(T0, { sentAt: new Date(T0.getTime() + 1000) });
        const order = await store.orders.add({
          order: anOrder('0123456789abcdef01234567', { notifications: [notification], outboxDueAt: T0 }),
        });
        expect((await store.orders.get({ id: order.id }))?.notifications).toEqual([notification]);
      });

      it('writes a change only over the version it was read at, and bumps the version', async () => {
        const { store } = await freshStore();
        const order = await store.orders.add({ order: anOrder('0123456789abcdef01234567') });
        const at = new Date(T0.getTime() + 60_000);
        const preparing = { ...order, status: 'preparing' as const, lastUpdated: at };
        expect(await store.orders.update({ order: preparing, expectedVersion: 0 })).toEqual({
          ...preparing,
          version: 1,
        });
        // A second writer that read version 0 loses and changes nothing.
        expect(
          await store.orders.update({ order: { ...order, status: 'cancelled' }, expectedVersion: 0 }),
        ).toBeNull();
        expect(await store.orders.get({ id: order.id })).toMatchObject({
          status: 'preparing',
          version: 1,
          lastUpdated: at,
        });
        expect(await store.orders.update({ order: preparing, expectedVersion: 7 })).toBeNull();
        expect(
          await store.orders.update({
            order: { ...preparing, id: 'ffffffffffffffffffffffff' },
            expectedVersion: 0,
          }),
        ).toBeNull();
      });

      it('lists the orders the kitchen still works on, oldest first', async () => {
        const { store } = await freshStore();
        const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
        const add = (
          number: string,
          status: 'received' | 'preparing' | 'ready' | 'completed' | 'cancelled',
          minutes: number,
        ) =>
          store.orders.add({
            order: anOrder('0123456789abcdef01234567', { number, status, orderTime: at(minutes) }),
          });
        await add('ready', 'ready', 3);
        await add('done', 'completed', 0);
        await add('new', 'received', 5);
        await add('off', 'cancelled', 1);
        await add('cooking', 'preparing', 2);
        expect((await store.orders.listActive({ limit: 10 })).map((o) => o.number)).toEqual([
          'cooking',
          'ready',
          'new',
        ]);
        expect((await store.orders.listActive({ limit: 1 })).map((o) => o.number)).toEqual(['cooking']);
      });

      it('keeps support calls with the order, and puts an order with an open call on the board', async () => {
        const { store } = await freshStore();
        const done = await store.orders.add({
          order: anOrder('0123456789abcdef01234567', { number: 'done', status: 'completed' }),
        });
        expect(done.calls).toEqual([]);
        expect(await store.orders.listActive({ limit: 10 })).toEqual([]);
        const requested = withVideoRequest(done.calls, { sessionId: '1_session', at: T0 });
        expect(
          await store.orders.update({ order: { ...done, calls: requested.calls }, expectedVersion: 0 }),
        ).toMatchObject({ version: 1 });
        const stored = await store.orders.get({ id: done.id });
        expect(stored?.calls).toEqual([requested.call]);
        expect((await store.orders.listActive({ limit: 10 })).map((o) => o.number)).toEqual(['done']);
        const ended = {
          ...requested.call,
          state: 'ended' as const,
          joinedAt: T0,
          joinedBy: 'cook',
          joinedByName: 'Sam from the kitchen',
          endedAt: T0,
          endedBy: 'staff' as const,
        };
        expect(
          await store.orders.update({ order: { ...done, calls: [ended] }, expectedVersion: 1 }),
        ).toMatchObject({ version: 2 });
        expect((await store.orders.get({ id: done.id }))?.calls).toEqual([ended]);
        expect(await store.orders.listActive({ limit: 10 })).toEqual([]);
      });

      it('lists the orders whose outbox is due, earliest first', async () => {
        const { store } = await freshStore();
        const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
        await store.orders.add({
          order: anOrder('0123456789abcdef01234567', { number: 'later', outboxDueAt: at(5) }),
        });
        await store.orders.add({
          order: anOrder('0123456789abcdef01234567', { number: 'b', outboxDueAt: at(2) }),
        });
        await store.orders.add({
          order: anOrder('0123456789abcdef01234567', { number: 'a', outboxDueAt: at(1) }),
        });
        await store.orders.add({
          order: anOrder('0123456789abcdef01234567', { number: 'none', outboxDueAt: null }),
        });
        const due = await store.orders.listWithDueNotifications({ at: at(3), limit: 10 });
        expect(due.map((o) => o.number)).toEqual(['a', 'b']);
      });

      it('keeps charges, the pickup, line notes, customer messages and a reason to cancel, and changes them', async () => {
        const { store } = await freshStore();
        const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
        const pickup = {
          name: 'Dora',
          scheduledFor: at(90),
          prepareFrom: at(75),
          readyBy: at(90),
          readyBySetByHand: false,
          toldReadyBy: at(90),
          note: 'Extra napkins',
        };
        const order = await store.orders.add({
          order: anOrder('0123456789abcdef01234567', {
            items: [
              {
                itemId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
                name: 'Hamburger',
                unitPrice: 995,
                quantity: 1,
                note: 'No onions',
              },
            ],
            charges: { subtotal: 995, tax: 88, taxIncluded: false, payment: 'pay_at_pickup' },
            pickup,
          }),
        });
        expect(await store.orders.get({ id: order.id })).toEqual(order);
        const changed = {
          ...order,
          pickup: { ...pickup, readyBy: at(100), readyBySetByHand: true, toldReadyBy: at(100) },
          messages: [{ id: 'inbound-1', at: at(95), text: 'HERE', arrival: true }],
          statusHistory: [
            ...order.statusHistory,
            { status: 'cancelled' as const, at: at(96), reason: 'Out of buns' },
          ],
        };
        const saved = await store.orders.update({ order: changed, expectedVersion: 0 });
        expect(saved).toEqual({ ...changed, version: 1 });
        expect(await store.orders.get({ id: order.id })).toEqual({ ...changed, version: 1 });
      });

      it('lists the orders made ready since a time, the latest first', async () => {
        const { store } = await freshStore();
        const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
        const readyAt = async (number: string, minutes: number, then?: 'completed') => {
          const added = await store.orders.add({ order: anOrder('0123456789abcdef01234567', { number }) });
          const history = [
            ...added.statusHistory,
            { status: 'ready' as const, at: at(minutes) },
            ...(then ? [{ status: then, at: at(minutes + 1) }] : []),
          ];
          await store.orders.update({
            order: { ...added, status: then ?? 'ready', statusHistory: history },
            expectedVersion: 0,
          });
        };
        await readyAt('early', 5);
        await readyAt('collected', 20, 'completed');
        await readyAt('latest', 30);
        await store.orders.add({ order: anOrder('0123456789abcdef01234567', { number: 'cooking' }) });
        const ready = await store.orders.listReadySince({ since: at(10), limit: 10 });
        expect(ready.map((o) => o.number)).toEqual(['latest', 'collected']);
        expect((await store.orders.listReadySince({ since: at(0), limit: 1 })).map((o) => o.number)).toEqual([
          'latest',
        ]);
      });

      it('lists the orders finished since a time, the latest first, until one comes back', async () => {
        const { store } = await freshStore();
        const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
        const finish = async (number: string, status: 'completed' | 'cancelled', minutes: number) => {
          const added = await store.orders.add({ order: anOrder('0123456789abcdef01234567', { number }) });
          const order = {
            ...added,
            status,
            statusHistory: [...added.statusHistory, { status, at: at(minutes) }],
          };
          return store.orders.update({ order, expectedVersion: 0 });
        };
        await finish('yesterday', 'completed', -600);
        await finish('cancelled', 'cancelled', 10);
        const picked = await finish('picked', 'completed', 20);
        await store.orders.add({ order: anOrder('0123456789abcdef01234567', { number: 'cooking' }) });
        const done = await store.orders.listFinishedSince({ since: at(0), limit: 10 });
        expect(done.map((o) => o.number)).toEqual(['picked', 'cancelled']);
        // Back on the board: no longer finished.
        if (!picked) throw new Error('not saved');
        const back = {
          ...picked,
          status: 'ready' as const,
          statusHistory: [...picked.statusHistory, { status: 'ready' as const, at: at(25), undo: true }],
        };
        await store.orders.update({ order: back, expectedVersion: picked.version });
        expect(
          (await store.orders.listFinishedSince({ since: at(0), limit: 10 })).map((o) => o.number),
        ).toEqual(['cancelled']);
      });

      it('lists the orders placed in a range, oldest first, the end left out', async () => {
        const { store } = await freshStore();
        const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
        for (const [number, minutes] of [
          ['before', -1],
          ['first', 0],
          ['second', 30],
          ['at the end', 60],
        ] as const) {
          await store.orders.add({
            order: anOrder('0123456789abcdef01234567', {
              number,
              orderTime: at(minutes),
              lastUpdated: at(minutes),
            }),
          });
        }
        const placed = await store.orders.listPlacedBetween({ from: at(0), to: at(60), limit: 10 });
        expect(placed.map((o) => o.number)).toEqual(['first', 'second']);
        expect(
          (await store.orders.listPlacedBetween({ from: at(0), to: at(60), limit: 1 })).map((o) => o.number),
        ).toEqual(['first']);
      });
    });

    describe('settings', () => {
      it('keeps a value per key, replaced by the latest', async () => {
        const { store } = await freshStore();
        expect(await store.settings.get({ key: 'texts' })).toBeNull();
        await store.settings.put({ key: 'texts', value: { on: ['ready'] }, at: T0 });
        await store.settings.put({ key: 'texts', value: { on: ['ready', 'cancelled'] }, at: T0 });
        expect(await store.settings.get({ key: 'texts' })).toEqual({ on: ['ready', 'cancelled'] });
      });
    });

    describe('audit', () => {
      it('keeps entries with their before and after, newest first', async () => {
        const { store } = await freshStore();
        const entry = (minutes: number, action: string) => ({
          at: new Date(T0.getTime() + minutes * 60_000),
          actorId: '0123456789abcdef01234567',
          actorName: 'chef',
          action,
          target: 'c0ffee0000000000000000aa',
          before: { price: 349 },
          after: { price: 399, name: '<b>Fries</b>' },
        });
        await store.audit.add({ entry: entry(1, 'menu.update') });
        const newest = await store.audit.add({ entry: entry(2, 'menu.delete') });
        expect(newest.id).toMatch(/^[0-9a-f]{24}$/);
        const listed = await store.audit.list({ limit: 10 });
        expect(listed.map((e) => e.action)).toEqual(['menu.delete', 'menu.update']);
        expect(listed[0]).toEqual(newest);
        expect(await store.audit.list({ limit: 1 })).toHaveLength(1);
        // The next page starts after the last entry shown, even one of the same instant.
        const twin = await store.audit.add({ entry: entry(2, 'menu.add') });
        const firstPage = await store.audit.list({ limit: 2 });
        const last = firstPage.at(-1);
        if (!last) throw new Error('no first page');
        const secondPage = await store.audit.list({ limit: 2, before: { at: last.at, id: last.id } });
        // Filtered by page (an action's prefix) and by who.
        await store.audit.add({ entry: { ...entry(3, 'staff.invite'), actorName: 'owner' } });
        await store.audit.add({ entry: entry(4, 'menuish.other') });
        const onTheMenu = (await store.audit.list({ limit: 10, actionPrefix: 'menu.' })).map((e) => e.action);
        expect([...onTheMenu].sort()).toEqual(['menu.add', 'menu.delete', 'menu.update']);
        expect(onTheMenu.at(-1)).toBe('menu.update');
        expect((await store.audit.list({ limit: 10, actorName: 'owner' })).map((e) => e.action)).toEqual([
          'staff.invite',
        ]);
        expect([...firstPage, ...secondPage].map((e) => e.id)).toEqual(
          [twin, newest]
            .sort((a, b) => b.id.localeCompare(a.id))
            .map((e) => e.id)
            .concat(listed[1]?.id ?? ''),
        );
      });
    });

    describe('deliveries', () => {
      const ORDER = 'c0ffee0000000000000000aa';
      const OTHER = 'c0ffee0000000000000000bb';
      const report = {
        orderId: ORDER,
        notificationId: 'n1',
        messageId: 'aaaaaaaa-0000-4000-8000-000000000001',
        status: 'delivered' as const,
        at: T0,
      };
      const withText = (userId: string) =>
        anOrder(userId, {
          notifications: [newTextMessage({ id: 'n1', to: '+15555550100', text: 'Ready', at: T0 })],
        });

      it('records each report of an order once, and each order reads with its own', async () => {
        const { store } = await freshStore();
        const customer = await store.users.add({ user: aCustomer(), at: T0 });
        await store.orders.add({ id: ORDER, order: withText(customer.id) });
        await store.orders.add({ id: OTHER, order: withText(customer.id) });
        const submitted = { ...report, status: 'submitted' as const };
        expect(await store.deliveries.record({ report: submitted })).toMatchObject({
          recorded: true,
          order: { id: ORDER, number: '101' },
        });
        expect(await store.deliveries.record({ report })).toMatchObject({ recorded: true });
        expect(await store.deliveries.record({ report })).toEqual({ recorded: false, why: 'repeat' });
        await store.deliveries.record({ report: { ...submitted, orderId: OTHER } });
        expect((await store.orders.get({ id: ORDER }))?.notifications[0]?.delivery).toBe('delivered');
        expect((await store.orders.get({ id: OTHER }))?.notifications[0]?.delivery).toBe('submitted');
      });

      it('records nothing for an order that does not exist, or a text the order does not have', async () => {
        const { store } = await freshStore();
        expect(await store.deliveries.record({ report })).toEqual({ recorded: false, why: 'unknown' });
        const customer = await store.users.add({ user: aCustomer(), at: T0 });
        await store.orders.add({ id: ORDER, order: withText(customer.id) });
        expect(await store.deliveries.record({ report: { ...report, notificationId: 'n9' } })).toEqual({
          recorded: false,
          why: 'unknown',
        });
        const order = await store.orders.get({ id: ORDER });
        expect(order?.notifications.map((n) => n.delivery)).toEqual([null]);
      });

      it('answers the order as it is with the report recorded, for its live event', async () => {
        const { store } = await freshStore();
        const customer = await store.users.add({ user: aCustomer(), at: T0 });
        const added = await store.orders.add({ id: ORDER, order: withText(customer.id) });
        const sent = {
          ...added,
          notifications: added.notifications.map((n) => ({ ...n, status: 'sent' as const })),
        };
        expect(await store.orders.update({ order: sent, expectedVersion: added.version })).toMatchObject({
          version: added.version + 1,
        });
        await store.deliveries.record({ report: { ...report, status: 'submitted' } });
        const result = await store.deliveries.record({ report });
        if (!result.recorded) throw new Error(`not recorded: ${result.why}`);
        expect(result.order.notifications[0]).toMatchObject({ status: 'sent', delivery: 'delivered' });
        expect(result.order.version).toBe(added.version + 1);
      });

      it('shows the furthest report in every read of the order, and keeps it through a change', async () => {
        const { store } = await freshStore();
        const customer = await store.users.add({ user: aCustomer(), at: T0 });
        await store.orders.add({
          id: ORDER,
          order: { ...withText(customer.id), outboxDueAt: T0 },
        });
        for (const status of ['submitted', 'read', 'delivered'] as const) {
          await store.deliveries.record({ report: { ...report, status } });
        }
        const reads = {
          get: [await store.orders.get({ id: ORDER })],
          listOfUser: await store.orders.listOfUser({ userId: customer.id, limit: 10 }),
          listActive: await store.orders.listActive({ limit: 10 }),
          listWithDueNotifications: await store.orders.listWithDueNotifications({ at: T0, limit: 10 }),
        };
        for (const [read, orders] of Object.entries(reads)) {
          expect({ read, delivery: orders.map((o) => o?.notifications[0]?.delivery) }).toEqual({
            read,
            delivery: ['read'],
          });
        }
        const order = reads.get[0];
        if (!order) throw new Error('order not stored');
        // A later change of the order (the relay marks the text sent) keeps the reports.
        const sent = {
          ...order,
          notifications: order.notifications.map((n) => ({ ...n, status: 'sent' as const })),
        };
        expect(await store.orders.update({ order: sent, expectedVersion: order.version })).toMatchObject({
          version: order.version + 1,
        });
        const again = await store.orders.get({ id: ORDER });
        expect(again?.notifications[0]).toMatchObject({ status: 'sent', delivery: 'read' });
      });

      it('answers a write with the reports recorded since the writer read the order', async () => {
        const { store } = await freshStore();
        const customer = await store.users.add({ user: aCustomer(), at: T0 });
        const read = await store.orders.add({ id: ORDER, order: withText(customer.id) });
        // The carrier's report lands while the relay's send is on its way (it never moves the version).
        await store.deliveries.record({ report });
        const sent = {
          ...read,
          notifications: read.notifications.map((n) => ({ ...n, status: 'sent' as const })),
        };
        const saved = await store.orders.update({ order: sent, expectedVersion: read.version });
        expect(saved?.notifications[0]).toMatchObject({ status: 'sent', delivery: 'delivered' });
        expect(saved).toEqual(await store.orders.get({ id: ORDER }));
      });
    });

    describe('sessions', () => {
      const aSession = (id: string, overrides = {}) => ({
        id,
        surface: 'customer' as const,
        userId: '0123456789abcdef01234567',
        stage: 'pending_2fa' as const,
        phone: '+15556661234',
        registration: null,
        verificationId: 'c1a1b1d1-0000-4000-8000-000000000000',
        csrfToken: 'csrf',
        sends: 1,
        lastSentAt: T0,
        createdAt: T0,
        lastSeenAt: T0,
        expiresAt: new Date(T0.getTime() + 600_000),
        account: null,
        ...overrides,
      });

      it("lists an account's signed-in sessions, newest first, not pending ones nor anyone else's", async () => {
        const { store } = await freshStore();
        const later = new Date(T0.getTime() + 1000);
        await store.sessions.add({ session: aSession('full-1', { stage: 'full' }) });
        await store.sessions.add({ session: aSession('full-2', { stage: 'full', createdAt: later }) });
        await store.sessions.add({ session: aSession('pending') });
        await store.sessions.add({
          session: aSession('other', { stage: 'full', userId: 'ffffffffffffffffffffffff' }),
        });
        const listed = await store.sessions.listOfUser({ userId: '0123456789abcdef01234567' });
        expect(listed.map((s) => s.id)).toEqual(['full-2', 'full-1']);
      });

      it('stores, changes and reads back a session', async () => {
        const { store } = await freshStore();
        await store.sessions.add({ session: aSession('s1') });
        expect(await store.sessions.get({ id: 's1' })).toEqual(aSession('s1'));
        const changed = await store.sessions.update({
          id: 's1',
          changes: { verificationId: null, sends: 2 },
        });
        expect(changed).toEqual(aSession('s1', { verificationId: null, sends: 2 }));
        expect(await store.sessions.get({ id: 's1' })).toEqual(changed);
        expect(await store.sessions.update({ id: 'gone', changes: { sends: 3 } })).toBeNull();
      });

      it("keeps a customer's account with the session, dates included", async () => {
        const { store } = await freshStore();
        const account = {
          id: '0123456789abcdef01234567',
          username: 'alice',
          phone: '+15556661234',
          role: 'customer' as const,
          phoneVerifiedAt: T0,
          disabledAt: null,
          displayName: null,
          createdAt: T0,
          updatedAt: null,
        };
        const full = aSession('s1', { stage: 'full', verificationId: null, phone: null, account });
        await store.sessions.add({ session: full });
        expect(await store.sessions.get({ id: 's1' })).toEqual(full);
        expect(await store.sessions.update({ id: 's1', changes: { lastSeenAt: T0 } })).toEqual(full);
      });

      it('lets exactly one of several racing removals consume a session', async () => {
        const { store } = await freshStore();
        await store.sessions.add({ session: aSession('s1') });
        const removed = await Promise.all(
          Array.from({ length: 5 }, () => store.sessions.remove({ id: 's1' })),
        );
        expect(removed.filter(Boolean)).toHaveLength(1);
        expect(await store.sessions.get({ id: 's1' })).toBeNull();
      });

      it("removes an account's pending sessions older than a given one, keeping the newest", async () => {
        const { store } = await freshStore();
        const later = new Date(T0.getTime() + 1000);
        await store.sessions.add({ session: aSession('p-early') });
        await store.sessions.add({ session: aSession('p-same-a', { createdAt: later }) });
        await store.sessions.add({ session: aSession('p-same-b', { createdAt: later }) });
        await store.sessions.add({ session: aSession('full-early', { stage: 'full' }) });
        await store.sessions.add({ session: aSession('other', { userId: 'ffffffffffffffffffffffff' }) });
        const newest = { id: 'p-same-b', createdAt: later };
        expect(
          await store.sessions.removeOlderPending({ userId: '0123456789abcdef01234567', than: newest }),
        ).toBe(2);
        for (const [id, kept] of [
          ['p-early', false],
          ['p-same-a', false],
          ['p-same-b', true],
          ['full-early', true],
          ['other', true],
        ] as const) {
          expect(await store.sessions.get({ id }), id).toEqual(kept ? expect.anything() : null);
        }
      });

      it('lists the sessions waiting for one verification', async () => {
        const { store } = await freshStore();
        await store.sessions.add({ session: aSession('a', { verificationId: 'v1' }) });
        await store.sessions.add({ session: aSession('b', { verificationId: 'v1', userId: null }) });
        await store.sessions.add({ session: aSession('c', { verificationId: 'v2' }) });
        const holders = await store.sessions.holding({ verificationId: 'v1' });
        expect(holders.map((s) => s.id).sort()).toEqual(['a', 'b']);
        expect(await store.sessions.holding({ verificationId: 'v3' })).toEqual([]);
      });

      it("removes an account's sessions, and the expired ones", async () => {
        const { store } = await freshStore();
        await store.sessions.add({ session: aSession('a1') });
        await store.sessions.add({ session: aSession('a2') });
        await store.sessions.add({ session: aSession('b1', { userId: 'ffffffffffffffffffffffff' }) });
        await store.sessions.add({ session: aSession('old', { userId: null, expiresAt: T0 }) });
        expect(await store.sessions.removeOfUser({ userId: '0123456789abcdef01234567' })).toBe(2);
        expect(await store.sessions.removeExpired({ before: new Date(T0.getTime() + 1) })).toBe(1);
        expect(await store.sessions.get({ id: 'b1' })).not.toBeNull();
      });
    });

    describe('trusted devices', () => {
      const ALICE = '0123456789abcdef01234567';
      const BOB = 'ffffffffffffffffffffffff';
      const aDevice = (digest: string, userId = ALICE, days = 90) => ({
        digest,
        userId,
        expiresAt: new Date(T0.getTime() + days * 86_400_000),
      });

      it('remembers a browser for each account that signed in on it, renewing one when it comes again', async () => {
        const { store } = await freshStore();
        expect(await store.devices.get({ digest: 'd1', userId: ALICE })).toBeNull();
        expect(await store.devices.isKnown({ digest: 'd1' })).toBe(false);
        await store.devices.add({ device: aDevice('d1') });
        await store.devices.add({ device: aDevice('d1', BOB) });
        expect(await store.devices.get({ digest: 'd1', userId: ALICE })).toEqual(aDevice('d1'));
        expect(await store.devices.get({ digest: 'd1', userId: BOB })).toEqual(aDevice('d1', BOB));
        expect(await store.devices.isKnown({ digest: 'd1' })).toBe(true);
        await store.devices.add({ device: aDevice('d1', ALICE, 120) });
        expect(await store.devices.get({ digest: 'd1', userId: ALICE })).toEqual(aDevice('d1', ALICE, 120));
        expect(await store.devices.get({ digest: 'd2', userId: ALICE })).toBeNull();
      });

      it("forgets an account's devices, and the expired ones", async () => {
        const { store } = await freshStore();
        await store.devices.add({ device: aDevice('mine-1') });
        await store.devices.add({ device: aDevice('shared') });
        await store.devices.add({ device: aDevice('shared', BOB) });
        await store.devices.add({ device: aDevice('old', BOB, -1) });
        expect(await store.devices.removeOfUser({ userId: ALICE })).toBe(2);
        expect(await store.devices.removeExpired({ before: T0 })).toBe(1);
        expect(await store.devices.get({ digest: 'shared', userId: BOB })).not.toBeNull();
        expect(await store.devices.get({ digest: 'shared', userId: ALICE })).toBeNull();
        expect(await store.devices.isKnown({ digest: 'mine-1' })).toBe(false);
      });
    });

    describe('counters', () => {
      it('counts hits per fixed window, and starts again in the next one', async () => {
        const { store } = await freshStore();
        const window = { key: 'password-ip:203.0.113.9', windowSeconds: 60 };
        const first = await store.counters.hit({ ...window, at: T0 });
        expect(first).toMatchObject({ count: 1, resetsAt: new Date(T0.getTime() + 60_000) });
        expect((await store.counters.hit({ ...window, at: new Date(T0.getTime() + 59_000) })).count).toBe(2);
        expect((await store.counters.peek({ ...window, at: T0 })).count).toBe(2);
        expect((await store.counters.hit({ ...window, at: new Date(T0.getTime() + 60_000) })).count).toBe(1);
        expect((await store.counters.peek({ key: 'other', windowSeconds: 60, at: T0 })).count).toBe(0);
      });

      it('loses no hit when many land at once, and counts each in its own place', async () => {
        const { store } = await freshStore();
        const hits = await Promise.all(
          Array.from({ length: 20 }, () => store.counters.hit({ key: 'k', windowSeconds: 60, at: T0 })),
        );
        expect(hits.map((hit) => hit.count).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
        expect((await store.counters.peek({ key: 'k', windowSeconds: 60, at: T0 })).count).toBe(20);
      });

      it('takes back the hit of a receipt, once, even when takers race', async () => {
        const { store } = await freshStore();
        const window = { key: 'sms-codes-hour:all', windowSeconds: 3600, at: T0 };
        const hits = await Promise.all(Array.from({ length: 6 }, () => store.counters.hit(window)));
        const [kept, ...takenBack] = hits;
        await Promise.all(takenBack.map(({ receipt }) => store.counters.retract({ ...window, receipt })));
        expect((await store.counters.peek(window)).count).toBe(1);
        // A receipt spent twice takes back nothing more where hits are rows (MongoDB).
        await store.counters.retract({ ...window, receipt: kept?.receipt ?? '' });
        expect((await store.counters.peek(window)).count).toBe(0);
        await store.counters.retract({ ...window, receipt: kept?.receipt ?? '' });
        expect((await store.counters.peek(window)).count).toBe(0);
      });

      it('forgets windows that have ended', async () => {
        const { store } = await freshStore();
        await store.counters.hit({ key: 'k', windowSeconds: 60, at: T0 });
        expect(await store.counters.removeStale({ before: new Date(T0.getTime() + 61_000) })).toBe(1);
        expect((await store.counters.peek({ key: 'k', windowSeconds: 60, at: T0 })).count).toBe(0);
      });

      it('hands out sequence numbers once each, from 1', async () => {
        const { store } = await freshStore();
        const values = await Promise.all(
          Array.from({ length: 10 }, () => store.counters.next({ name: 'order-number' })),
        );
        expect([...values].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(await store.counters.next({ name: 'other' })).toBe(1);
      });
    });

    describe('events', () => {
      const event = (userId: string, n: number) => ({
        topic: 'order' as const,
        userId,
        at: new Date(T0.getTime() + n * 1000),
        payload: { n, note: '<b>as text</b>' },
      });

      it('numbers events in order and lists them after a sequence number, per user or all', async () => {
        const { store } = await freshStore();
        expect(await store.events.latestSeq()).toBe(0);
        const [a1] = await store.events.append({ events: [event('alice', 1)] });
        const [b1] = await store.events.append({ events: [event('bob', 2)] });
        const [a2] = await store.events.append({ events: [event('alice', 3)] });
        if (!a1 || !b1 || !a2) throw new Error('an append returned no event');
        expect(a1.seq).toBeLessThan(b1.seq);
        expect(b1.seq).toBeLessThan(a2.seq);
        expect(await store.events.latestSeq()).toBe(a2.seq);
        expect(await store.events.since({ after: 0, limit: 10 })).toEqual([a1, b1, a2]);
        expect(await store.events.since({ after: a1.seq, limit: 10, userId: 'alice' })).toEqual([a2]);
        expect(await store.events.since({ after: 0, limit: 1 })).toEqual([a1]);
      });

      it("forgets one user's events, and nobody else's", async () => {
        const { store } = await freshStore();
        const [, b1] = await store.events.append({ events: [event('alice', 1), event('bob', 2)] });
        await store.events.append({ events: [event('alice', 3)] });
        await store.events.removeOfUser({ userId: 'alice' });
        const left = await store.events.since({ after: 0, limit: 10 });
        // The newest may stay (SQLite keeps it to number the next), emptied of what it said.
        expect(left.filter((e) => e.userId === 'alice' && Object.keys(e.payload).length > 0)).toEqual([]);
        expect(left.filter((e) => e.userId === 'bob')).toEqual([b1]);
      });

      it('numbers a round of events together, consecutively in the order given', async () => {
        const { store } = await freshStore();
        const [before] = await store.events.append({ events: [event('alice', 1)] });
        const round = await store.events.append({
          events: [event('bob', 2), event('alice', 3), event('carol', 4)],
        });
        const first = (before?.seq ?? 0) + 1;
        expect(round.map((e) => [e.seq, e.userId, e.payload.n])).toEqual([
          [first, 'bob', 2],
          [first + 1, 'alice', 3],
          [first + 2, 'carol', 4],
        ]);
        expect(await store.events.since({ after: before?.seq ?? 0, limit: 10 })).toEqual(round);
        expect(await store.events.latestSeq()).toBe(first + 2);
        expect(await store.events.append({ events: [] })).toEqual([]);
        expect(await store.events.latestSeq()).toBe(first + 2);
      });

      it('forgets old events', async () => {
        const { store } = await freshStore();
        await store.events.append({ events: [event('alice', 1)] });
        const [kept] = await store.events.append({ events: [event('alice', 100)] });
        expect(await store.events.removeBefore({ before: new Date(T0.getTime() + 50_000) })).toBe(1);
        expect(await store.events.since({ after: 0, limit: 10 })).toEqual([kept]);
      });

      it('keeps counting up after every event is old: numbers never go back', async () => {
        const { store } = await freshStore();
        await store.events.append({ events: [event('alice', 1)] });
        const [last] = await store.events.append({ events: [event('alice', 2)] });
        await store.events.removeBefore({ before: new Date(T0.getTime() + 86_400_000) });
        const [next] = await store.events.append({ events: [event('alice', 3)] });
        expect(next?.seq).toBeGreaterThan(last?.seq ?? Infinity);
      });
    });

    describe('transient claims', () => {
      it('forgets old claims whose key holds a colon, and never the app milestones', async () => {
        const { store } = await freshStore();
        await store.milestones.claimOnce({ key: 'menu.seeded', at: T0 });
        await store.milestones.claimOnce({ key: 'relay:abc:n1:1:9', at: T0 });
        await store.milestones.claimOnce({ key: 'session-used:xyz', at: new Date(T0.getTime() + 7_200_000) });
        expect(await store.milestones.removeTransient({ before: new Date(T0.getTime() + 3_600_000) })).toBe(
          1,
        );
        expect(await store.milestones.has({ key: 'menu.seeded' })).toBe(true);
        expect(await store.milestones.has({ key: 'relay:abc:n1:1:9' })).toBe(false);
        expect(await store.milestones.has({ key: 'session-used:xyz' })).toBe(true);
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
