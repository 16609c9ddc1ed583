// The `trackingLinks` collection: guests' private links to their orders; `_id` is the digest of
// the link's secret.
import type { Db } from 'mongodb';
import type { TrackingLinkRepository } from '../../ports/store.js';
import { runMongo, type MongoOperations } from './errors.js';

interface LinkDocument {
  _id: string;
  orderId: string;
  expiresAt: Date;
}

export function createMongoTrackingLinkRepository(db: Db, ops: MongoOperations): TrackingLinkRepository {
  const links = db.collection<LinkDocument>('trackingLinks');
  return {
    add: ({ link }) =>
      runMongo(ops, 'trackingLinks.add', async (limits) => {
        await links.updateOne(
          { _id: link.digest },
          { $setOnInsert: { orderId: link.orderId, expiresAt: link.expiresAt } },
          { ...limits, upsert: true },
        );
      }),
    find: ({ digest }) =>
      runMongo(ops, 'trackingLinks.find', async (limits) => {
        const doc = await links.findOne({ _id: digest }, limits);
        return doc ? { digest: doc._id, orderId: doc.orderId, expiresAt: doc.expiresAt } : null;
      }),
    removeOfOrders: ({ orderIds }) =>
      runMongo(ops, 'trackingLinks.removeOfOrders', async (limits) => {
        const result = await links.deleteMany({ orderId: { $in: [...orderIds] } }, limits);
        return result.deletedCount;
      }),
    removeExpired: ({ before }) =>
      runMongo(ops, 'trackingLinks.removeExpired', async (limits) => {
        const result = await links.deleteMany({ expiresAt: { $lt: before } }, limits);
        return result.deletedCount;
      }),
  };
}
