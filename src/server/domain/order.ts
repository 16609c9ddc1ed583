// Orders as the kitchen and the customer see them, including those the original app stored.
import type { ChosenOption } from './menu.js';
import { isOpen, type SupportCall } from './support-call.js';

/** received → preparing → ready → completed; received|preparing → cancelled. */
export const ORDER_STATUSES = ['received', 'preparing', 'ready', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderLine {
  itemId: string;
  /** Snapshot at ordering time; `null` on the original app's orders, which stored dish ids only. */
  name: string | null;
  /** Integer minor units at ordering time, options included; `null` on the original app's orders. */
  unitPrice: number | null;
  quantity: number;
  /** The customer's note for the kitchen about this line (plain text, at most 140 characters). */
  note?: string | null;
  /** The options chosen, as the menu named and priced them then (absent: none). */
  options?: ChosenOption[];
}

/** What the customer pays and how, fixed when the order is placed (integer minor units). */
export interface Charges {
  subtotal: number;
  tax: number;
  /** The tax was inside the menu prices (the total is the subtotal), not added to them. */
  taxIncluded: boolean;
  payment: 'pay_at_pickup';
}

/** When and by whom the order is collected, and when the kitchen expects it ready. */
export interface Pickup {
  /** Who collects it (the account's name unless the customer gave another). */
  name: string;
  /** The slot the customer chose; `null`: as soon as possible. */
  scheduledFor: Date | null;
  /** When the kitchen should start it: a scheduled order waits in "Later" until then. */
  prepareFrom: Date;
  /** When it is expected ready: the estimate, or a cook's own time. */
  readyBy: Date;
  /** A cook set `readyBy`: the kitchen's falling behind no longer moves it. */
  readyBySetByHand: boolean;
  /** The ready time the customer was last texted: a later one is texted again only past 10 minutes. */
  toldReadyBy: Date;
  /** The customer's note to the kitchen (plain text, at most 140 characters). */
  note: string | null;
}

/** A text the customer sent about the order: "HERE" (arrived) or anything else, shown on the ticket. */
export interface CustomerMessage {
  /** The provider's message id: a webhook delivered twice adds it once. */
  id: string;
  at: Date;
  text: string;
  arrival: boolean;
}

/**
 * One line of an order's history, which only ever grows: a move made, or (`undo`) a move taken
 * back — the order returned to `status`.
 */
export interface StatusChange {
  status: OrderStatus;
  at: Date;
  undo?: boolean;
  /** Why the kitchen cancelled (what the customer is told). */
  reason?: string;
}

/** Where a text message stands in the outbox (REL-02). */
export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dead';

/** What the carrier reported through the delivery-status webhook. */
export type DeliveryStatus = 'submitted' | 'delivered' | 'rejected' | 'undeliverable' | 'read';

/**
 * How far along a report is; a later, lesser report (reordered webhooks) does not undo a greater.
 * No two rank alike, so every store folds the same reports into the same state.
 */
const DELIVERY_RANK: Record<DeliveryStatus, number> = {
  submitted: 1,
  rejected: 2,
  undeliverable: 3,
  delivered: 4,
  read: 5,
};

/** The furthest of a text's delivery state and the statuses reported for it since. */
export function furthestDelivery(
  current: DeliveryStatus | null,
  reported: Iterable<DeliveryStatus>,
): DeliveryStatus | null {
  let furthest = current;
  for (const status of reported) {
    if (furthest === null || DELIVERY_RANK[status] > DELIVERY_RANK[furthest]) furthest = status;
  }
  return furthest;
}

/** Texts with the statuses reported for each (`reported(text id)`) folded into their `delivery`. */
export function foldReports(
  notifications: readonly Notification[],
  reported: (textId: string) => Iterable<DeliveryStatus> | undefined,
): Notification[] {
  return notifications.map((notification) => {
    const statuses = reported(notification.id);
    return statuses === undefined
      ? notification
      : { ...notification, delivery: furthestDelivery(notification.delivery, statuses) };
  });
}

/** The shape of a text's id within its order (ours are `n1`, `n2`…; it may stand in a field path). */
export const NOTIFICATION_ID_PATTERN = '[a-z0-9]{1,20}';
const WHOLE_NOTIFICATION_ID = new RegExp(`^${NOTIFICATION_ID_PATTERN}$`);
export const isNotificationId = (id: string): boolean => WHOLE_NOTIFICATION_ID.test(id);

/** A text message the order owes its customer: written with the order, sent by the relay. */
export interface Notification {
  /** Unique within its order (`n1`, `n2`…). */
  id: string;
  kind: 'sms';
  /** E.164, copied from the account when the order was placed. */
  to: string;
  text: string;
  status: NotificationStatus;
  attempts: number;
  /** When the relay may next try (pending), or when its lease ends (sending). */
  nextAttemptAt: Date | null;
  lastError: string | null;
  providerMessageId: string | null;
  delivery: DeliveryStatus | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface Order {
  id: string;
  userId: string;
  /** What the kitchen calls the customer (the username before any @); `null` on original orders. */
  customerName: string | null;
  /** Short, human order number; `null` on the original app's orders. */
  number: string | null;
  items: OrderLine[];
  /** Integer minor units; `null` when the lines carry no prices (original orders). */
  total: number | null;
  status: OrderStatus;
  statusHistory: StatusChange[];
  orderTime: Date;
  lastUpdated: Date;
  /** The client's `Idempotency-Key`; `null` on the original app's orders. */
  idempotencyKey: string | null;
  /** Digest of the request that created the order: a reused key with another body is refused. */
  requestHash: string | null;
  notifications: Notification[];
  /** Earliest moment a notification needs the relay; `null` when none does. */
  outboxDueAt: Date | null;
  /** Bumped by every change; writes compare it (optimistic concurrency). */
  version: number;
  /**
   * Bumped by every status move only: what a kitchen board compares, so that the relay's
   * bookkeeping never makes a cook's tap stale.
   */
  statusVersion: number;
  /** Support calls about the order, oldest first (its call history). */
  calls: SupportCall[];
  /** `null` on orders placed before charges and pickup times existed. */
  charges: Charges | null;
  pickup: Pickup | null;
  /** Texts the customer sent about it, oldest first. */
  messages: CustomerMessage[];
}

export type NewOrder = Omit<Order, 'id'>;

/** A text message the order now owes its customer: due at once, never tried yet. */
export function newTextMessage(args: { id: string; to: string; text: string; at: Date }): Notification {
  return {
    id: args.id,
    kind: 'sms',
    to: args.to,
    text: args.text,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: args.at,
    lastError: null,
    providerMessageId: null,
    delivery: null,
    createdAt: args.at,
    sentAt: null,
  };
}

/** Statuses the kitchen still works on: its board. */
export const ACTIVE_STATUSES: readonly OrderStatus[] = ['received', 'preparing', 'ready'];

/** On the kitchen board: being worked on, or waiting for help (a call open, whatever its status). */
export const isOnBoard = (order: Pick<Order, 'status' | 'calls'>) =>
  ACTIVE_STATUSES.includes(order.status) || order.calls.some(isOpen);

/** The number of dishes in an order (the sum of its quantities). */
export const dishCount = (order: Pick<Order, 'items'>): number =>
  order.items.reduce((sum, line) => sum + line.quantity, 0);

/**
 * When the order was last moved to ready, while it is ready or collected; else `null`. A pickup
 * taken back (an undo line) is not a new "ready": the kitchen's pace learns from when it cooked.
 */
export function readyAtOf(order: Pick<Order, 'status' | 'statusHistory'>): Date | null {
  if (order.status !== 'ready' && order.status !== 'completed') return null;
  for (let i = order.statusHistory.length - 1; i >= 0; i--) {
    const change = order.statusHistory[i];
    if (change?.status === 'ready' && !change.undo) return change.at;
  }
  return null;
}

/** When the order was picked up or cancelled, while it is; else `null`: what "Done today" lists. */
export function finishedAtOf(order: Pick<Order, 'status' | 'statusHistory'>): Date | null {
  if (order.status !== 'completed' && order.status !== 'cancelled') return null;
  const last = order.statusHistory.at(-1);
  return last?.status === order.status ? last.at : null;
}

/** When the relay next has work on this order: the earliest pending or leased notification. */
export function outboxDueAt(notifications: readonly Notification[]): Date | null {
  let due: Date | null = null;
  for (const n of notifications) {
    if ((n.status === 'pending' || n.status === 'sending') && n.nextAttemptAt) {
      if (!due || n.nextAttemptAt < due) due = n.nextAttemptAt;
    }
  }
  return due;
}

/**
 * The original app stored `status` as an integer and only ever wrote 0 (just placed). Other
 * integers are read as positions in our status list, the closest meaning they can have.
 */
export function statusFromStored(stored: unknown): OrderStatus {
  if (typeof stored === 'string') {
    const known = ORDER_STATUSES.find((status) => status === stored);
    if (known) return known;
  }
  if (typeof stored === 'number' && Number.isInteger(stored)) return ORDER_STATUSES[stored] ?? 'received';
  return 'received';
}

/** A line without the customer's note (absent, as lines without one are stored). */
function withoutNote(line: OrderLine): OrderLine {
  const kept = { ...line };
  delete kept.note;
  return kept;
}

/** How an erased account's orders name their customer (the restaurant's records keep the orders). */
export const DELETED_CUSTOMER = 'deleted customer';

/**
 * The order as the restaurant keeps it once its customer's account is erased: no name, no phone,
 * no words of theirs; texts not sent yet never will be. Lines, money and history stay.
 */
export function withoutCustomer(order: Order, at: Date): Order {
  const notifications = order.notifications.map((text): Notification => {
    const unsent = text.status === 'pending' || text.status === 'sending';
    return {
      ...text,
      to: '',
      text: '',
      ...(unsent ? { status: 'dead', nextAttemptAt: null, lastError: 'account erased' } : {}),
    };
  });
  return {
    ...order,
    customerName: DELETED_CUSTOMER,
    pickup: order.pickup && { ...order.pickup, name: DELETED_CUSTOMER, note: null },
    items: order.items.map(withoutNote),
    notifications,
    outboxDueAt: outboxDueAt(notifications),
    calls: order.calls.map((call) => ({ ...call, phone: null, reason: null })),
    messages: order.messages.map((message) => ({ ...message, text: '' })),
    lastUpdated: at,
  };
}
