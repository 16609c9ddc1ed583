// Menu use cases: what customers see, and the starter menu on a brand-new database.
import { ConflictError } from '../domain/errors.js';
import { ARTICLE_MENU, assertValidMenuItem, type MenuItem } from '../domain/menu.js';
import type { Store } from '../ports/store.js';

/** Milestone recorded once the starter menu is in place, so it is never seeded again. */
export const MENU_SEEDED_MILESTONE = 'menu.seeded';

export interface MenuService {
  /** The dishes a customer can order now, in menu order. */
  listForCustomers(): Promise<MenuItem[]>;
  /**
   * On the first start of a database, puts the article's Hamburger and Soda on the menu. Never
   * again once that is done (even if every dish is later deleted), and never over a menu
   * someone filled by hand before. Safe to retry after a failure half-way and to run on several
   * instances at once. Returns how many dishes this call added.
   */
  seedStarterMenuOnFirstStart(): Promise<number>;
}

export function createMenuService(deps: { store: Store; now: () => Date }): MenuService {
  const { store, now } = deps;
  return {
    listForCustomers: () => store.menu.list({ availableOnly: true }),

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
