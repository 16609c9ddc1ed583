// The `deliveries` table: carrier reports for orders' text messages, one row per status.
import type { Database } from 'better-sqlite3';
import type { DeliveryStatus } from '../../domain/order.js';
import type { DeliveryRecorded, DeliveryRepository } from '../../ports/store.js';
import { orderReader } from './orders.js';
import type { SqliteRunner } from './group-commit.js';

interface DeliveryRow {
  order_id: string;
  notification_id: string;
  status: DeliveryStatus;
  message_id: string;
  at: number;
}

export function createSqliteDeliveryRepository(db: Database, sql: SqliteRunner): DeliveryRepository {
  const insert = db.prepare(
    `INSERT INTO deliveries (order_id, notification_id, status, message_id, at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const orderOf = orderReader(db);
  // One statement for any number of orders (the ids travel as one JSON array): prepared once.
  const ofOrderList = db.prepare<[string], DeliveryRow>(
    `SELECT order_id, notification_id, status, message_id, at FROM deliveries
     WHERE order_id IN (SELECT value FROM json_each(?)) ORDER BY at`,
  );
  return {
    foldedIntoOrders: false,
    // Only for a text an order has, as where reports live in the order (MongoDB).
    record: ({ report }) =>
      sql.write('deliveries.record', (): DeliveryRecorded => {
        const order = orderOf(report.orderId);
        if (!order?.notifications.some((n) => n.id === report.notificationId)) {
          return { recorded: false, why: 'unknown' };
        }
        const { changes } = insert.run(
          report.orderId,
          report.notificationId,
          report.status,
          report.messageId,
          report.at.getTime(),
        );
        return changes === 1 ? { recorded: true, order } : { recorded: false, why: 'repeat' };
      }),
    ofOrders: ({ orderIds }) =>
      sql.read('deliveries.ofOrders', () => {
        if (orderIds.length === 0) return [];
        const rows = ofOrderList.all(JSON.stringify(orderIds));
        return rows.map((row) => ({
          orderId: row.order_id,
          notificationId: row.notification_id,
          messageId: row.message_id,
          status: row.status,
          at: new Date(row.at),
        }));
      }),
  };
}
