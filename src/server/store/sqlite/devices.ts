// The `trusted_devices` table: browsers that completed a sign-in, by the digest of their cookie
// and the account.
import type { Database } from 'better-sqlite3';
import type { DeviceRepository } from '../../ports/store.js';
import type { SqliteRunner } from './group-commit.js';

interface DeviceRow {
  digest: string;
  user_id: string;
  expires_at: number;
}

export function createSqliteDeviceRepository(db: Database, sql: SqliteRunner): DeviceRepository {
  const add = db.prepare(
    `INSERT INTO trusted_devices (digest, user_id, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (digest, user_id) DO UPDATE SET expires_at = excluded.expires_at`,
  );
  const get = db.prepare<[string, string], DeviceRow>(
    'SELECT digest, user_id, expires_at FROM trusted_devices WHERE digest = ? AND user_id = ?',
  );
  const known = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM trusted_devices WHERE digest = ? LIMIT 1',
  );
  const removeOfUser = db.prepare('DELETE FROM trusted_devices WHERE user_id = ?');
  const removeExpired = db.prepare('DELETE FROM trusted_devices WHERE expires_at < ?');
  return {
    add: ({ device }) =>
      sql.write('devices.add', () => {
        add.run(device.digest, device.userId, device.expiresAt.getTime());
      }),
    get: ({ digest, userId }) =>
      sql.read('devices.get', () => {
        const row = get.get(digest, userId);
        return row ? { digest: row.digest, userId: row.user_id, expiresAt: new Date(row.expires_at) } : null;
      }),
    isKnown: ({ digest }) => sql.read('devices.isKnown', () => known.get(digest) !== undefined),
    removeOfUser: ({ userId }) => sql.write('devices.removeOfUser', () => removeOfUser.run(userId).changes),
    removeExpired: ({ before }) =>
      sql.write('devices.removeExpired', () => removeExpired.run(before.getTime()).changes),
  };
}
