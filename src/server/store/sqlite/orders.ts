// The `orders` table as the order repository. Lines are one JSON column: the order is read and
// written whole, as on MongoDB, where it is one document. One row is one statement, atomic on
// its own; writes that must land together with an order (its pending SMS notifications) go in
// one `db.transaction` here, where MongoDB keeps them inside the order document instead.
import type { Database } from 'better-sqlite3';
import type { Order, OrderLine } from '../../domain/order.js';
import { statusFromStored } from '../../domain/order.js';
import type { OrderRepository } from '../../ports/store.js';
import { runSqlite } from './errors.js';
import { newDocumentId } from './ids.js';

interface OrderRow {
  id: string;
  user_id: string;
  number: string | null;
  items: string;
  total: number | null;
  status: string;
  order_time: number;
  last_updated: number;
}

const COLUMNS = 'id, user_id, number, items, total, status, order_time, last_updated';

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    userId: row.user_id,
    number: row.number,
    items: JSON.parse(row.items) as OrderLine[],
    total: row.total,
    status: statusFromStored(row.status),
    orderTime: new Date(row.order_time),
    lastUpdated: new Date(row.last_updated),
  };
}

export function createSqliteOrderRepository(db: Database): OrderRepository {
  const insert = db.prepare(
    `INSERT INTO orders (${COLUMNS}) VALUES
     (@id, @user_id, @number, @items, @total, @status, @order_time, @last_updated)`,
  );
  const byId = db.prepare<[string], OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE id = ?`);
  const ofUser = db.prepare<[string, number], OrderRow>(
    `SELECT ${COLUMNS} FROM orders WHERE user_id = ? ORDER BY order_time DESC, id DESC LIMIT ?`,
  );

  return {
    add: ({ order }) =>
      runSqlite('orders.add', () => {
        const row: OrderRow = {
          id: newDocumentId(order.orderTime),
          user_id: order.userId,
          number: order.number,
          items: JSON.stringify(order.items),
          total: order.total,
          status: order.status,
          order_time: order.orderTime.getTime(),
          last_updated: order.lastUpdated.getTime(),
        };
        insert.run(row);
        return toOrder(row);
      }),
    get: ({ id }) =>
      runSqlite('orders.get', () => {
        const row = byId.get(id);
        return row ? toOrder(row) : null;
      }),
    listOfUser: ({ userId, limit }) =>
      runSqlite('orders.listOfUser', () => ofUser.all(userId, limit).map(toOrder)),
  };
}
