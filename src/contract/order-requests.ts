// What customers and the kitchen send about orders, as the server checks it. Kept apart from the
// answers (orders.ts): the web app needs only their types, so its pages do not download them.
import { z } from 'zod';
import { DocumentId } from './menu.js';

/** Plain text for the kitchen: one line, at most 140 characters, never read as markup. */
export const KitchenNote = z
  .string()
  .trim()
  .max(140, 'at most 140 characters')
  .regex(/^[^\p{Cc}]*$/u, 'one line of plain text');

export const OrderLineRequest = z.strictObject({
  id: DocumentId,
  quantity: z.number().int().min(1).max(99),
  note: KitchenNote.optional(),
  /** The ids of the options chosen (see the dish's groups); absent: its preselected ones. */
  options: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,23}$/))
    .max(60)
    .optional(),
});

export const PlaceOrderRequest = z.strictObject({
  /** Lines `{id, quantity, note}`; the original app's list of dish ids is accepted too. */
  items: z
    .array(z.union([DocumentId, OrderLineRequest]))
    .min(1)
    .max(100),
  /** A pickup slot from `GET /api/pickup-times`; absent or `null`: as soon as possible. */
  pickupAt: z.iso.datetime().nullable().optional(),
  /** Who collects it; by default the account's name. */
  pickupName: z
    .string()
    .trim()
    .max(60, 'at most 60 characters')
    .regex(/^[^\p{Cc}]*$/u, 'one line of plain text')
    .optional(),
  /** A note to the kitchen about the whole order. */
  note: KitchenNote.optional(),
});
export type PlaceOrderRequest = z.infer<typeof PlaceOrderRequest>;

/**
 * One tap on the board: the next step, undo the last one (once, within 2 minutes), or cancel (with
 * the reason the customer is told).
 */
export const MoveOrderRequest = z.strictObject({
  move: z.enum(['advance', 'recall', 'reopen', 'cancel']),
  version: z.number().int().nonnegative(),
  reason: z.string().trim().min(1).max(200).optional(),
});
export type MoveOrderRequest = z.infer<typeof MoveOrderRequest>;

/** A cook's own ready time for an order. */
export const ReadyByRequest = z.strictObject({ readyBy: z.iso.datetime() });
export type ReadyByRequest = z.infer<typeof ReadyByRequest>;
