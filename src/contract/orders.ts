// Orders as customers place and follow them.
import { z } from 'zod';
import { SupportCall } from './calls.js';

export const OrderStatus = z.enum(['received', 'preparing', 'ready', 'completed', 'cancelled']);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const ORDER_STEPS = [
  'received',
  'preparing',
  'ready',
  'completed',
] as const satisfies readonly OrderStatus[];

export const OrderLine = z.object({
  itemId: z.string(),
  /** `null` on orders placed with the original app, which stored dish ids only. */
  name: z.string().nullable(),
  unitPrice: z.number().int().nullable(),
  quantity: z.number().int(),
  /** The customer's note for the kitchen about this line. */
  note: z.string().nullable(),
  /** The options chosen, as named and priced when ordered; `unitPrice` includes them. */
  options: z.array(
    z.object({
      id: z.string(),
      group: z.string(),
      kind: z.enum(['choice', 'addon', 'removal']),
      name: z.string(),
      price: z.number().int(),
    }),
  ),
});

/** What the customer pays and how: fixed when the order was placed. */
export const OrderCharges = z.object({
  subtotal: z.number().int(),
  tax: z.number().int(),
  /** The tax is inside the prices (the total is the subtotal), rather than added. */
  taxIncluded: z.boolean(),
  payment: z.enum(['pay_at_pickup']),
});
export type OrderCharges = z.infer<typeof OrderCharges>;

export const OrderPickup = z.object({
  name: z.string(),
  /** The slot chosen; `null`: as soon as possible. */
  scheduledFor: z.iso.datetime().nullable(),
  /** When the kitchen expects it ready (moves if the kitchen falls behind or a cook sets it). */
  readyBy: z.iso.datetime(),
  note: z.string().nullable(),
});
export type OrderPickup = z.infer<typeof OrderPickup>;

/** Where the confirmation text stands: in the outbox, then what the carrier reported. */
export const TextMessageState = z.object({
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'dead']),
  delivery: z.enum(['submitted', 'delivered', 'rejected', 'undeliverable', 'read']).nullable(),
});
export type TextMessageState = z.infer<typeof TextMessageState>;

export const Order = z.object({
  id: z.string(),
  number: z.string().nullable(),
  items: z.array(OrderLine),
  /** Integer minor units, what the customer pays; `null` on the original app's orders. */
  total: z.number().int().nullable(),
  /** `null` on orders placed before charges and pickup times existed. */
  charges: OrderCharges.nullable(),
  pickup: OrderPickup.nullable(),
  status: OrderStatus,
  /** Every move, oldest first; it only grows: an undone move stays, followed by its undo. */
  statusHistory: z.array(
    z.object({
      status: OrderStatus,
      at: z.iso.datetime(),
      /** The kitchen took its last move back, returning the order to `status`. */
      undo: z.literal(true).optional(),
      /** Why the kitchen cancelled the order. */
      reason: z.string().optional(),
    }),
  ),
  orderTime: z.iso.datetime(),
  lastUpdated: z.iso.datetime(),
  confirmation: TextMessageState.nullable(),
  /** Support calls about the order, oldest first; at most one open. */
  calls: z.array(SupportCall),
});
export type Order = z.infer<typeof Order>;

export const OrderPage = z.object({
  orders: z.array(Order),
  /** Pass as `before` for the next page; `null` on the last one. */
  nextBefore: z.string().nullable(),
});
export type OrderPage = z.infer<typeof OrderPage>;

/** An order as the kitchen sees it: who ordered, and the version a move must start from. */
export const StaffOrder = Order.extend({
  customerName: z.string().nullable(),
  version: z.number().int().nonnegative(),
  /** Until when the board may undo the order's last move; `null`: nothing to undo. */
  undoUntil: z.iso.datetime().nullable(),
  /** When the kitchen should start it: before then a scheduled order waits in "Later". */
  prepareFrom: z.iso.datetime(),
  /** Texts the customer sent about it: "HERE" (arrived) or anything else. */
  messages: z.array(z.object({ at: z.iso.datetime(), text: z.string(), arrival: z.boolean() })),
  /** The last four digits of the number its texts go to, to find it by; `null`: none (or an event
   * stored before the field existed). */
  phoneEnding: z.string().nullable().default(null),
});
export type StaffOrder = z.infer<typeof StaffOrder>;

export const KitchenBoard = z.object({ orders: z.array(StaffOrder) });
export type KitchenBoard = z.infer<typeof KitchenBoard>;

/** Which statuses text the customer (the order's receipt always does). */
export const StatusTexts = z.strictObject({
  statuses: z.array(z.enum(['preparing', 'ready', 'completed', 'cancelled'])).max(4),
});
export type StatusTexts = z.infer<typeof StatusTexts>;
