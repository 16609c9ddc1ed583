// Carrier reports for orders' text messages live in the order document, under
// `deliveries.<text id>.<status>`: one `findOneAndUpdate` per report, filtered on that path not
// existing, so a repeated webhook changes nothing, and returning the order for its live event. The order's versioned fields are not touched: a report never
// races the relay or the kitchen. Orders are read with their reports folded in (orders.ts).
import { ObjectId, type Db } from 'mongodb';
import { isNotificationId, type DeliveryStatus } from '../../domain/order.js';
import type { DeliveryRecorded, DeliveryReport, DeliveryRepository } from '../../ports/store.js';
import { isDocumentId } from '../../../contract/ids.js';
import { runMongo, type MongoOperations } from './errors.js';
import { toOrder, type OrderDocument } from './orders.js';

export function createMongoDeliveryRepository(db: Db, ops: MongoOperations): DeliveryRepository {
  const orders = db.collection<OrderDocument>('orders');
  return {
    foldedIntoOrders: true,
    // One command: the report set and the order as it now is returned. Only when nothing was
    // set, a look by `_id` tells a repeat from a text no order has.
    record: ({ report }) =>
      runMongo(ops, 'deliveries.record', async (limits): Promise<DeliveryRecorded> => {
        if (!isDocumentId(report.orderId) || !isNotificationId(report.notificationId)) {
          return { recorded: false, why: 'unknown' };
        }
        const path = `deliveries.${report.notificationId}.${report.status}`;
        const ofText = { _id: new ObjectId(report.orderId), 'notifications.id': report.notificationId };
        const updated = await orders.findOneAndUpdate(
          { ...ofText, [path]: { $exists: false } },
          { $set: { [path]: { messageId: report.messageId, at: report.at } } },
          { ...limits, returnDocument: 'after' },
        );
        if (updated) return { recorded: true, order: toOrder(updated) };
        const known = await orders.countDocuments(ofText, { ...limits, limit: 1 });
        return { recorded: false, why: known > 0 ? 'repeat' : 'unknown' };
      }),
    ofOrders: ({ orderIds }) =>
      runMongo(ops, 'deliveries.ofOrders', async (limits) => {
        const ids = orderIds.filter(isDocumentId).map((id) => new ObjectId(id));
        if (ids.length === 0) return [];
        const docs = await orders
          .find({ _id: { $in: ids } }, { ...limits, projection: { deliveries: 1 } })
          .toArray();
        const reports: DeliveryReport[] = [];
        for (const doc of docs) {
          for (const [notificationId, statuses] of Object.entries(doc.deliveries ?? {})) {
            for (const [status, { messageId, at }] of Object.entries(statuses)) {
              reports.push({
                orderId: doc._id.toHexString(),
                notificationId,
                messageId,
                status: status as DeliveryStatus,
                at,
              });
            }
          }
        }
        return reports.sort((a, b) => a.at.getTime() - b.at.getTime());
      }),
  };
}
