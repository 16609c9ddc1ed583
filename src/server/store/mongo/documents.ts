// The documents as they lie in MongoDB, and how each becomes a domain object. Reads are
// tolerant: a document typed by hand in the Atlas UI (only `name` and `price`, as the article
// does) is a valid, available dish.
import type { ObjectId } from 'mongodb';
import type { MenuItem } from '../../domain/menu.js';

export interface InventoryDocument {
  _id: ObjectId;
  name: string;
  price: number;
  description?: string;
  category?: string;
  available?: boolean;
  position?: number;
  createdAt?: Date;
  updatedAt?: Date;
}

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
    createdAt: dateOrNull(doc.createdAt),
    updatedAt: dateOrNull(doc.updatedAt),
  };
}
