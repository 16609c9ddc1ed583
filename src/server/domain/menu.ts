// Menu rules: what a dish is (with its option groups, tags and photo), which dishes a customer
// sees, the order of categories, and the article's starter menu.
import { ValidationError, type FieldProblem } from './errors.js';

/**
 * How a group's choices read on a ticket: `choice` ("Large"), `addon` ("+ bacon"), `removal`
 * ("no onions": its options name what is left out, and are free).
 */
export type OptionGroupKind = 'choice' | 'addon' | 'removal';

export interface DishOption {
  /** Stable within the dish: what a cart line and an order request name. */
  id: string;
  name: string;
  /** What it adds to the dish's price, in minor units (0 for free). */
  price: number;
  /** `false` when 86'd on its own: shown as sold out, not choosable. */
  available: boolean;
  /** Chosen unless the customer changes it. */
  preselected: boolean;
}

export interface OptionGroup {
  id: string;
  name: string;
  kind: OptionGroupKind;
  /** How many options the customer must choose (0: optional) and may choose. */
  min: number;
  max: number;
  options: DishOption[];
}

/** A dish photo, stored as WebP in two widths under its content hash (see PHOTO_WIDTHS). */
export interface DishPhoto {
  key: string;
  /** The large rendition's size; the small one has the same aspect ratio. */
  width: number;
  height: number;
}

