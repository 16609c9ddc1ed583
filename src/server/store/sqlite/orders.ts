// The `orders` table as the order repository. Lines, history and pending notifications are JSON
// columns: the order is read and written whole, as on MongoDB, where it is one document — so an
// order and its notifications (the outbox) are always written by one statement, atomically.
// Carrier reports stay in their own table (deliveries.ts) and come folded into each read order by
// the same statement, as MongoDB folds the reports kept in the document: reading an order is one
// statement with its reports.
import type { Database } from 'better-sqlite3';
import type {
  CustomerMessage,
  DeliveryStatus,
  Notification,
  Order,
  OrderLine,
  Pickup,
  StatusChange,
} from '../../domain/order.js';
import {
  finishedAtOf,
  foldReports,
  readyAtOf,
  statusFromStored,
  withoutCustomer,
} from '../../domain/order.js';
import { isOpen, type SupportCall } from '../../domain/support-call.js';
import type { OrderRepository } from '../../ports/store.js';
import type { SqliteRunner } from './group-commit.js';
import { newDocumentId } from './ids.js';

interface OrderRow {
  id: string;
  user_id: string;
  customer_name: string | null;
  number: string | null;
  items: string;
  total: number | null;
  status: string;
  status_history: string;
  order_time: number;
  last_updated: number;
  idempotency_key: string | null;
  request_hash: string | null;
  notifications: string;
  outbox_due_at: number | null;
  version: number;
  status_version: number;
  calls: string;
  call_open: number;
  charges: string | null;
  pickup: string | null;
  messages: string;
  ready_at: number | null;
  finished_at: number | null;
}

/** A row as read: with its carrier reports, `<text id> <status>` pairs joined by commas (or none). */
interface ReadRow extends OrderRow {
  delivered: string | null;
}

const COLUMNS =
  'id, user_id, customer_name, number, items, total, status, status_history, order_time, last_updated, idempotency_key, request_hash, notifications, outbox_due_at, version, status_version, calls, call_open, charges, pickup, messages, ready_at, finished_at';

/** An order's reports as `delivered`: one probe of the reports' key. */
const DELIVERED = `(SELECT group_concat(deliveries.notification_id || ' ' || deliveries.status)
  FROM deliveries WHERE deliveries.order_id = orders.id) AS delivered`;

/** What an order is read with: its columns and its reports. */
const READ_COLUMNS = `${COLUMNS}, ${DELIVERED}`;

/** The statuses reported for each text, from a row's `delivered`. */
function reportsOf(delivered: string | null): Map<string, DeliveryStatus[]> {
  const reports = new Map<string, DeliveryStatus[]>();
  for (const pair of delivered === null ? [] : delivered.split(',')) {
    const [textId, status] = pair.split(' ') as [string, DeliveryStatus];
    reports.set(textId, [...(reports.get(textId) ?? []), status]);
  }
  return reports;
}

const dateOrNull = (value: string | null) => (value === null ? null : new Date(value));

type Stored<T, K extends keyof T & string> = Omit<T, K> & Record<K, string | null>;

function revive(notification: Stored<Notification, 'nextAttemptAt' | 'createdAt' | 'sentAt'>): Notification {
  return {
    ...notification,
    nextAttemptAt: dateOrNull(notification.nextAttemptAt),
    createdAt: new Date(notification.createdAt ?? 0),
    sentAt: dateOrNull(notification.sentAt),
  };
}

type StoredCall = Stored<SupportCall, 'requestedAt' | 'joinedAt' | 'endedAt'>;

function reviveCall(call: StoredCall): SupportCall {
  return {
    ...call,
    joinedByName: call.joinedByName ?? null,
    requestedAt: new Date(call.requestedAt ?? 0),
    joinedAt: dateOrNull(call.joinedAt),
    endedAt: dateOrNull(call.endedAt),
  };
}

function revivePickup(
  pickup: Stored<Pickup, 'scheduledFor' | 'prepareFrom' | 'readyBy' | 'toldReadyBy'>,
): Pickup {
  const readyBy = new Date(pickup.readyBy ?? 0);
  return {
    ...pickup,
    scheduledFor: dateOrNull(pickup.scheduledFor),
    prepareFrom: new Date(pickup.prepareFrom ?? 0),
    readyBy,
    toldReadyBy: dateOrNull(pickup.toldReadyBy) ?? readyBy,
  };
}

