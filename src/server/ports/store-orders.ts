// The Store port, orders: the orders with their outbox, delivery reports, and live events (see store.ts).
import type { DeliveryStatus, NewOrder, Order } from '../domain/order.js';

/**
 * Stores an order as given (lines already priced) under `id` when given (24 lowercase hex),
 * else a new one; ConflictError when an order with that id exists. The order and its
 * notifications land together or not at all.
 */
export type AddOrder = (args: { order: NewOrder; id?: string }) => Promise<Order>;

/** One order by id, or `null`. */
export type GetOrder = (args: { id: string }) => Promise<Order | null>;

/**
 * A customer's orders, newest first, at most `limit`; `before` continues a listing after the
 * last order of the previous page.
 */
export type ListOrdersOfUser = (args: {
  userId: string;
  limit: number;
  before?: { orderTime: Date; id: string };
}) => Promise<Order[]>;

/**
 * Writes the order's changeable fields (status, history, notifications, outbox due time,
 * lastUpdated, calls, pickup, customer messages) if nobody changed it since `expectedVersion`, and bumps its version. Resolves the
 * order as it is now stored, with the delivery reports recorded meanwhile folded in (they never
 * move the version); `null` when the version moved on (re-read and try again) or the order is gone.
 */
export type UpdateOrder = (args: { order: Order; expectedVersion: number }) => Promise<Order | null>;

/**
 * Orders on the kitchen board, oldest first, at most `limit`: those it still works on (received,
 * preparing, ready) and any with an open support call.
 */
export type ListActiveOrders = (args: { limit: number }) => Promise<Order[]>;

/**
 * Orders moved to ready at or after `since` (and still ready or collected), the latest first, at
 * most `limit`: what the ready estimate learns the kitchen's pace from.
 */
export type ListOrdersReadySince = (args: { since: Date; limit: number }) => Promise<Order[]>;

/**
 * Orders picked up or cancelled at or after `since` (and still so), the latest first, at most
 * `limit`: the kitchen's "Done today".
 */
export type ListOrdersFinishedSince = (args: { since: Date; limit: number }) => Promise<Order[]>;

/** Orders placed in `[from, to)`, oldest first, at most `limit`: what a report adds up. */
export type ListOrdersPlacedBetween = (args: { from: Date; to: Date; limit: number }) => Promise<Order[]>;

/** Orders whose outbox has work due at `at` (oldest due first), at most `limit`. */
export type ListOrdersWithDueNotifications = (args: { at: Date; limit: number }) => Promise<Order[]>;

/** A delivery status the carrier reported for one of an order's text messages. */
export interface DeliveryReport {
  orderId: string;
  notificationId: string;
  messageId: string;
  status: DeliveryStatus;
  at: Date;
}

/**
 * What recording a report did: the order as it now reads, the report folded in, for its live
 * event; or nothing, because the same status was already recorded for that text (`repeat`:
 * Vonage retries webhooks) or no order has that text (`unknown`).
 */
export type DeliveryRecorded =
  { recorded: true; order: Order } | { recorded: false; why: 'repeat' | 'unknown' };

/**
 * Records a report of one of an existing order's texts once. Never part of the order's versioned
 * fields, so a webhook never races the relay or the kitchen for it.
 */
export type RecordDelivery = (args: { report: DeliveryReport }) => Promise<DeliveryRecorded>;

/**
 * Something that happened, for live listeners (SSE). `seq` orders events across instances.
 * `order`: an order changed; `texts`: only its text messages did (sent, delivered), which its
 * owner follows and the kitchen does not.
 */
export interface StoredEvent {
  seq: number;
  topic: EventTopic;
  /** Whose it is: customers receive only their own. */
  userId: string;
  at: Date;
  /** The public view the listener receives (already stripped of anything private). */
  payload: Record<string, unknown>;
}

export type EventTopic = 'order' | 'texts';

/**
 * Appends events, numbered in the order given (one write for all: a round of announcements
 * costs the same as one); resolves them with their sequence numbers.
 */
export type AppendEvents = (args: { events: readonly Omit<StoredEvent, 'seq'>[] }) => Promise<StoredEvent[]>;

/** Events with `seq > after`, oldest first, at most `limit`; only `userId`'s when given. */
export type ListEventsSince = (args: {
  after: number;
  limit: number;
  userId?: string;
}) => Promise<StoredEvent[]>;

/** The highest sequence number handed out (0 when none): where a new listener starts. */
export type LatestEventSeq = () => Promise<number>;

/** Forgets events older than `before`. Sequence numbers never go back, even after a quiet day. */
export type RemoveEventsBefore = (args: { before: Date }) => Promise<number>;

/**
 * Erases the customer from every order of `userId` (the domain's `withoutCustomer`): name,
 * phone and words go; lines, money and history stay, for the restaurant's records. Each order's
 * version moves on. Resolves the orders as saved.
 */
export type EraseCustomerOfOrders = (args: { userId: string; at: Date }) => Promise<Order[]>;

/** Forgets every event of `userId` (an erased account's: they may name the customer). */
export type RemoveEventsOfUser = (args: { userId: string }) => Promise<number>;

/**
 * A guest's private link to an order: the digest of its secret (the secret is only ever in the
 * guest's text), the order, and until when it works.
 */
export interface TrackingLink {
  digest: string;
  orderId: string;
  expiresAt: Date;
}

export interface TrackingLinkRepository {
  /** Stores a link (the same digest again: no change). */
  add(args: { link: TrackingLink }): Promise<void>;
  /** The link with this digest, whatever its expiry (the caller compares), or `null`. */
  find(args: { digest: string }): Promise<TrackingLink | null>;
  removeExpired(args: { before: Date }): Promise<number>;
  /** Forgets every link to these orders (an erased customer's). */
  removeOfOrders(args: { orderIds: readonly string[] }): Promise<number>;
}

export interface OrderRepository {
  add: AddOrder;
  get: GetOrder;
  listOfUser: ListOrdersOfUser;
  eraseCustomer: EraseCustomerOfOrders;
  update: UpdateOrder;
  listActive: ListActiveOrders;
  listWithDueNotifications: ListOrdersWithDueNotifications;
  listReadySince: ListOrdersReadySince;
  listFinishedSince: ListOrdersFinishedSince;
  listPlacedBetween: ListOrdersPlacedBetween;
}

/**
 * Carrier reports. Every order a repository reads shows them: each text's `delivery` is the
 * furthest status reported for it, with no read of its own.
 */
export interface DeliveryRepository {
  record: RecordDelivery;
}

export interface EventRepository {
  append: AppendEvents;
  since: ListEventsSince;
  latestSeq: LatestEventSeq;
  removeBefore: RemoveEventsBefore;
  removeOfUser: RemoveEventsOfUser;
}
