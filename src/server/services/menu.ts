// Menu use cases: what customers see, and the starter menu on a brand-new database.
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { ARTICLE_MENU, assertValidMenuItem, type MenuItem, type NewMenuItem } from '../domain/menu.js';
import type { Account } from '../domain/user.js';
import type { Store } from '../ports/store.js';

/** Milestone recorded once the starter menu is in place, so it is never seeded again. */
export const MENU_SEEDED_MILESTONE = 'menu.seeded';
/** How long a read of the menu is kept (customers' menu, the prices of orders). */
export const MENU_KEPT_MS = 1000;

export interface MenuService {
  /** Every dish, 86'd ones included, in menu order (the editor's view). */
  listAll(): Promise<MenuItem[]>;
  /** Menu changes by an admin, each recorded in the audit log (who, when, before → after). */
  addDish(args: { by: Account; item: NewMenuItem }): Promise<MenuItem>;
  replaceDish(args: { by: Account; id: string; item: NewMenuItem }): Promise<MenuItem>;
  removeDish(args: { by: Account; id: string }): Promise<void>;
  /**
   * The dishes a customer can order now, in menu order. This and `dishesForOrders` share one
   * read of the menu, kept for a second (MENU_KEPT_MS) and shared by every caller meanwhile, so
   * the busiest pages and writes of the app read the menu at most once a second per instance.
   * A change made here drops it at once; one made on another instance shows within the second.
   */
  listForCustomers(): Promise<MenuItem[]>;
  /** Every dish by id, as orders are priced from it (the same kept read). */
  dishesForOrders(): Promise<ReadonlyMap<string, MenuItem>>;
  /** Calls `listener` after every change made here (add, replace, delete); returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  /**
   * On the first start of a database, puts the article's Hamburger and Soda on the menu. Never
   * again once that is done (even if every dish is later deleted), and never over a menu
   * someone filled by hand before. Safe to retry after a failure half-way and to run on several
   * instances at once. Returns how many dishes this call added.
   */
  seedStarterMenuOnFirstStart(): Promise<number>;
}

/** What the audit log keeps of a dish. */
function snapshot(dish: MenuItem): Record<string, unknown> {
  const { name, price, description, category, available, position } = dish;
  return { name, price, description, category, available, position };
}

export function createMenuService(deps: { store: Store; now: () => Date }): MenuService {
  const { store, now } = deps;
  const listeners = new Set<() => void>();
  interface KeptMenu {
    available: MenuItem[];
    byId: ReadonlyMap<string, MenuItem>;
  }
  let kept: { menu: Promise<KeptMenu>; until: number } | null = null;
  const changed = () => {
    kept = null;
    for (const listener of listeners) listener();
  };
  const audit = (
    by: Account,
    action: string,
    target: string,
    before: MenuItem | null,
    after: MenuItem | null,
  ) =>
    store.audit.add({
      entry: {
        at: now(),
        actorId: by.id,
        actorName: by.username,
        action,
        target,
        before: before && snapshot(before),
        after: after && snapshot(after),
      },
    });

  /** One read of the whole menu per second, whoever asks meanwhile waits for the same one. */
  function keptMenu(): Promise<KeptMenu> {
    const at = now().getTime();
    // A clock moved back (tests) reads afresh rather than keeping the menu for ever.
    if (kept && at < kept.until && at >= kept.until - MENU_KEPT_MS) return kept.menu;
    const menu = store.menu.list({ availableOnly: false }).then((list) => ({
      available: list.filter((dish) => dish.available),
      byId: new Map(list.map((dish) => [dish.id, dish])),
    }));
    kept = { menu, until: at + MENU_KEPT_MS };
    // A failed read is not kept.
    menu.catch(() => {
      if (kept?.menu === menu) kept = null;
    });
    return menu;
  }

  return {
    listAll: () => store.menu.list({ availableOnly: false }),

    async addDish({ by, item }) {
      assertValidMenuItem(item);
      const dish = await store.menu.add({ item, at: now() });
      changed();
      await audit(by, 'menu.add', dish.id, null, dish);
      return dish;
    },

    async replaceDish({ by, id, item }) {
      assertValidMenuItem(item);
      const before = await store.menu.get({ id });
      if (!before) throw new NotFoundError('The dish');
      const after = await store.menu.replace({ id, item, at: now() });
      if (!after) throw new NotFoundError('The dish');
      changed();
      await audit(by, 'menu.update', id, before, after);
      return after;
    },

    async removeDish({ by, id }) {
      const before = await store.menu.get({ id });
      if (!before || !(await store.menu.remove({ id }))) throw new NotFoundError('The dish');
      changed();
      await audit(by, 'menu.delete', id, before, null);
    },

    listForCustomers: async () => (await keptMenu()).available,

    dishesForOrders: async () => (await keptMenu()).byId,

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async seedStarterMenuOnFirstStart() {
      if (await store.milestones.has({ key: MENU_SEEDED_MILESTONE })) return 0;
      const at = now();
      const starterIds = new Set(ARTICLE_MENU.map((dish) => dish.id));
      const existing = await store.menu.list({ availableOnly: false });
      const filledByHand = existing.some((dish) => !starterIds.has(dish.id));
      let added = 0;
      if (!filledByHand) {
        for (const [position, { id, ...dish }] of ARTICLE_MENU.entries()) {
          if (existing.some((present) => present.id === id)) continue;
          const item = { ...dish, position };
          assertValidMenuItem(item);
          try {
            await store.menu.add({ item, at, id });
            added += 1;
          } catch (error) {
            // Another instance seeding at the same moment stored it first: the dish is there.
            if (!(error instanceof ConflictError)) throw error;
          }
        }
      }
      // Recorded last: a failure above leaves the milestone open, and the next attempt resumes.
      await store.milestones.claimOnce({ key: MENU_SEEDED_MILESTONE, at });
      return added;
    },
  };
}
