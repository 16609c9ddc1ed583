// The embedded SQLite store (sandbox default): one file, WAL journal, versioned migrations.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Log } from '../../ports/log.js';
import type { Store } from '../../ports/store.js';
import { manageCheckpoints } from './checkpointer.js';
import { createSqliteRunner } from './group-commit.js';
import { createSqliteMenuRepository, createSqlitePhotoRepository } from './menu.js';
import { migrate } from './migrations.js';
import { createSqliteOrderRepository } from './orders.js';
import { createSqliteCounterRepository } from './counters.js';
import { createSqliteEventRepository } from './events.js';
import { createSqliteAuditRepository } from './audit.js';
import { createSqliteDeliveryRepository } from './deliveries.js';
import { createSqliteSessionRepository } from './sessions.js';
import { createSqliteDeviceRepository } from './devices.js';
import { createSqliteTrackingLinkRepository } from './tracking-links.js';
import { createSqliteUserRepository } from './users.js';

export interface SqliteStoreOptions {
  /** Path of the database file, or `:memory:` for a throw-away store. */
  file: string;
  now?: () => Date;
  /** Where a failure of the background checkpoints is reported. */
  log?: Pick<Log, 'warn' | 'error'>;
}

/**
 * Opens (creating if needed) and migrates the database. Durability: WAL with
 * `synchronous = NORMAL` — a committed write survives a crash of the process; a power loss
 * may lose the last few commits, never corrupt the file.
 */
export function createSqliteStore({ file, now = () => new Date(), log }: SqliteStoreOptions): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Once checkpointed, the log is cut back to this size instead of keeping its largest (not
    // while the checkpoint worker runs: see checkpointer.ts).
    db.pragma('journal_size_limit = 67108864');
    db.pragma('foreign_keys = ON');
    // Another process holding the write lock makes us wait this long before SQLITE_BUSY (→ 503).
    db.pragma('busy_timeout = 2000');
    migrate(db, now());
  } catch (error) {
    db.close();
    throw error;
  }

  const sql = createSqliteRunner(db);
  const checkpoints =
    file === ':memory:'
      ? undefined
      : manageCheckpoints({
          db,
          file,
          runner: sql,
          onStopped: (error) => {
            log?.warn({ err: error }, 'SQLite checkpoint worker stopped: checkpoints are automatic again');
          },
          onDiskError: (error) => {
            log?.error(
              { diskError: error },
              `SQLite checkpoint worker: ${error.step} failed: check the disk`,
            );
          },
        });
  const claim = db.prepare(
    'INSERT INTO milestones (key, reached_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  );
  const reached = db.prepare<[string], { key: string }>('SELECT key FROM milestones WHERE key = ?');
  const removeTransient = db.prepare("DELETE FROM milestones WHERE reached_at < ? AND key LIKE '%:%'");
  const ping = db.prepare('SELECT 1');
  const getSetting = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const putSetting = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );

  return {
    kind: 'sqlite',
    menu: createSqliteMenuRepository(db, sql),
    photos: createSqlitePhotoRepository(db, sql),
    users: createSqliteUserRepository(db, sql),
    orders: createSqliteOrderRepository(db, sql),
    deliveries: createSqliteDeliveryRepository(db, sql),
    audit: createSqliteAuditRepository(db, sql),
    settings: {
      get: ({ key }) =>
        sql.read('settings.get', () => {
          const row = getSetting.get(key);
          return row ? (JSON.parse(row.value) as unknown) : null;
        }),
      put: ({ key, value, at }) =>
        sql.write('settings.put', () => {
          putSetting.run(key, JSON.stringify(value), at.getTime());
        }),
    },
    sessions: createSqliteSessionRepository(db, sql),
    devices: createSqliteDeviceRepository(db, sql),
    trackingLinks: createSqliteTrackingLinkRepository(db, sql),
    counters: createSqliteCounterRepository(db, sql),
    events: createSqliteEventRepository(db, sql),
    milestones: {
      claimOnce: ({ key, at }) =>
        sql.write('milestones.claimOnce', () => claim.run(key, at.getTime()).changes === 1),
      has: ({ key }) => sql.read('milestones.has', () => reached.get(key) !== undefined),
      removeTransient: ({ before }) =>
        sql.write('milestones.removeTransient', () => removeTransient.run(before.getTime()).changes),
    },
    // Opening the file is synchronous: the store is ready as soon as it exists.
    whenReady: () => Promise.resolve(),
    ping: () =>
      sql.read('ping', () => {
        ping.get();
      }),
    close: async () => {
      const isOpen = () => db.open;
      if (!isOpen()) return;
      sql.close();
      await checkpoints?.stop();
      // Writes held back by a log restart as the store closed were refused (503) when let go;
      // anything still open is committed.
      sql.flush();
      // The last connection to close checkpoints the whole log and removes it (a second
      // close may have come first while the worker stopped).
      if (isOpen()) db.close();
      checkpoints?.release();
    },
  };
}
