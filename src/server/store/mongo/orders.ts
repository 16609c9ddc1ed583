// The `orders` collection (the article's name) as the order repository. One order is one
// document — lines, total, status and its pending text messages (the outbox) together — so
// every write of an order is atomic on any MongoDB-compatible server, without transactions.
import { MongoBulkWriteError, MongoServerError, ObjectId, type Db, type Filter } from 'mongodb';
import {
  foldReports,
  readyAtOf,
  finishedAtOf,
  statusFromStored,
  withoutCustomer,
  type Charges,
  type CustomerMessage,
  type Pickup,
  type DeliveryStatus,
  type Notification,
  type Order,
  type OrderLine,
  type StatusChange,
} from '../../domain/order.js';
import { ConflictError } from '../../domain/errors.js';
import { isOpen, type SupportCall } from '../../domain/support-call.js';
import type { OrderRepository } from '../../ports/store.js';
import { dateOrNull } from './documents.js';
import { isDocumentId } from '../../../contract/ids.js';
import { batched, type Answer } from './coalesce.js';
import { runMongo, toStoreError, type MongoOperations } from './errors.js';

export interface OrderDocument {
  _id: ObjectId;
  user_id: ObjectId;
  customerName?: string | null;
  number?: string | null;
  /** Ours: priced snapshot lines. The original app's: dish ids as strings. */
  items: (OrderLine | string)[];
  total?: number | null;
  /** Ours: a status name. The original app's: the integer 0. */
  status: string | number;
  statusHistory?: StatusChange[];
  /** Ours: dates. The original app's: ISO 8601 strings. */
  orderTime: Date | string;
  lastUpdated: Date | string;
  idempotencyKey?: string | null;
  requestHash?: string | null;
  notifications?: Notification[];
  outboxDueAt?: Date | null;
  /** Missing on the original app's orders: version 0. */
  version?: number;
  statusVersion?: number;
  calls?: SupportCall[];
  /** Whether a call is open: what the kitchen board's query looks for. */
  callOpen?: boolean;
  charges?: Charges | null;
  /** `toldReadyBy` is missing on pickups stored before it existed: read as `readyBy`. */
  pickup?: (Omit<Pickup, 'toldReadyBy'> & Partial<Pick<Pickup, 'toldReadyBy'>>) | null;
  messages?: CustomerMessage[];
  /** When it was last moved to ready, while ready or collected: what the kitchen's pace is learned from. */
  readyAt?: Date | null;
  /** When it was picked up or cancelled, while it is: what "Done today" lists. */
  finishedAt?: Date | null;
  /** Carrier reports by text id and status (deliveries.ts); folded into the texts when read. */
  deliveries?: Record<string, Partial<Record<DeliveryStatus, { messageId: string; at: Date }>>>;
}

function lineFromStored(item: OrderLine | string): OrderLine {
  if (typeof item === 'string') return { itemId: item, name: null, unitPrice: null, quantity: 1 };
  const line: OrderLine = {
    itemId: item.itemId,
    name: item.name,
    unitPrice: item.unitPrice,
    quantity: item.quantity,
  };
  if (typeof item.note === 'string') line.note = item.note;
  if (Array.isArray(item.options) && item.options.length > 0) line.options = item.options;
  return line;
}

/** The texts with the reports kept in the document folded in. */
function withReportsOf(doc: Pick<OrderDocument, 'deliveries'>, notifications: readonly Notification[]) {
  return foldReports(notifications, (textId) => {
    const reports = doc.deliveries?.[textId];
    return reports === undefined ? undefined : (Object.keys(reports) as DeliveryStatus[]);
  });
}

export function toOrder(doc: OrderDocument): Order {
  const orderTime = dateOrNull(doc.orderTime) ?? new Date(0);
  return {
    id: doc._id.toHexString(),
    userId: doc.user_id.toHexString(),
    customerName: doc.customerName ?? null,
    number: doc.number ?? null,
    items: doc.items.map(lineFromStored),
    total: typeof doc.total === 'number' ? doc.total : null,
    status: statusFromStored(doc.status),
    statusHistory: doc.statusHistory ?? [],
    orderTime,
    lastUpdated: dateOrNull(doc.lastUpdated) ?? orderTime,
    idempotencyKey: doc.idempotencyKey ?? null,
    requestHash: doc.requestHash ?? null,
    notifications: withReportsOf(doc, doc.notifications ?? []),
    outboxDueAt: dateOrNull(doc.outboxDueAt),
    version: typeof doc.version === 'number' ? doc.version : 0,
    statusVersion: typeof doc.statusVersion === 'number' ? doc.statusVersion : 0,
    calls: (doc.calls ?? []).map((call) => ({ ...call, joinedByName: call.joinedByName ?? null })),
    charges: doc.charges ?? null,
    pickup: doc.pickup ? { ...doc.pickup, toldReadyBy: doc.pickup.toldReadyBy ?? doc.pickup.readyBy } : null,
    messages: doc.messages ?? [],
  };
}

