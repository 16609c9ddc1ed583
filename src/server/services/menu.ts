// Menu use cases: what customers see, and the starter menu on a brand-new database.
import { ARTICLE_MENU, assertValidMenuItem, type MenuItem } from '../domain/menu.js';
import type { Store } from '../ports/store.js';

/** Milestone recorded once the starter menu has been offered, so it is never seeded twice. */
export const MENU_SEEDED_MILESTONE = 'menu.seeded';

export interface MenuService {
  /** The dishes a customer can order now, in menu order. */
  listForCustomers(): Promise<MenuItem[]>;
  /**
   * On the very first start of a database, puts the article's Hamburger and Soda on the menu.
   * Never again afterwards (even if every dish is later deleted), and never over dishes that
   * are already there (a database the article's reader filled by hand). Returns how many
   * dishes it added.
   */
  seedStarterMenuOnFirstStart(): Promise<number>;
}

export function createMenuService(deps: { store: Store; now: () => Date }): MenuService {
  const { store, now } = deps;
  return {
    listForCustomers: () => store.menu.list({ availableOnly: true }),

    async seedStarterMenuOnFirstStart() {
      const at = now();
      // Claim first: with several instances starting together only one may seed.
      if (!(await store.milestones.claimOnce({ key: MENU_SEEDED_MILESTONE, at }))) return 0;
      if ((await store.menu.count()) > 0) return 0;
      const items = ARTICLE_MENU.map((item, position) => ({ ...item, position }));
      for (const item of items) {
        assertValidMenuItem(item);
        await store.menu.add({ item, at });
      }
      return items.length;
    },
  };
}