const reviveMessage = (message: Stored<CustomerMessage, 'at'>): CustomerMessage => ({
  ...message,
  at: new Date(message.at ?? 0),
});

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    userId: row.user_id,
    customerName: row.customer_name,
    number: row.number,
    items: JSON.parse(row.items) as OrderLine[],
    total: row.total,
    status: statusFromStored(row.status),
    statusHistory: (JSON.parse(row.status_history) as Stored<StatusChange, 'at'>[]).map((change) => ({
      status: change.status,
      at: new Date(change.at ?? 0),
      ...(change.undo === true ? { undo: true } : {}),
      ...(typeof change.reason === 'string' ? { reason: change.reason } : {}),
    })),
    orderTime: new Date(row.order_time),
    lastUpdated: new Date(row.last_updated),
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    notifications: (
      JSON.parse(row.notifications) as Stored<Notification, 'nextAttemptAt' | 'createdAt' | 'sentAt'>[]
    ).map(revive),
    outboxDueAt: row.outbox_due_at === null ? null : new Date(row.outbox_due_at),
    version: row.version,
    statusVersion: row.status_version,
    calls: (JSON.parse(row.calls) as StoredCall[]).map(reviveCall),
    charges: row.charges === null ? null : (JSON.parse(row.charges) as Order['charges']),
    pickup:
      row.pickup === null ? null : revivePickup(JSON.parse(row.pickup) as Parameters<typeof revivePickup>[0]),
    messages: (JSON.parse(row.messages) as Stored<CustomerMessage, 'at'>[]).map(reviveMessage),
  };
}

/** The order with the reports of a row's `delivered` folded into its texts. */
function withReports(order: Order, delivered: string | null): Order {
  if (delivered === null) return order;
  const reports = reportsOf(delivered);
  return { ...order, notifications: foldReports(order.notifications, (textId) => reports.get(textId)) };
}

const fromRow = (row: ReadRow): Order => withReports(toOrder(row), row.delivered);

function toRow(id: string, order: Omit<Order, 'id'>): OrderRow {
  return {
    id,
    user_id: order.userId,
    customer_name: order.customerName,
    number: order.number,
    items: JSON.stringify(order.items),
    total: order.total,
    status: order.status,
    status_history: JSON.stringify(order.statusHistory),
    order_time: order.orderTime.getTime(),
    last_updated: order.lastUpdated.getTime(),
    idempotency_key: order.idempotencyKey,
    request_hash: order.requestHash,
    notifications: JSON.stringify(order.notifications),
    outbox_due_at: order.outboxDueAt?.getTime() ?? null,
    version: order.version,
    status_version: order.statusVersion,
    calls: JSON.stringify(order.calls),
    call_open: order.calls.some(isOpen) ? 1 : 0,
    charges: order.charges === null ? null : JSON.stringify(order.charges),
    pickup: order.pickup === null ? null : JSON.stringify(order.pickup),
    messages: JSON.stringify(order.messages),
    ready_at: readyAtOf(order)?.getTime() ?? null,
    finished_at: finishedAtOf(order)?.getTime() ?? null,
  };
}

/** One order by id, read at once (for use inside another repository's write). */
export function orderReader(db: Database): (id: string) => Order | null {
  const byId = db.prepare<[string], ReadRow>(`SELECT ${READ_COLUMNS} FROM orders WHERE id = ?`);
  return (id) => {
    const row = byId.get(id);
    return row ? fromRow(row) : null;
  };
}

