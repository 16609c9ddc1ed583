// Menu use cases: what customers see (in sections, sold-out dishes included), the editor's
// changes (dishes, 86s, the order of categories and dishes, photos), moving a whole menu in and
// out as a file, and the starter menu on a brand-new database.
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import {
  ARTICLE_MENU,
  assertValidMenuItem,
  categoriesInOrder,
  PHOTO_WIDTHS,
  photoFileName,
  type DishPhoto,
  type MenuItem,
  type NewMenuItem,
} from '../domain/menu.js';
import type { Account } from '../domain/user.js';
import { photoFromRenditions, processPhoto, type ProcessedPhoto } from '../infrastructure/photos.js';
import type { Store } from '../ports/store.js';
import { auditedSetting, keptFor } from './settings.js';

/** Milestone recorded once the starter menu is in place, so it is never seeded again. */
export const MENU_SEEDED_MILESTONE = 'menu.seeded';
/** How long a read of the menu is kept (customers' menu, the prices of orders). */
export const MENU_KEPT_MS = 1000;
/** Photo files kept in memory per instance: a whole menu's renditions many times over. */
const PHOTO_CACHE_BYTES = 32 * 1024 * 1024;

/** The customer menu: categories in order, and every dish (sold out included) in menu order. */
export interface CustomerMenu {
  categories: readonly string[];
  dishes: readonly MenuItem[];
}

/** A whole menu as a file holds it: dishes with their ids, and their photos' renditions. */
export interface MenuFile {
  categories: readonly string[];
  dishes: readonly (NewMenuItem & { id: string; photo: { small: Buffer; large: Buffer } | null })[];
}

export interface MenuImportReport {
  dryRun: boolean;
  categories: number;
  added: number;
  replaced: number;
  photos: number;
}

