import { describe, expect, it } from 'vitest';
import type { NewMenuItem } from '../../src/server/domain/menu.js';
import type { Store } from '../../src/server/ports/store.js';
import { createMenuService, MENU_SEEDED_MILESTONE } from '../../src/server/services/menu.js';
import { strictFake } from '../support/strict-fake.js';

const NOW = new Date('2026-11-28T12:00:00Z');

function storeWith(options: { firstStart: boolean; dishesAlready: number }) {
  const added: NewMenuItem[] = [];
  const claimed: string[] = [];
  const store = strictFake<Store>({
    milestones: {
      claimOnce: ({ key }) => {
        claimed.push(key);
        return Promise.resolve(options.firstStart);
      },
    },
    menu: {
      count: () => Promise.resolve(options.dishesAlready),
      add: ({ item, at }) => {
        added.push(item);
        return Promise.resolve({
          ...item,
          id: String(added.length).padStart(24, '0'),
          createdAt: at,
          updatedAt: at,
        });
      },
    },
  });
  return { store, added, claimed };
}

describe('seeding the starter menu', () => {
  it("puts the article's Hamburger ($9.95) and Soda ($1.99) on the menu of a new database", async () => {
    const { store, added, claimed } = storeWith({ firstStart: true, dishesAlready: 0 });
    const seeded = await createMenuService({ store, now: () => NOW }).seedStarterMenuOnFirstStart();
    expect(seeded).toBe(2);
    expect(claimed).toEqual([MENU_SEEDED_MILESTONE]);
    expect(
      added.map(({ name, price, available, position }) => ({ name, price, available, position })),
    ).toEqual([
      { name: 'Hamburger', price: 995, available: true, position: 0 },
      { name: 'Soda', price: 199, available: true, position: 1 },
    ]);
  });

  it('never seeds again once the milestone was claimed, even if the menu is now empty', async () => {
    // `menu.add` and `menu.count` are not faked: touching them fails the test.
    const store = strictFake<Store>({ milestones: { claimOnce: () => Promise.resolve(false) } });
    await expect(createMenuService({ store, now: () => NOW }).seedStarterMenuOnFirstStart()).resolves.toBe(0);
  });

  it('leaves a menu alone that someone filled by hand before the first start', async () => {
    const { store, added } = storeWith({ firstStart: true, dishesAlready: 2 });
    await expect(createMenuService({ store, now: () => NOW }).seedStarterMenuOnFirstStart()).resolves.toBe(0);
    expect(added).toEqual([]);
  });
});

describe('the customer menu', () => {
  it('asks the store for available dishes only', async () => {
    const calls: unknown[] = [];
    const store = strictFake<Store>({
      menu: {
        list: (args) => {
          calls.push(args);
          return Promise.resolve([]);
        },
      },
    });
    await createMenuService({ store, now: () => NOW }).listForCustomers();
    expect(calls).toEqual([{ availableOnly: true }]);
  });
});
