// The `deliveries` collection: carrier reports for orders' text messages. One document per
// (text, status), its `_id` made of both, so a repeated webhook is a duplicate-key no-op.
import type { Db } from 'mongodb';
import type { DeliveryStatus } from '../../domain/order.js';
import type { DeliveryRepository } from '../../ports/store.js';
import { isDuplicateKey, runMongo, type MongoOperations } from './errors.js';

interface DeliveryDocument {
  _id: string;
  orderId: string;
  notificationId: string;
  messageId: string;
  status: DeliveryStatus;
  at: Date;
}

export function createMongoDeliveryRepository(db: Db, ops: MongoOperations): DeliveryRepository {
  const deliveries = db.collection<DeliveryDocument>('deliveries');
  return {
    record: ({ report }) =>
      runMongo(ops, 'deliveries.record', async (limits) => {
        try {
          await deliveries.insertOne(
            { _id: `${report.orderId}/${report.notificationId}/${report.status}`, ...report },
            limits,
          );
          return true;
        } catch (error) {
          if (isDuplicateKey(error)) return false;
          throw error;
        }
      }),
    ofOrders: ({ orderIds }) =>
      runMongo(ops, 'deliveries.ofOrders', async (limits) => {
        if (orderIds.length === 0) return [];
        const docs = await deliveries
          .find({ orderId: { $in: [...orderIds] } }, limits)
          .sort({ at: 1 })
          .toArray();
        return docs.map(({ orderId, notificationId, messageId, status, at }) => ({
          orderId,
          notificationId,
          messageId,
          status,
          at,
        }));
      }),
  };
}
