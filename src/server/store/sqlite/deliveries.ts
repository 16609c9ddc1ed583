// The `deliveries` table: carrier reports for orders' text messages, one row per status. Orders
// are read with their reports folded in by the same statement (orders.ts).
import type { Database } from 'better-sqlite3';
import { foldReports } from '../../domain/order.js';
import type { DeliveryRecorded, DeliveryRepository } from '../../ports/store.js';
import { orderReader } from './orders.js';
import type { SqliteRunner } from './group-commit.js';

export function createSqliteDeliveryRepository(db: Database, sql: SqliteRunner): DeliveryRepository {
  const insert = db.prepare(
    `INSERT INTO deliveries (order_id, notification_id, status, message_id, at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const orderOf = orderReader(db);
  return {
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
        if (changes === 0) return { recorded: false, why: 'repeat' };
        // The order as it now reads: with this report folded into its text.
        const reported = (textId: string) => (textId === report.notificationId ? [report.status] : undefined);
        return {
          recorded: true,
          order: { ...order, notifications: foldReports(order.notifications, reported) },
        };
      }),
  };
}