export interface MenuService {
  /** Every dish, 86'd ones included, in menu order (the editor's view). */
  listAll(): Promise<MenuItem[]>;
  /** Menu changes by an admin, each recorded in the audit log (who, when, before → after). */
  addDish(args: { by: Account; item: NewMenuItem }): Promise<MenuItem>;
  replaceDish(args: { by: Account; id: string; item: NewMenuItem }): Promise<MenuItem>;
  removeDish(args: { by: Account; id: string }): Promise<void>;
  /** 86s or un-86s dishes at once; the dishes as they now are. */
  setAvailability(args: { by: Account; ids: readonly string[]; available: boolean }): Promise<MenuItem[]>;
  /** The admins' order of categories (renaming any `was`) and of dishes. */
  categoryOrder(): Promise<string[]>;
  arrange(args: {
    by: Account;
    categories: readonly { name: string; was?: string | undefined }[];
    dishes: readonly string[];
  }): Promise<CustomerMenu>;
  /** A photo uploaded for a dish: checked, cleaned and stored; the dish with it. */
  setPhoto(args: { by: Account; id: string; bytes: Buffer }): Promise<MenuItem>;
  removePhoto(args: { by: Account; id: string }): Promise<MenuItem>;
  /** A photo file by name (a rendition), as stored; the ones served lately come from memory. */
  photoFile(name: string): Promise<{ contentType: string; bytes: Buffer } | null>;
  exportMenu(): Promise<MenuFile>;
  /** Adds or replaces every dish of the file (by id) and takes its order of categories. */
  importMenu(args: { by: Account; file: MenuFile; dryRun: boolean }): Promise<MenuImportReport>;
  /**
   * The dishes a customer can order now, in menu order. This, `customerMenu` and `dishesForOrders`
   * share one read of the menu, kept for a second (MENU_KEPT_MS) and shared by every caller
   * meanwhile, so the busiest pages and writes of the app read the menu at most once a second per
   * instance. A change made here drops it at once; one made on another instance shows within the
   * second. Each read is a new object: callers may keep work done for it until it changes.
   */
  listForCustomers(): Promise<MenuItem[]>;
  customerMenu(): Promise<CustomerMenu>;
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

/** A dish's own fields, as a menu file and the store keep them (its photo goes its own way). */
const dishOf = (dish: NewMenuItem): NewMenuItem => ({
  name: dish.name,
  price: dish.price,
  description: dish.description,
  category: dish.category,
  available: dish.available,
  position: dish.position,
  options: dish.options,
  tags: dish.tags,
  allergens: dish.allergens,
});

/** What the audit log keeps of a dish. */
const snapshot = (dish: MenuItem): Record<string, unknown> => ({ ...dishOf(dish), photo: dish.photo });

/** Dishes as the customer menu lists them: by category in the admins' order, then by position. */
function inSections(order: readonly string[], dishes: readonly MenuItem[]): CustomerMenu {
  const categories = categoriesInOrder(order, dishes);
  const rank = new Map(categories.map((name, index) => [name, index]));
  const sorted = [...dishes].sort((a, b) => (rank.get(a.category) ?? 0) - (rank.get(b.category) ?? 0));
  return { categories, dishes: sorted };
}

export function createMenuService(deps: { store: Store; now: () => Date }): MenuService {
  const { store, now } = deps;
  const listeners = new Set<() => void>();
  // The order of categories: kept for a second like the dishes, and read only for the customer
  // menu in sections (pricing an order and the original app's list never wait for it).
  const order = keptFor(
    auditedSetting<string[]>(deps, {
      key: 'menu-categories',
      read: (stored) => {
        const names = (stored as { categories?: unknown } | null)?.categories;
        return Array.isArray(names) ? names.filter((name): name is string => typeof name === 'string') : [];
      },
      describe: (categories) => ({ categories }),
    }),
    MENU_KEPT_MS,
    now,
  );
  interface KeptMenu {
    all: MenuItem[];
    available: MenuItem[];
    byId: ReadonlyMap<string, MenuItem>;
  }
  /** The last customer menu made, and what it was made from. */
  let sections: { menu: KeptMenu; order: string[]; customer: CustomerMenu } | null = null;
  let kept: { menu: Promise<KeptMenu>; until: number } | null = null;
  // Photo files never change under their name: the ones served lately are kept in memory.
  const photoCache = new Map<string, { contentType: string; bytes: Buffer }>();
  let photoCacheBytes = 0;
  const changed = () => {
    kept = null;
    for (const listener of listeners) listener();
  };
  const audit = (
    by: Account,
    action: string,
    target: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
  ) =>
    store.audit.add({
      entry: { at: now(), actorId: by.id, actorName: by.username, action, target, before, after },
    });

  /** One read of the whole menu per second, whoever asks meanwhile waits for the same one. */
  function keptMenu(): Promise<KeptMenu> {
    const at = now().getTime();
    // A clock moved back (tests) reads afresh rather than keeping the menu for ever.
    if (kept && at < kept.until && at >= kept.until - MENU_KEPT_MS) return kept.menu;
    const menu = store.menu.list({ availableOnly: false }).then((all) => ({
      all,
      available: all.filter((dish) => dish.available),
      byId: new Map(all.map((dish) => [dish.id, dish])),
    }));
    kept = { menu, until: at + MENU_KEPT_MS };
    // A failed read is not kept.
    menu.catch(() => {
      if (kept?.menu === menu) kept = null;
    });
    return menu;
  }

  /** The menu in sections, made again only when the dishes or their order were read afresh. */
  async function customerMenu(): Promise<CustomerMenu> {
    const [menu, categories] = await Promise.all([keptMenu(), order.get()]);
    if (sections?.menu !== menu || sections.order !== categories) {
      sections = { menu, order: categories, customer: inSections(categories, menu.all) };
    }
    return sections.customer;
  }

  async function existing(id: string): Promise<MenuItem> {
    const dish = await store.menu.get({ id });
    if (!dish) throw new NotFoundError('The dish');
    return dish;
  }

  async function storePhoto(processed: ProcessedPhoto): Promise<DishPhoto> {
    const at = now();
    for (const file of processed.files) await store.photos.put({ ...file, at });
    return processed.photo;
  }

  async function photoChange(by: Account, id: string, photo: DishPhoto | null): Promise<MenuItem> {
    const before = await existing(id);
    const after = await store.menu.setPhoto({ id, photo, at: now() });
    if (!after) throw new NotFoundError('The dish');
    changed();
    await audit(by, 'menu.photo', id, { photo: before.photo }, { photo: after.photo });
    return after;
  }

  return {
    async listAll() {
      const [list, categories] = await Promise.all([store.menu.list({ availableOnly: false }), order.get()]);
      return [...inSections(categories, list).dishes];
    },

    async addDish({ by, item }) {
      assertValidMenuItem(item);
      const dish = await store.menu.add({ item, at: now() });
      changed();
      await audit(by, 'menu.add', dish.id, null, snapshot(dish));
      return dish;
    },

    async replaceDish({ by, id, item }) {
      assertValidMenuItem(item);
      const before = await existing(id);
      const after = await store.menu.replace({ id, item, at: now() });
      if (!after) throw new NotFoundError('The dish');
      changed();
      await audit(by, 'menu.update', id, snapshot(before), snapshot(after));
      return after;
    },

    async removeDish({ by, id }) {
      const before = await store.menu.get({ id });
      if (!before || !(await store.menu.remove({ id }))) throw new NotFoundError('The dish');
      changed();
      await audit(by, 'menu.delete', id, snapshot(before), null);
    },

    async setAvailability({ by, ids, available }) {
      const wanted = new Set(ids);
      const before = (await store.menu.list({ availableOnly: false })).filter((dish) => wanted.has(dish.id));
      if (before.length < wanted.size) throw new NotFoundError('A dish');
      await store.menu.setAvailability({ ids: [...wanted], available, at: now() });
      changed();
      const names = before.map((dish) => dish.name);
      await audit(by, available ? 'menu.available' : 'menu.sold-out', [...wanted].join(','), null, {
        dishes: names,
        available,
      });
      return before.map((dish) => ({ ...dish, available }));
    },

    categoryOrder: () => order.get(),

    async arrange({ by, categories, dishes }) {
      const all = await store.menu.list({ availableOnly: false });
      const renamed = new Map(
        categories.filter((c) => c.was !== undefined && c.was !== c.name).map((c) => [c.was, c.name]),
      );
      const listed = new Map(dishes.map((id, index) => [id, index]));
      const rest = all.filter((dish) => !listed.has(dish.id));
      const moves = all.map((dish) => {
        const category = renamed.get(dish.category);
        const position = listed.get(dish.id) ?? dishes.length + rest.indexOf(dish);
        return { id: dish.id, position, ...(category === undefined ? {} : { category }) };
      });
      await store.menu.arrange({
        moves: moves.filter(
          (move, index) => move.position !== all[index]?.position || move.category !== undefined,
        ),
        at: now(),
      });
      await order.set({ by, value: categories.map((c) => c.name) });
      changed();
      return customerMenu();
    },

    async setPhoto({ by, id, bytes }) {
      await existing(id);
      const photo = await storePhoto(await processPhoto(bytes));
      return photoChange(by, id, photo);
    },

    removePhoto: ({ by, id }) => photoChange(by, id, null),

    async photoFile(name) {
      const known = photoCache.get(name);
      if (known) {
        // Most recently used last: the oldest goes first when the cache is full.
        photoCache.delete(name);
        photoCache.set(name, known);
        return known;
      }
      const file = await store.photos.get({ name });
      if (file && !photoCache.has(name) && file.bytes.length <= PHOTO_CACHE_BYTES / 8) {
        photoCache.set(name, file);
        photoCacheBytes += file.bytes.length;
        for (const [oldest, { bytes }] of photoCache) {
          if (photoCacheBytes <= PHOTO_CACHE_BYTES) break;
          photoCache.delete(oldest);
          photoCacheBytes -= bytes.length;
        }
      }
      return file;
    },

    async exportMenu() {
      const [categories, dishes] = await Promise.all([
        order.get(),
        store.menu.list({ availableOnly: false }),
      ]);
      const files = async (photo: DishPhoto | null) => {
        if (!photo) return null;
        const [small, large] = await Promise.all(
          PHOTO_WIDTHS.map((width) => store.photos.get({ name: photoFileName(photo.key, width) })),
        );
        return small && large ? { small: small.bytes, large: large.bytes } : null;
      };
      return {
        categories: categoriesInOrder(categories, dishes),
        dishes: await Promise.all(
          dishes.map(async (dish) => ({ id: dish.id, ...dishOf(dish), photo: await files(dish.photo) })),
        ),
      };
    },

    async importMenu({ by, file, dryRun }) {
      const ids = new Set(file.dishes.map((dish) => dish.id));
      if (ids.size < file.dishes.length) {
        throw new ValidationError([{ field: 'dishes', message: 'Two dishes in the file have the same id.' }]);
      }
      const items = file.dishes.map(dishOf);
      for (const item of items) assertValidMenuItem(item);
      // Every photo is checked before anything is written: a bad file changes nothing.
      const photos = await Promise.all(
        file.dishes.map((dish) =>
          dish.photo ? photoFromRenditions([dish.photo.small, dish.photo.large]) : Promise.resolve(null),
        ),
      );
      const present = new Set((await store.menu.list({ availableOnly: false })).map((dish) => dish.id));
      const report = {
        dryRun,
        categories: new Set(file.categories).size,
        added: file.dishes.filter((dish) => !present.has(dish.id)).length,
        replaced: file.dishes.filter((dish) => present.has(dish.id)).length,
        photos: photos.filter(Boolean).length,
      };
      if (dryRun) return report;
      // Photos first (stored once under their names, so a retry rewrites nothing), then every
      // dish in one write, then the order of categories: a failure part-way is undone by
      // importing the same file again.
      const stored: (DishPhoto | null)[] = [];
      for (const processed of photos) stored.push(processed ? await storePhoto(processed) : null);
      await store.menu.upsertMany({
        dishes: file.dishes.map((dish, index) => ({
          id: dish.id,
          item: dishOf(dish),
          photo: stored[index] ?? null,
        })),
        at: now(),
      });
      await order.set({ by, value: [...new Set(file.categories)] });
      changed();
      await audit(by, 'menu.import', 'menu', null, { ...report });
      return report;
    },

    listForCustomers: async () => (await keptMenu()).available,

    customerMenu,

    dishesForOrders: async () => (await keptMenu()).byId,

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async seedStarterMenuOnFirstStart() {
      if (await store.milestones.has({ key: MENU_SEEDED_MILESTONE })) return 0;
      const at = now();
      const starterIds = new Set(ARTICLE_MENU.map((dish) => dish.id));
      const existingDishes = await store.menu.list({ availableOnly: false });
      const filledByHand = existingDishes.some((dish) => !starterIds.has(dish.id));
      let added = 0;
      if (!filledByHand) {
        for (const [position, { id, ...dish }] of ARTICLE_MENU.entries()) {
          if (existingDishes.some((present) => present.id === id)) continue;
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
