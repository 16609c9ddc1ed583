// The menu as the API shows it: the article's `{id, name, price}` plus the fields the design adds.
import { z } from 'zod';
import { DOCUMENT_ID_PATTERN } from './ids.js';

/** A document id: 24 hex characters, the shape of a MongoDB ObjectId on every store. */
export const DocumentId = z
  .string()
  .regex(new RegExp(`^${DOCUMENT_ID_PATTERN}$`), 'must be 24 lowercase hex characters');

export const MenuItem = z.object({
  id: DocumentId,
  name: z.string(),
  /** Price in the restaurant currency's minor units (cents for USD), as in the article. */
  price: z.number().int().nonnegative(),
  description: z.string(),
  category: z.string(),
  /** `false` when the kitchen has 86'd the dish; it then stays off the customer menu. */
  available: z.boolean(),
  position: z.number().int(),
  /** ISO 8601; `null` for documents inserted by hand (as the article does in the Atlas UI). */
  createdAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime().nullable(),
});
export type MenuItem = z.infer<typeof MenuItem>;

/** `GET /api/inventory`: the dishes a customer can order now, in menu order. */
export const MenuList = z.array(MenuItem);
export type MenuList = z.infer<typeof MenuList>;

/** A dish as an admin writes it. Prices are whole cents; the editor converts from dollars. */
export const MenuItemInput = z.strictObject({
  name: z.string().trim().min(1).max(80),
  price: z.number().int().min(0).max(10_000_000),
  description: z.string().max(500).default(''),
  category: z.string().max(40).default(''),
  available: z.boolean().default(true),
  position: z.number().int().min(-1_000_000).max(1_000_000).default(0),
});
export type MenuItemInput = z.infer<typeof MenuItemInput>;

/** One line of the audit log, as admins read it. */
export const AuditEntry = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actorName: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export const AuditLog = z.object({ entries: z.array(AuditEntry) });