export interface MenuItem {
  id: string;
  name: string;
  /** Integer minor units of the restaurant currency (cents for USD). */
  price: number;
  description: string;
  category: string;
  /** `false` when 86'd: the dish stays in the menu editor but off the customer menu. */
  available: boolean;
  position: number;
  /** Size, extras, removals…: none on the article's plain `{name, price}` documents. */
  options: OptionGroup[];
  /** Dietary tags (vegetarian, vegan…) and allergens, from the lists in the contract. */
  tags: string[];
  allergens: string[];
  photo: DishPhoto | null;
  /** `null` for documents that were inserted by hand without timestamps. */
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** A dish as an admin writes it: its photo is uploaded on its own and kept by edits. */
export type NewMenuItem = Omit<MenuItem, 'id' | 'createdAt' | 'updatedAt' | 'photo'>;

export const MENU_ITEM_LIMITS = {
  nameMaxLength: 80,
  descriptionMaxLength: 500,
  categoryMaxLength: 40,
  /** $100,000.00 in cents: far above any dish, far below integer overflow when summed. */
  maxPrice: 10_000_000,
  maxGroups: 10,
  maxOptionsPerGroup: 20,
  optionNameMaxLength: 40,
  maxTags: 12,
} as const;

/** The photo renditions' widths (4:3): the menu list and cards, and the dish dialog / 2x screens. */
export const PHOTO_WIDTHS = [400, 960] as const;
export const PHOTO_ASPECT = 3 / 4;

/** The stored file of one rendition of a photo. */
export const photoFileName = (key: string, width: number): string => `${key}-${width}.webp`;

const OPTION_ID = /^[a-z0-9][a-z0-9-]{0,23}$/;

/**
 * The two dishes the article inserts by hand, plus a word about each for our menu cards. Their
 * ids are fixed so that seeding is idempotent: a second attempt (a retry, another instance)
 * collides with the first instead of adding the dish twice.
 */
export const ARTICLE_MENU: readonly (Omit<NewMenuItem, 'position'> & { id: string })[] = [
  {
    id: '5eed00000000000000000001',
    name: 'Hamburger',
    price: 995,
    description: 'Grilled beef patty, cheddar, lettuce and tomato on a toasted bun.',
    category: 'Burgers',
    available: true,
    options: [],
    tags: [],
    allergens: [],
  },
  {
    id: '5eed00000000000000000002',
    name: 'Soda',
    price: 199,
    description: 'Ice-cold fountain soda.',
    category: 'Drinks',
    available: true,
    options: [],
    tags: ['vegan'],
    allergens: [],
  },
];

/** Menu order: by position, then by name so equal positions (hand-made documents) stay stable. */
export function compareMenuOrder(a: MenuItem, b: MenuItem): number {
  return a.position - b.position || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/** Checks a dish against the menu rules; throws one ValidationError naming every bad field. */
export function assertValidMenuItem(item: NewMenuItem): void {
  const problems: FieldProblem[] = [];
  const name = item.name.trim();
  if (name.length === 0 || name.length > MENU_ITEM_LIMITS.nameMaxLength) {
    problems.push({
      field: 'name',
      message: `Give the dish a name of up to ${MENU_ITEM_LIMITS.nameMaxLength} characters.`,
    });
  }
  if (!Number.isSafeInteger(item.price) || item.price < 0 || item.price > MENU_ITEM_LIMITS.maxPrice) {
    problems.push({
      field: 'price',
      message: `Enter a price from 0 to ${MENU_ITEM_LIMITS.maxPrice / 100}, in whole cents.`,
    });
  }
  if (item.description.length > MENU_ITEM_LIMITS.descriptionMaxLength) {
    problems.push({
      field: 'description',
      message: `Use at most ${MENU_ITEM_LIMITS.descriptionMaxLength} characters.`,
    });
  }
  if (item.category.length > MENU_ITEM_LIMITS.categoryMaxLength) {
    problems.push({
      field: 'category',
      message: `Use at most ${MENU_ITEM_LIMITS.categoryMaxLength} characters.`,
    });
  }
  if (!Number.isSafeInteger(item.position)) {
    problems.push({ field: 'position', message: 'Enter a whole number.' });
  }
  if (item.tags.length > MENU_ITEM_LIMITS.maxTags || item.allergens.length > MENU_ITEM_LIMITS.maxTags) {
    problems.push({
      field: 'tags',
      message: `Choose at most ${MENU_ITEM_LIMITS.maxTags} tags and ${MENU_ITEM_LIMITS.maxTags} allergens.`,
    });
  }
  problems.push(...optionProblems(item.options));
  if (problems.length > 0) throw new ValidationError(problems);
}

/** What is wrong with a dish's option groups, if anything. */
function optionProblems(groups: readonly OptionGroup[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (groups.length > MENU_ITEM_LIMITS.maxGroups) {
    problems.push({ field: 'options', message: `Use at most ${MENU_ITEM_LIMITS.maxGroups} option groups.` });
  }
  const ids = new Set<string>();
  const named = (text: string) =>
    text.trim().length > 0 && text.length <= MENU_ITEM_LIMITS.optionNameMaxLength;
  for (const [g, group] of groups.entries()) {
    const at = `options.${g}`;
    if (!named(group.name))
      problems.push({ field: `${at}.name`, message: 'Give it a name of up to 40 characters.' });
    if (!OPTION_ID.test(group.id) || ids.has(group.id)) {
      problems.push({
        field: `${at}.id`,
        message: 'Use a short id of a-z, 0-9 and -, different from the others.',
      });
    }
    ids.add(group.id);
    const count = group.options.length;
    if (count === 0 || count > MENU_ITEM_LIMITS.maxOptionsPerGroup) {
      problems.push({
        field: `${at}.options`,
        message: `Give the group 1 to ${MENU_ITEM_LIMITS.maxOptionsPerGroup} options.`,
      });
    }
    if (
      !Number.isInteger(group.min) ||
      !Number.isInteger(group.max) ||
      group.min < 0 ||
      group.max < 1 ||
      group.min > group.max ||
      group.min > count
    ) {
      problems.push({
        field: `${at}.max`,
        message: 'Make “at least” no more than “at most” (which is 1 or more), and no more than the options.',
      });
    }
    if (group.options.filter((option) => option.preselected).length > group.max) {
      problems.push({ field: `${at}.options`, message: 'Preselect no more options than may be chosen.' });
    }
    for (const [o, option] of group.options.entries()) {
      if (!named(option.name))
        problems.push({
          field: `${at}.options.${o}.name`,
          message: 'Give it a name of up to 40 characters.',
        });
      if (!OPTION_ID.test(option.id) || ids.has(option.id)) {
        problems.push({
          field: `${at}.options.${o}.id`,
          message: 'Use a short id of a-z, 0-9 and -, different from the others.',
        });
      }
      ids.add(option.id);
      const free = group.kind === 'removal';
      if (
        !Number.isSafeInteger(option.price) ||
        option.price < 0 ||
        option.price > MENU_ITEM_LIMITS.maxPrice ||
        (free && option.price !== 0)
      ) {
        problems.push({
          field: `${at}.options.${o}.price`,
          message: free
            ? 'Leaving something out is free: set 0.'
            : 'Enter a price of 0 or more, in whole cents.',
        });
      }
    }
  }
  return problems;
}

/** One option as an order keeps it: what was chosen and what it cost, whatever the menu says later. */
export interface ChosenOption {
  /** The option's id then: what a reorder asks for again. */
  id: string;
  group: string;
  kind: OptionGroupKind;
  name: string;
  price: number;
}

export type OptionChoice =
  { ok: true; chosen: ChosenOption[] } | { ok: false; unknown: boolean; message: string };

/**
 * Checks a customer's choice of options for a dish against its groups and prices it. No choice
 * sent (the article's client, a plain dish) takes the preselected options.
 */
export function chooseOptions(dish: MenuItem, requested: readonly string[] | undefined): OptionChoice {
  const wanted = new Set(
    requested ??
      dish.options.flatMap((g) => g.options.filter((o) => o.preselected && o.available).map((o) => o.id)),
  );
  const known = new Set(dish.options.flatMap((g) => g.options.map((o) => o.id)));
  const stranger = [...wanted].find((id) => !known.has(id));
  if (stranger !== undefined) {
    return {
      ok: false,
      unknown: true,
      message: `${dish.name}: an option chosen (${stranger}) is no longer offered.`,
    };
  }
  const chosen: ChosenOption[] = [];
  for (const group of dish.options) {
    const picked = group.options.filter((option) => wanted.has(option.id));
    const soldOut = picked.find((option) => !option.available);
    if (soldOut) return { ok: false, unknown: false, message: `${dish.name}: ${soldOut.name} is sold out.` };
    if (picked.length < group.min || picked.length > group.max) {
      const rule = group.min === group.max ? `exactly ${group.min}` : `${group.min} to ${group.max}`;
      return { ok: false, unknown: false, message: `${dish.name}: choose ${rule} for ${group.name}.` };
    }
    for (const option of picked)
      chosen.push({
        id: option.id,
        group: group.name,
        kind: group.kind,
        name: option.name,
        price: option.price,
      });
  }
  return { ok: true, chosen };
}

/**
 * The menu's categories in their order: the admins' order first, then any category a dish names
 * that the order does not (hand-made documents, a fresh import), alphabetically.
 */
export function categoriesInOrder(order: readonly string[], dishes: readonly MenuItem[]): string[] {
  const named = new Set(dishes.map((dish) => dish.category));
  const ordered = [...new Set(order)].filter((name) => named.has(name));
  const rest = [...named].filter((name) => !order.includes(name)).sort((a, b) => a.localeCompare(b));
  return [...ordered, ...rest];
}