/** Version 0 is also every original order, which has no version field at all. */
function atVersion(version: number): Filter<OrderDocument> {
  return version === 0 ? { $or: [{ version: 0 }, { version: { $exists: false } }] } : { version };
}

export function createMongoOrderRepository(db: Db, ops: MongoOperations): OrderRepository {
  const orders = db.collection<OrderDocument>('orders');

  /** One order without its customer (`null`: it is gone); a ConflictError when writes keep winning. */
  async function eraseOne(
    _id: ObjectId,
    at: Date,
    limits: Parameters<typeof orders.findOne>[1],
  ): Promise<Order | null> {
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const doc = await orders.findOne({ _id }, limits);
      if (!doc) return null;
      const order = toOrder(doc);
      const erased = withoutCustomer(order, at);
      const written = await orders.updateOne(
        { _id, ...atVersion(order.version) },
        {
          $set: {
            customerName: erased.customerName,
            items: erased.items,
            notifications: erased.notifications,
            outboxDueAt: erased.outboxDueAt,
            pickup: erased.pickup,
            calls: erased.calls,
            callOpen: erased.calls.some(isOpen),
            messages: erased.messages,
            lastUpdated: at,
            version: order.version + 1,
          },
        },
        limits,
      );
      if (written.matchedCount === 1) return { ...erased, version: order.version + 1 };
    }
    throw new ConflictError('orders.eraseCustomer: the order kept changing');
  }
  /**
   * Orders placed while an insert is on its way go together in the next one (unordered: each
   * order is written or refused on its own, a duplicate key being that order's own answer). A
   * lone order goes the same way, so a refusal is always its own and never its followers'.
   */
  const insert = batched<OrderDocument, undefined>((docs) =>
    runMongo(ops, 'orders.add', async (limits): Promise<Answer<undefined>[]> => {
      try {
        await orders.insertMany([...docs], { ...limits, ordered: false });
        return docs.map(() => ({ value: undefined }));
      } catch (error) {
        const writeErrors = error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [];
        if (writeErrors.length === 0) throw error;
        const refused = new Map<number, Error>();
        for (const { index, code, errmsg = '' } of writeErrors) {
          refused.set(
            index,
            toStoreError('orders.add', new MongoServerError({ message: errmsg, errmsg, code })),
          );
        }
        return docs.map((_, i) => {
          const own = refused.get(i);
          return own ? { error: own } : { value: undefined };
        });
      }
    }),
  );
  return {
    add: async ({ order, id }) => {
      const doc: OrderDocument = {
        _id: id === undefined ? new ObjectId() : new ObjectId(id),
        user_id: new ObjectId(order.userId),
        customerName: order.customerName,
        number: order.number,
        items: order.items,
        total: order.total,
        status: order.status,
        statusHistory: order.statusHistory,
        orderTime: order.orderTime,
        lastUpdated: order.lastUpdated,
        idempotencyKey: order.idempotencyKey,
        requestHash: order.requestHash,
        notifications: order.notifications,
        outboxDueAt: order.outboxDueAt,
        version: order.version,
        statusVersion: order.statusVersion,
        calls: order.calls,
        callOpen: order.calls.some(isOpen),
        charges: order.charges,
        pickup: order.pickup,
        messages: order.messages,
        readyAt: readyAtOf(order),
        finishedAt: finishedAtOf(order),
      };
      await insert(doc);
      return toOrder(doc);
    },
    get: ({ id }) =>
      runMongo(ops, 'orders.get', async (limits) => {
        if (!isDocumentId(id)) return null;
        const doc = await orders.findOne({ _id: new ObjectId(id) }, limits);
        return doc ? toOrder(doc) : null;
      }),
    listOfUser: ({ userId, limit, before }) =>
      runMongo(ops, 'orders.listOfUser', async (limits) => {
        if (!isDocumentId(userId)) return [];
        const owner: Filter<OrderDocument> = { user_id: new ObjectId(userId) };
        const filter: Filter<OrderDocument> = before
          ? {
              ...owner,
              $or: [
                { orderTime: { $lt: before.orderTime } },
                { orderTime: before.orderTime, _id: { $lt: new ObjectId(before.id) } },
              ],
            }
          : owner;
        // BSON orders dates above strings, so our orders come before the original's ISO-string
        // ones, which are older; among strings ISO 8601 sorts by time. The server's order is right.
        const docs = await orders
          .find(filter, limits)
          .sort({ orderTime: -1, _id: -1 })
          .limit(limit)
          .toArray();
        return docs.map(toOrder);
      }),
    // A filtered update is atomic on MongoDB: of racing writers at one version, exactly one wins.
    update: ({ order, expectedVersion }) =>
      runMongo(ops, 'orders.update', async (limits) => {
        if (!isDocumentId(order.id)) return null;
        // The reports come back with the write: one recorded since the writer read the order
        // (they never move its version) is in the order this answers, and in its live event.
        const saved = await orders.findOneAndUpdate(
          { _id: new ObjectId(order.id), ...atVersion(expectedVersion) },
          {
            $set: {
              status: order.status,
              statusHistory: order.statusHistory,
              lastUpdated: order.lastUpdated,
              notifications: order.notifications,
              outboxDueAt: order.outboxDueAt,
              statusVersion: order.statusVersion,
              calls: order.calls,
              callOpen: order.calls.some(isOpen),
              pickup: order.pickup,
              messages: order.messages,
              readyAt: readyAtOf(order),
              finishedAt: finishedAtOf(order),
              version: expectedVersion + 1,
            },
          },
          { ...limits, returnDocument: 'after', projection: { deliveries: 1 } },
        );
        if (!saved) return null;
        return {
          ...order,
          version: expectedVersion + 1,
          notifications: withReportsOf(saved, order.notifications),
        };
      }),
    // Each order compare-and-set on its version, re-read when another write came first.
    eraseCustomer: ({ userId, at }) =>
      runMongo(ops, 'orders.eraseCustomer', async (limits) => {
        if (!isDocumentId(userId)) return [];
        const owned = await orders
          .find({ user_id: new ObjectId(userId) }, { ...limits, projection: { _id: 1 } })
          .toArray();
        const saved: Order[] = [];
        for (const { _id } of owned) {
          const erased = await eraseOne(_id, at, limits);
          if (erased) saved.push(erased);
        }
        return saved;
      }),
    // The original app's orders hold the status 0: received. Any order with an open call is there too.
    listActive: ({ limit }) =>
      runMongo(ops, 'orders.listActive', async (limits) => {
        const docs = await orders
          .find(
            { $or: [{ status: { $in: ['received', 'preparing', 'ready', 0] } }, { callOpen: true }] },
            limits,
          )
          .sort({ orderTime: 1, _id: 1 })
          .limit(limit)
          .toArray();
        return docs.map(toOrder);
      }),
    listReadySince: ({ since, limit }) =>
      runMongo(ops, 'orders.listReadySince', async (limits) => {
        const docs = await orders
          .find({ readyAt: { $gte: since } }, limits)
          .sort({ readyAt: -1 })
          .limit(limit)
          .toArray();
        return docs.map(toOrder);
      }),
    listFinishedSince: ({ since, limit }) =>
      runMongo(ops, 'orders.listFinishedSince', async (limits) => {
        const docs = await orders
          .find({ finishedAt: { $gte: since } }, limits)
          .sort({ finishedAt: -1 })
          .limit(limit)
          .toArray();
        return docs.map(toOrder);
      }),
    // The original app's orders hold ISO strings, which no date range matches: they are in no report.
    listPlacedBetween: ({ from, to, limit }) =>
      runMongo(ops, 'orders.listPlacedBetween', async (limits) => {
        const docs = await orders
          .find({ orderTime: { $gte: from, $lt: to } }, limits)
          .sort({ orderTime: 1, _id: 1 })
          .limit(limit)
          .toArray();
        return docs.map(toOrder);
      }),
    listWithDueNotifications: ({ at, limit }) =>
      runMongo(ops, 'orders.listWithDueNotifications', async (limits) => {
        const docs = await orders
          .find({ outboxDueAt: { $lte: at } }, limits)
          .sort({ outboxDueAt: 1 })
          .limit(limit)
          .toArray();
        return docs.map(toOrder);
      }),
  };
}
