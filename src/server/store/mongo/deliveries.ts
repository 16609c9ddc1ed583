// Carrier reports for orders' text messages live in the order document, under
// `deliveries.<text id>.<status>`: one `findOneAndUpdate` per report, filtered on that path not
// existing, so a repeated webhook changes nothing, and returning the order for its live event. The order's versioned fields are not touched: a report never
// races the relay or the kitchen. Orders are read with their reports folded in (orders.ts).
import { ObjectId, type Db } from 'mongodb';
import { isNotificationId } from '../../domain/order.js';
import type { DeliveryRecorded, DeliveryRepository } from '../../ports/store.js';
import { isDocumentId } from '../../../contract/ids.js';
import { runMongo, type MongoOperations } from './errors.js';
import { toOrder, type OrderDocument } from './orders.js';

export function createMongoDeliveryRepository(db: Db, ops: MongoOperations): DeliveryRepository {
  const orders = db.collection<OrderDocument>('orders');
  return {
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
  };
}
