// The menu as the API shows it: the article's `{id, name, price}` plus the fields the design adds.
// What admins send lives in menu-admin.ts, so customers' pages do not download it.
import { z } from 'zod';
import { DOCUMENT_ID_PATTERN } from './ids.js';

/** A document id: 24 hex characters, the shape of a MongoDB ObjectId on every store. */
export const DocumentId = z
  .string()
  .regex(new RegExp(`^${DOCUMENT_ID_PATTERN}$`), 'must be 24 lowercase hex characters');

/** How a group's choices read: "Large" (choice), "+ bacon" (addon), "no onions" (removal). */
export const OptionGroupKind = z.enum(['choice', 'addon', 'removal']);
export type OptionGroupKind = z.infer<typeof OptionGroupKind>;

export const DishOption = z.object({
  id: z.string(),
  name: z.string(),
  /** What it adds to the dish's price, in minor units. */
  price: z.number().int(),
  /** `false`: 86'd on its own, shown as sold out. */
  available: z.boolean(),
  preselected: z.boolean(),
});
export type DishOption = z.infer<typeof DishOption>;

export const OptionGroup = z.object({
  id: z.string(),
  name: z.string(),
  kind: OptionGroupKind,
  /** Choose at least `min` and at most `max`. */
  min: z.number().int(),
  max: z.number().int(),
  options: z.array(DishOption),
});
export type OptionGroup = z.infer<typeof OptionGroup>;

/** A dish photo as WebP, 4:3, in two widths; the URLs never change content (cached for ever). */
export const DishPhoto = z.object({
  small: z.string(),
  large: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});
export type DishPhoto = z.infer<typeof DishPhoto>;

export const MenuItem = z.object({
  id: DocumentId,
  name: z.string(),
  /** Price in the restaurant currency's minor units (cents for USD), as in the article. */
  price: z.number().int().nonnegative(),
  description: z.string(),
  category: z.string(),
  /** `false` when the kitchen has 86'd the dish: listed as sold out, not orderable. */
  available: z.boolean(),
  position: z.number().int(),
  options: z.array(OptionGroup),
  tags: z.array(z.string()),
  allergens: z.array(z.string()),
  photo: DishPhoto.nullable(),
  /** ISO 8601; `null` for documents inserted by hand (as the article does in the Atlas UI). */
  createdAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime().nullable(),
});
export type MenuItem = z.infer<typeof MenuItem>;

/** `GET /api/inventory`: the dishes a customer can order now, in menu order. */
export const MenuList = z.array(MenuItem);
export type MenuList = z.infer<typeof MenuList>;

/**
 * `GET /api/menu` (and each event of `/api/menu/events`): the customer menu in sections, sold-out
 * dishes included, in the admins' order of categories and dishes.
 */
export const CustomerMenu = z.object({
  categories: z.array(z.string()),
  dishes: z.array(MenuItem),
});
export type CustomerMenu = z.infer<typeof CustomerMenu>;
