// Menu rules: what a dish is, which dishes a customer sees, and the article's starter menu.
import { ValidationError, type FieldProblem } from './errors.js';

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
  /** `null` for documents that were inserted by hand without timestamps. */
  createdAt: Date | null;
  updatedAt: Date | null;
}

export type NewMenuItem = Omit<MenuItem, 'id' | 'createdAt' | 'updatedAt'>;

export const MENU_ITEM_LIMITS = {
  nameMaxLength: 80,
  descriptionMaxLength: 500,
  categoryMaxLength: 40,
  /** $100,000.00 in cents: far above any dish, far below integer overflow when summed. */
  maxPrice: 10_000_000,
} as const;

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
  },
  {
    id: '5eed00000000000000000002',
    name: 'Soda',
    price: 199,
    description: 'Ice-cold fountain soda.',
    category: 'Drinks',
    available: true,
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
    problems.push({ field: 'name', message: `must be 1 to ${MENU_ITEM_LIMITS.nameMaxLength} characters` });
  }
  if (!Number.isSafeInteger(item.price) || item.price < 0 || item.price > MENU_ITEM_LIMITS.maxPrice) {
    problems.push({
      field: 'price',
      message: `must be a whole number of cents from 0 to ${MENU_ITEM_LIMITS.maxPrice}`,
    });
  }
  if (item.description.length > MENU_ITEM_LIMITS.descriptionMaxLength) {
    problems.push({
      field: 'description',
      message: `must be at most ${MENU_ITEM_LIMITS.descriptionMaxLength} characters`,
    });
  }
  if (item.category.length > MENU_ITEM_LIMITS.categoryMaxLength) {
    problems.push({
      field: 'category',
      message: `must be at most ${MENU_ITEM_LIMITS.categoryMaxLength} characters`,
    });
  }
  if (!Number.isSafeInteger(item.position)) {
    problems.push({ field: 'position', message: 'must be a whole number' });
  }
  if (problems.length > 0) throw new ValidationError(problems);
}
