import { describe, expect, it } from 'vitest';
import { ConflictError, DependencyUnavailableError } from '../../src/server/domain/errors.js';
import type { MenuItem, NewMenuItem } from '../../src/server/domain/menu.js';
import type { Store } from '../../src/server/ports/store.js';
import { createMenuService, MENU_SEEDED_MILESTONE } from '../../src/server/services/menu.js';
import { aCustomer, aDish } from '../support/factories.js';
import { strictFake } from '../support/strict-fake.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const HAMBURGER_ID = '5eed00000000000000000001';

function dishWithId(id: string, overrides: Partial<NewMenuItem> = {}): MenuItem {
  return { ...aDish(overrides), id, photo: null, createdAt: NOW, updatedAt: NOW };
}

/** A store faking a database in the given state, recording what the seed did to it. */
function storeWith(options: {
  milestoneReached?: boolean;
  dishes?: MenuItem[];
  addFails?: (id: string | undefined) => Error | undefined;
}) {
  const added: { item: NewMenuItem; id: string | undefined }[] = [];
  const claimed: string[] = [];
  const store = strictFake<Store>({
    milestones: {
      has: ({ key }) => Promise.resolve(key === MENU_SEEDED_MILESTONE && options.milestoneReached === true),
      claimOnce: ({ key }) => {
        claimed.push(key);
        return Promise.resolve(true);
      },
    },
    menu: {
      list: () => Promise.resolve(options.dishes ?? []),
      add: ({ item, at, id }) => {
        const failure = options.addFails?.(id);
        if (failure) return Promise.reject(failure);
        added.push({ item, id });
        return Promise.resolve({
          ...item,
          id: id ?? 'ffffffffffffffffffffffff',
          photo: null,
          createdAt: at,
          updatedAt: at,
        });
      },
    },
  });
  return {
    seed: () => createMenuService({ store, now: () => NOW }).seedStarterMenuOnFirstStart(),
    added,
    claimed,
  };
}

describe('seeding the starter menu', () => {
  it("puts the article's Hamburger ($9.95) and Soda ($1.99) on a new database, then records it", async () => {
    const { seed, added, claimed } = storeWith({});
    expect(await seed()).toBe(2);
    expect(
      added.map(({ item: { name, price, available, position } }) => ({ name, price, available, position })),
    ).toEqual([
      { name: 'Hamburger', price: 995, available: true, position: 0 },
      { name: 'Soda', price: 199, available: true, position: 1 },
    ]);
    expect(added.every(({ id }) => id !== undefined && /^[0-9a-f]{24}$/.test(id))).toBe(true);
    expect(claimed).toEqual([MENU_SEEDED_MILESTONE]);
  });

  it('never seeds again once recorded, even if the menu is empty now', async () => {
    // Only `milestones.has` is faked: any other store call fails the test.
    const store = strictFake<Store>({ milestones: { has: () => Promise.resolve(true) } });
    await expect(createMenuService({ store, now: () => NOW }).seedStarterMenuOnFirstStart()).resolves.toBe(0);
  });

  it('leaves a menu alone that someone filled by hand, and records that the seed is settled', async () => {
    const { seed, added, claimed } = storeWith({ dishes: [dishWithId('0123456789abcdef01234567')] });
    expect(await seed()).toBe(0);
    expect(added).toEqual([]);
    expect(claimed).toEqual([MENU_SEEDED_MILESTONE]);
  });

  it('resumes after a failure half-way: adds what is missing and nothing twice', async () => {
    const { seed, added } = storeWith({ dishes: [dishWithId(HAMBURGER_ID, { name: 'Hamburger' })] });
    expect(await seed()).toBe(1);
    expect(added.map(({ item }) => item.name)).toEqual(['Soda']);
  });

  it('takes a dish another instance stored at the same moment as done', async () => {
    const { seed, claimed } = storeWith({
      addFails: (id) => (id === HAMBURGER_ID ? new ConflictError('duplicate key') : undefined),
    });
    expect(await seed()).toBe(1);
    expect(claimed).toEqual([MENU_SEEDED_MILESTONE]);
  });

  it('does not record the seed when the database fails during it, so the next attempt retries', async () => {
    const outage = new DependencyUnavailableError('store', 'down');
    const { seed, claimed } = storeWith({ addFails: () => outage });
    await expect(seed()).rejects.toBe(outage);
    expect(claimed).toEqual([]);
  });
});

