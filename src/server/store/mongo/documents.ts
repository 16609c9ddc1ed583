// The documents as they lie in MongoDB, and how each becomes a domain object. Reads are
// tolerant: a document typed by hand in the Atlas UI (only `name` and `price`, as the article
// does) is a valid, available dish.
import type { ObjectId } from 'mongodb';
import type { DishOption, DishPhoto, MenuItem, OptionGroup } from '../../domain/menu.js';

export interface InventoryDocument {
  _id: ObjectId;
  name: string;
  price: number;
  description?: string;
  category?: string;
  available?: boolean;
  position?: number;
  options?: OptionGroup[];
  tags?: string[];
  allergens?: string[];
  photo?: DishPhoto | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** Groups whose every option has a name, an id and a price in whole cents. */
function saneGroups(value: unknown): value is OptionGroup[] {
  return (
    Array.isArray(value) &&
    value.every((group: Partial<OptionGroup> | null) => {
      if (typeof group !== 'object' || group === null || typeof group.name !== 'string') return false;
      if (!Number.isInteger(group.min) || !Number.isInteger(group.max) || !Array.isArray(group.options))
        return false;
      return group.options.every(
        (option: Partial<DishOption> | null) =>
          typeof option?.id === 'string' && typeof option.name === 'string' && isWholeCents(option.price),
      );
    })
  );
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

export function dateOrNull(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  return null;
}

function isWholeCents(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * `null` for a document that cannot be a dish (no name, or a price that is not whole cents):
 * one bad document typed by hand must not take the whole menu down.
 */
export function toMenuItem(doc: InventoryDocument): MenuItem | null {
  // Typed as the app writes them; checked as anyone may have typed them.
  const price: unknown = doc.price;
  const position: unknown = doc.position ?? 0;
  if (typeof doc.name !== 'string' || doc.name.trim() === '' || !isWholeCents(price)) return null;
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    price: price,
    description: typeof doc.description === 'string' ? doc.description : '',
    category: typeof doc.category === 'string' ? doc.category : '',
    available: doc.available !== false,
    position: typeof position === 'number' && Number.isSafeInteger(position) ? position : 0,
    // Groups as the app writes them; a document edited by hand with groups that could misprice
    // an order (a price that is not whole cents, say) reads as a dish without options.
    options: saneGroups(doc.options) ? doc.options : [],
    tags: strings(doc.tags),
    allergens: strings(doc.allergens),
    photo: doc.photo && typeof doc.photo.key === 'string' ? doc.photo : null,
    createdAt: dateOrNull(doc.createdAt),
    updatedAt: dateOrNull(doc.updatedAt),
  };
}
