// What admins send to change the menu, and the audit log they read: kept apart from menu.ts so
// that customers' pages never download it.
import { z } from 'zod';
import { DocumentId, OptionGroupKind } from './menu.js';

/** Dietary tags a dish may carry, and the allergens it may contain (the US major nine). */
export const DIETARY_TAGS = ['vegetarian', 'vegan', 'gluten-free', 'dairy-free', 'spicy', 'halal'] as const;
export const ALLERGENS = [
  'milk',
  'eggs',
  'fish',
  'shellfish',
  'tree nuts',
  'peanuts',
  'wheat',
  'soy',
  'sesame',
] as const;

/** A category's name; `''` is the dishes without one (shown as "More"). */
const CategoryName = z.string().trim().max(40);
const unique = (values: readonly string[]) => new Set(values).size === values.length;

const OptionId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,23}$/, 'a short id: a-z, 0-9 and -');
const Cents = z.number().int().min(0).max(10_000_000);
const ShortName = z.string().trim().min(1).max(40);

export const DishOptionInput = z.strictObject({
  id: OptionId,
  name: ShortName,
  price: Cents.default(0),
  available: z.boolean().default(true),
  preselected: z.boolean().default(false),
});

export const OptionGroupInput = z.strictObject({
  id: OptionId,
  name: ShortName,
  kind: OptionGroupKind,
  min: z.number().int().min(0).max(20),
  max: z.number().int().min(1).max(20),
  options: z.array(DishOptionInput).min(1).max(20),
});
export type OptionGroupInput = z.infer<typeof OptionGroupInput>;

/** A dish as an admin writes it. Prices are whole cents; the editor converts from dollars. */
export const MenuItemInput = z.strictObject({
  name: z.string().trim().min(1).max(80),
  price: Cents,
  description: z.string().max(500).default(''),
  category: z.string().trim().max(40).default(''),
  available: z.boolean().default(true),
  position: z.number().int().min(-1_000_000).max(1_000_000).default(0),
  options: z.array(OptionGroupInput).max(10).default([]),
  tags: z.array(z.enum(DIETARY_TAGS)).max(12).default([]),
  allergens: z.array(z.enum(ALLERGENS)).max(12).default([]),
});
export type MenuItemInput = z.input<typeof MenuItemInput>;

/** 86 or un-86 dishes at once (the editor's switch, and its bulk action). */
export const AvailabilityRequest = z.strictObject({
  ids: z.array(DocumentId).min(1).max(500),
  available: z.boolean(),
});

/**
 * The menu's order: categories top to bottom (`was`: renamed from), and every dish in the order
 * the menu lists it. Dishes left out keep their place after the ones named.
 */
export const MenuLayout = z.strictObject({
  categories: z
    .array(z.strictObject({ name: CategoryName, was: z.string().max(40).optional() }))
    .max(100)
    .refine((list) => unique(list.map((c) => c.name)), 'each category once'),
  dishes: z.array(DocumentId).max(2000),
});
export type MenuLayout = z.infer<typeof MenuLayout>;

/** A whole menu as a file: what `GET /api/staff/menu/export` writes and the import reads. */
export const MenuExport = z.strictObject({
  format: z.literal('von-appetit.menu/1'),
  categories: z.array(CategoryName).max(100).refine(unique, 'each category once'),
  dishes: z
    .array(
      MenuItemInput.extend({
        id: DocumentId,
        /** Both WebP renditions, base64; imported as they are (checked to be WebP pictures). */
        photo: z.strictObject({ small: z.base64(), large: z.base64() }).nullable().default(null),
      }),
    )
    .max(2000)
    .refine((dishes) => unique(dishes.map((dish) => dish.id)), 'each dish id once'),
});
export type MenuExport = z.infer<typeof MenuExport>;

/** What an import did, or — as a dry run — would do. */
export const MenuImportReport = z.object({
  dryRun: z.boolean(),
  categories: z.number().int(),
  added: z.number().int(),
  replaced: z.number().int(),
  photos: z.number().int(),
});

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
/** The log's pages, by the staff page the change was made on. */
export const AUDIT_AREAS = {
  menu: 'menu.',
  team: 'staff.',
  settings: 'settings.',
  orders: 'order.',
} as const;
export const AuditArea = z.enum(['menu', 'team', 'settings', 'orders']);
export type AuditArea = z.infer<typeof AuditArea>;

/** Where the next page of the log starts: the last entry's time (ms) and id. */
export const AuditCursor = z.string().regex(/^\d{1,15}-[0-9a-f]{24}$/);
export const AuditLog = z.object({
  entries: z.array(AuditEntry),
  /** Pass as `before` for older entries; `null` on the last page. */
  nextBefore: AuditCursor.nullable(),
});