describe('the customer menu', () => {
  it("shows available dishes only, in menu order, from the same read as orders' prices", async () => {
    const calls: unknown[] = [];
    const burger = dishWithId(HAMBURGER_ID, { name: 'Hamburger', position: 0 });
    const eightySixed = dishWithId('5eed00000000000000000003', {
      name: 'Soup',
      available: false,
      position: 1,
    });
    const soda = dishWithId('5eed00000000000000000002', { name: 'Soda', position: 2 });
    const store = strictFake<Store>({
      settings: { get: () => Promise.resolve(null) },
      menu: {
        list: (args) => {
          calls.push(args);
          return Promise.resolve([burger, eightySixed, soda]);
        },
      },
    });
    const menu = createMenuService({ store, now: () => NOW });
    const [shown, priced] = await Promise.all([menu.listForCustomers(), menu.dishesForOrders()]);
    expect(shown.map((dish) => dish.name)).toEqual(['Hamburger', 'Soda']);
    expect([...priced.keys()]).toEqual([burger.id, eightySixed.id, soda.id]);
    expect(await menu.listForCustomers()).toEqual(shown);
    expect(calls).toEqual([{ availableOnly: false }]);
  });
});

describe('the dishes orders are priced from', () => {
  function menuReadsCounted(options: { failFirst?: boolean } = {}) {
    let reads = 0;
    let at = NOW.getTime();
    const soda = dishWithId('5eed00000000000000000002', { name: 'Soda', price: 199 });
    const store = strictFake<Store>({
      settings: { get: () => Promise.resolve(null) },
      menu: {
        list: () => {
          reads += 1;
          if (options.failFirst && reads === 1)
            return Promise.reject(new DependencyUnavailableError('store', 'down'));
          return Promise.resolve([soda]);
        },
        remove: () => Promise.resolve(true),
        get: () => Promise.resolve(soda),
      },
      audit: { add: ({ entry }) => Promise.resolve({ ...entry, id: 'audit-1' }) },
    });
    const menu = createMenuService({ store, now: () => new Date(at) });
    return {
      menu,
      reads: () => reads,
      advance: (ms: number) => {
        at += ms;
      },
    };
  }

  it('reads the menu once a second at most, by dish id', async () => {
    const { menu, reads, advance } = menuReadsCounted();
    const dishes = await menu.dishesForOrders();
    expect(dishes.get('5eed00000000000000000002')).toMatchObject({ name: 'Soda', price: 199 });
    advance(999);
    await menu.dishesForOrders();
    expect(reads()).toBe(1);
    advance(1);
    await menu.dishesForOrders();
    expect(reads()).toBe(2);
    // A clock moved back reads afresh instead of keeping the old menu for ever.
    advance(-60_000);
    await menu.dishesForOrders();
    expect(reads()).toBe(3);
  });

  it('reads afresh at once after a change made here', async () => {
    const { menu, reads } = menuReadsCounted();
    await menu.dishesForOrders();
    const chef = {
      ...aCustomer({ username: 'chef', role: 'admin' }),
      id: '0123456789abcdef01234567',
      disabledAt: null,
      displayName: null,
      invitation: null,
      createdAt: NOW,
      updatedAt: NOW,
    };
    await menu.removeDish({ by: chef, id: '5eed00000000000000000002' });
    await menu.dishesForOrders();
    expect(reads()).toBe(2);
  });

  it('does not keep a failed read', async () => {
    const { menu, reads } = menuReadsCounted({ failFirst: true });
    await expect(menu.dishesForOrders()).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(menu.dishesForOrders()).resolves.toHaveProperty('size', 1);
    expect(reads()).toBe(2);
  });
});

describe('dish photos as served', () => {
  it('reads a photo file from the store once, then from memory (a name never changes content)', async () => {
    let reads = 0;
    const bytes = Buffer.from('webp bytes');
    const store = strictFake<Store>({
      photos: {
        get: ({ name }) => {
          reads += 1;
          return Promise.resolve(name === 'a-400.webp' ? { contentType: 'image/webp', bytes } : null);
        },
      },
    });
    const menu = createMenuService({ store, now: () => NOW });
    expect(await menu.photoFile('a-400.webp')).toEqual({ contentType: 'image/webp', bytes });
    expect(await menu.photoFile('a-400.webp')).toEqual({ contentType: 'image/webp', bytes });
    expect(reads).toBe(1);
    // A photo that is not stored is asked for again: it may be uploaded meanwhile.
    expect(await menu.photoFile('b-400.webp')).toBeNull();
    expect(await menu.photoFile('b-400.webp')).toBeNull();
    expect(reads).toBe(3);
  });
});
