// The `tracking_links` table: guests' private links to their orders, by the digest of the secret.
import type { Database } from 'better-sqlite3';
import type { TrackingLinkRepository } from '../../ports/store.js';
import type { SqliteRunner } from './group-commit.js';

interface LinkRow {
  digest: string;
  order_id: string;
  expires_at: number;
}

export function createSqliteTrackingLinkRepository(db: Database, sql: SqliteRunner): TrackingLinkRepository {
  const add = db.prepare(
    'INSERT INTO tracking_links (digest, order_id, expires_at) VALUES (?, ?, ?) ON CONFLICT (digest) DO NOTHING',
  );
  const find = db.prepare<[string], LinkRow>(
    'SELECT digest, order_id, expires_at FROM tracking_links WHERE digest = ?',
  );
  const removeExpired = db.prepare('DELETE FROM tracking_links WHERE expires_at < ?');
  const removeOfOrder = db.prepare('DELETE FROM tracking_links WHERE order_id = ?');
  return {
    add: ({ link }) =>
      sql.write('trackingLinks.add', () => {
        add.run(link.digest, link.orderId, link.expiresAt.getTime());
      }),
    find: ({ digest }) =>
      sql.read('trackingLinks.find', () => {
        const row = find.get(digest);
        return row
          ? { digest: row.digest, orderId: row.order_id, expiresAt: new Date(row.expires_at) }
          : null;
      }),
    removeExpired: ({ before }) =>
      sql.write('trackingLinks.removeExpired', () => removeExpired.run(before.getTime()).changes),
    removeOfOrders: ({ orderIds }) =>
      sql.write('trackingLinks.removeOfOrders', () =>
        orderIds.reduce((removed, id) => removed + removeOfOrder.run(id).changes, 0),
      ),
  };
}
