// The `orders` collection (the article's name) as the order repository. One order is one
// document — lines, total and status together — so every write of an order is atomic on any
// MongoDB-compatible server, without multi-document transactions.
import { ObjectId, type Db } from 'mongodb';
import { statusFromStored, type Order, type OrderLine } from '../../domain/order.js';
import type { OrderRepository } from '../../ports/store.js';
import { dateOrNull, isObjectIdHex } from './documents.js';
import { runMongo, type MongoOperations } from './errors.js';

export interface OrderDocument {
  _id: ObjectId;
  user_id: ObjectId;
  number?: string | null;
  /** Ours: priced snapshot lines. The original app's: dish ids as strings. */
  items: (OrderLine | string)[];
  total?: number | null;
  /** Ours: a status name. The original app's: the integer 0. */
  status: string | number;
  /** Ours: dates. The original app's: ISO 8601 strings. */
  orderTime: Date | string;
  lastUpdated: Date | string;
}

function lineFromStored(item: OrderLine | string): OrderLine {
  if (typeof item === 'string') return { itemId: item, name: null, unitPrice: null, quantity: 1 };
  return { itemId: item.itemId, name: item.name, unitPrice: item.unitPrice, quantity: item.quantity };
}

function toOrder(doc: OrderDocument): Order {
  const orderTime = dateOrNull(doc.orderTime) ?? new Date(0);
  return {
    id: doc._id.toHexString(),
    userId: doc.user_id.toHexString(),
    number: doc.number ?? null,
    items: doc.items.map(lineFromStored),
    total: typeof doc.total === 'number' ? doc.total : null,
    status: statusFromStored(doc.status),
    orderTime,
    lastUpdated: dateOrNull(doc.lastUpdated) ?? orderTime,
  };
}

export function createMongoOrderRepository(db: Db, ops: MongoOperations): OrderRepository {
  const orders = db.collection<OrderDocument>('orders');
  return {
    add: ({ order }) =>
      runMongo(ops, 'orders.add', async (limits) => {
        const doc: OrderDocument = {
          _id: new ObjectId(),
          user_id: new ObjectId(order.userId),
          number: order.number,
          items: order.items,
          total: order.total,
          status: order.status,
          orderTime: order.orderTime,
          lastUpdated: order.lastUpdated,
        };
        await orders.insertOne(doc, limits);
        return toOrder(doc);
      }),
    get: ({ id }) =>
      runMongo(ops, 'orders.get', async (limits) => {
        if (!isObjectIdHex(id)) return null;
        const doc = await orders.findOne({ _id: new ObjectId(id) }, limits);
        return doc ? toOrder(doc) : null;
      }),
    listOfUser: ({ userId, limit }) =>
      runMongo(ops, 'orders.listOfUser', async (limits) => {
        if (!isObjectIdHex(userId)) return [];
        // BSON orders dates above strings, so our orders come before the original's ISO-string
        // ones, which are older; among strings ISO 8601 sorts by time. The server's order is right.
        const docs = await orders
          .find({ user_id: new ObjectId(userId) }, limits)
          .sort({ orderTime: -1, _id: -1 })
          .limit(limit)
          .toArray();
        return docs.map(toOrder);
      }),
  };
}
