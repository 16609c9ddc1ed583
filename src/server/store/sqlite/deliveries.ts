// The `deliveries` table: carrier reports for orders' text messages, one row per status.
import type { Database } from 'better-sqlite3';
import type { DeliveryStatus } from '../../domain/order.js';
import type { DeliveryRepository } from '../../ports/store.js';
import type { SqliteRunner } from './group-commit.js';

interface DeliveryRow {
  order_id: string;
  notification_id: string;
  status: DeliveryStatus;
  message_id: string;
  at: number;
}

export function createSqliteDeliveryRepository(db: Database, sql: SqliteRunner): DeliveryRepository {
  // Only for an order that exists, as where reports live in the order (MongoDB).
  const insert = db.prepare(
    `INSERT INTO deliveries (order_id, notification_id, status, message_id, at)
     SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM orders WHERE id = ?)
     ON CONFLICT DO NOTHING`,
  );
  // One statement for any number of orders (the ids travel as one JSON array): prepared once.
  const ofOrderList = db.prepare<[string], DeliveryRow>(
    `SELECT order_id, notification_id, status, message_id, at FROM deliveries
     WHERE order_id IN (SELECT value FROM json_each(?)) ORDER BY at`,
  );
  return {
    foldedIntoOrders: false,
    record: ({ report }) =>
      sql.write(
        'deliveries.record',
        () =>
          insert.run(
            report.orderId,
            report.notificationId,
            report.status,
            report.messageId,
            report.at.getTime(),
            report.orderId,
          ).changes === 1,
      ),
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