export function createSqliteOrderRepository(db: Database, sql: SqliteRunner): OrderRepository {
  const insert = db.prepare(
    `INSERT INTO orders (${COLUMNS}) VALUES (@id, @user_id, @customer_name, @number, @items, @total, @status,
     @status_history, @order_time, @last_updated, @idempotency_key, @request_hash, @notifications,
     @outbox_due_at, @version, @status_version, @calls, @call_open, @charges, @pickup, @messages, @ready_at, @finished_at)`,
  );
  const byId = orderReader(db);
  const ofUser = db.prepare<[string, number], ReadRow>(
    `SELECT ${READ_COLUMNS} FROM orders WHERE user_id = ? ORDER BY order_time DESC, id DESC LIMIT ?`,
  );
  const ofUserBefore = db.prepare<[string, number, number, string, number], ReadRow>(
    `SELECT ${READ_COLUMNS} FROM orders WHERE user_id = ? AND (order_time < ? OR (order_time = ? AND id < ?))
     ORDER BY order_time DESC, id DESC LIMIT ?`,
  );
  const allOfUser = db.prepare<[string], ReadRow>(`SELECT ${READ_COLUMNS} FROM orders WHERE user_id = ?`);
  const erase = db.prepare(
    `UPDATE orders SET customer_name = @customer_name, items = @items, notifications = @notifications,
     outbox_due_at = @outbox_due_at, pickup = @pickup, calls = @calls, call_open = @call_open,
     messages = @messages, last_updated = @last_updated, version = version + 1 WHERE id = @id`,
  );
  const deliveredTo = db.prepare<[string], { delivered: string | null }>(
    `SELECT ${DELIVERED} FROM orders WHERE id = ?`,
  );
  const update = db.prepare(
    `UPDATE orders SET status = @status, status_history = @status_history, last_updated = @last_updated,
     notifications = @notifications, outbox_due_at = @outbox_due_at, status_version = @status_version,
     calls = @calls, call_open = @call_open, pickup = @pickup, messages = @messages, ready_at = @ready_at,
     finished_at = @finished_at, version = @version + 1
     WHERE id = @id AND version = @version`,
  );
  const active = db.prepare<[number], ReadRow>(
    `SELECT ${READ_COLUMNS} FROM orders WHERE status IN ('received', 'preparing', 'ready') OR call_open = 1
     ORDER BY order_time, id LIMIT ?`,
  );
  const readySince = db.prepare<[number, number], ReadRow>(
    `SELECT ${READ_COLUMNS} FROM orders WHERE ready_at IS NOT NULL AND ready_at >= ? ORDER BY ready_at DESC LIMIT ?`,
  );
  const finishedSince = db.prepare<[number, number], ReadRow>(
    `SELECT ${READ_COLUMNS} FROM orders WHERE finished_at IS NOT NULL AND finished_at >= ?
     ORDER BY finished_at DESC LIMIT ?`,
  );
  const placedBetween = db.prepare<[number, number, number], ReadRow>(
    `SELECT ${READ_COLUMNS} FROM orders WHERE order_time >= ? AND order_time < ? ORDER BY order_time, id LIMIT ?`,
  );
  const due = db.prepare<[number, number], ReadRow>(
    `SELECT ${READ_COLUMNS} FROM orders WHERE outbox_due_at IS NOT NULL AND outbox_due_at <= ?
     ORDER BY outbox_due_at LIMIT ?`,
  );

  return {
    add: ({ order, id }) =>
      sql.write('orders.add', () => {
        const stored = { ...order, id: id ?? newDocumentId(order.orderTime) };
        insert.run(toRow(stored.id, order));
        return stored;
      }),
    get: ({ id }) => sql.read('orders.get', () => byId(id)),
    listOfUser: ({ userId, limit, before }) =>
      sql.read('orders.listOfUser', () =>
        (before
          ? ofUserBefore.all(userId, before.orderTime.getTime(), before.orderTime.getTime(), before.id, limit)
          : ofUser.all(userId, limit)
        ).map(fromRow),
      ),
    update: ({ order, expectedVersion }) =>
      sql.write('orders.update', () => {
        if (update.run({ ...toRow(order.id, order), version: expectedVersion }).changes !== 1) return null;
        // With the reports recorded since the writer read it (they never move the version).
        const saved = { ...order, version: expectedVersion + 1 };
        return withReports(saved, deliveredTo.get(order.id)?.delivered ?? null);
      }),
    // One write transaction: no other write comes between the read and the erasure.
    eraseCustomer: ({ userId, at }) =>
      sql.write('orders.eraseCustomer', () =>
        allOfUser
          .all(userId)
          .map(fromRow)
          .map((order) => {
            const erased = withoutCustomer(order, at);
            erase.run(toRow(order.id, erased));
            return { ...erased, version: order.version + 1 };
          }),
      ),
    listActive: ({ limit }) => sql.read('orders.listActive', () => active.all(limit).map(fromRow)),
    listWithDueNotifications: ({ at, limit }) =>
      sql.read('orders.listWithDueNotifications', () => due.all(at.getTime(), limit).map(fromRow)),
    listReadySince: ({ since, limit }) =>
      sql.read('orders.listReadySince', () => readySince.all(since.getTime(), limit).map(fromRow)),
    listFinishedSince: ({ since, limit }) =>
      sql.read('orders.listFinishedSince', () => finishedSince.all(since.getTime(), limit).map(fromRow)),
    listPlacedBetween: ({ from, to, limit }) =>
      sql.read('orders.listPlacedBetween', () =>
        placedBetween.all(from.getTime(), to.getTime(), limit).map(fromRow),
      ),
  };
}
