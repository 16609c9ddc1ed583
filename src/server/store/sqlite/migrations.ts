// Versioned schema of the SQLite store. Append new migrations; never edit one that has shipped.
import type { Database } from 'better-sqlite3';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The `sessions` table made again with these stages allowed (SQLite cannot change a CHECK), its
 * rows and indexes kept. Each migration that calls it keeps its own list: history never changes.
 */
const rebuildSessions = (stages: readonly string[]) => `
      CREATE TABLE sessions_new (
        id              TEXT PRIMARY KEY,
        surface         TEXT NOT NULL CHECK (surface IN ('customer', 'staff')),
        user_id         TEXT,
        stage           TEXT NOT NULL CHECK (stage IN (${stages.map((stage) => `'${stage}'`).join(', ')})),
        phone           TEXT,
        reg_username    TEXT,
        reg_password    TEXT,
        verification_id TEXT,
        csrf_token      TEXT NOT NULL,
        sends           INTEGER NOT NULL DEFAULT 0,
        last_sent_at    INTEGER,
        created_at      INTEGER NOT NULL,
        last_seen_at    INTEGER NOT NULL,
        expires_at      INTEGER NOT NULL,
        account         TEXT
      ) STRICT;
      INSERT INTO sessions_new SELECT id, surface, user_id, stage, phone, reg_username, reg_password,
        verification_id, csrf_token, sends, last_sent_at, created_at, last_seen_at, expires_at, account
        FROM sessions;
      DROP TABLE sessions;
      ALTER TABLE sessions_new RENAME TO sessions;
      CREATE INDEX sessions_of_user ON sessions (user_id);
      CREATE INDEX sessions_expiry ON sessions (expires_at);
      CREATE INDEX sessions_by_verification ON sessions (verification_id) WHERE verification_id IS NOT NULL;
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'inventory',
    sql: `
      CREATE TABLE inventory (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        price       INTEGER NOT NULL CHECK (price >= 0),
        description TEXT NOT NULL DEFAULT '',
        category    TEXT NOT NULL DEFAULT '',
        available   INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0, 1)),
        position    INTEGER NOT NULL DEFAULT 0,
        created_at  INTEGER,
        updated_at  INTEGER
      ) STRICT;
      CREATE INDEX inventory_menu_order ON inventory (available, position, name);
    `,
  },
  {
    version: 2,
    name: 'milestones',
    sql: `
      CREATE TABLE milestones (
        key        TEXT PRIMARY KEY,
        reached_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'users',
    sql: `
      CREATE TABLE users (
        id                TEXT PRIMARY KEY,
        username          TEXT NOT NULL UNIQUE,
        phone             TEXT NOT NULL,
        password          TEXT NOT NULL,
        role              TEXT NOT NULL CHECK (role IN ('customer', 'staff', 'admin')),
        phone_verified_at INTEGER,
        created_at        INTEGER,
        updated_at        INTEGER
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'orders',
    sql: `
      CREATE TABLE orders (
        id           TEXT PRIMARY KEY,
        -- No foreign key: MongoDB has none, and both stores must behave alike.
        user_id      TEXT NOT NULL,
        number       TEXT,
        items        TEXT NOT NULL, -- JSON array of order lines (the snapshot)
        total        INTEGER,
        status       TEXT NOT NULL,
        order_time   INTEGER NOT NULL,
        last_updated INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX orders_of_user ON orders (user_id, order_time DESC);
    `,
  },
  {
    version: 5,
    name: 'customer journey: order outbox, sessions, counters, events',
    sql: `
      ALTER TABLE orders ADD COLUMN customer_name TEXT;
      ALTER TABLE orders ADD COLUMN status_history TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE orders ADD COLUMN idempotency_key TEXT;
      ALTER TABLE orders ADD COLUMN request_hash TEXT;
      ALTER TABLE orders ADD COLUMN notifications TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE orders ADD COLUMN outbox_due_at INTEGER;
      ALTER TABLE orders ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE orders ADD COLUMN status_version INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX orders_outbox_due ON orders (outbox_due_at) WHERE outbox_due_at IS NOT NULL;
      CREATE INDEX orders_by_status ON orders (status, order_time);

      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL, -- JSON
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE audit (
        id         TEXT PRIMARY KEY,
        at         INTEGER NOT NULL,
        actor_id   TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        action     TEXT NOT NULL,
        target     TEXT NOT NULL,
        before     TEXT, -- JSON
        after      TEXT  -- JSON
      ) STRICT;
      CREATE INDEX audit_newest ON audit (at DESC, id DESC);

      CREATE TABLE deliveries (
        order_id        TEXT NOT NULL,
        notification_id TEXT NOT NULL,
        status          TEXT NOT NULL,
        message_id      TEXT NOT NULL,
        at              INTEGER NOT NULL,
        PRIMARY KEY (order_id, notification_id, status)
      ) STRICT;

      CREATE TABLE sessions (
        id              TEXT PRIMARY KEY, -- SHA-256 of the cookie value
        surface         TEXT NOT NULL CHECK (surface IN ('customer', 'staff')),
        user_id         TEXT,
        stage           TEXT NOT NULL CHECK (stage IN ('pending_phone', 'pending_2fa', 'full')),
        phone           TEXT,
        reg_username    TEXT, -- a registration waiting for its code
        reg_password    TEXT,
        verification_id TEXT,
        csrf_token      TEXT NOT NULL,
        sends           INTEGER NOT NULL DEFAULT 0,
        last_sent_at    INTEGER,
        created_at      INTEGER NOT NULL,
        last_seen_at    INTEGER NOT NULL,
        expires_at      INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sessions_of_user ON sessions (user_id);
      CREATE INDEX sessions_expiry ON sessions (expires_at);

      CREATE TABLE counters (
        key       TEXT PRIMARY KEY, -- name, subject and window start
        count     INTEGER NOT NULL,
        resets_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX counters_expiry ON counters (resets_at);

      CREATE TABLE sequences (
        name  TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE events (
        seq     INTEGER PRIMARY KEY AUTOINCREMENT,
        topic   TEXT NOT NULL,
        user_id TEXT NOT NULL,
        at      INTEGER NOT NULL,
        payload TEXT NOT NULL
      ) STRICT;
      CREATE INDEX events_of_user ON events (user_id, seq);
      CREATE INDEX events_by_time ON events (at);
    `,
  },
  {
    version: 6,
    name: 'staff administration: disabled accounts, invitations',
    sql: `
      ALTER TABLE users ADD COLUMN disabled_at INTEGER;
      ALTER TABLE users ADD COLUMN invite_digest TEXT;
      ALTER TABLE users ADD COLUMN invite_expires_at INTEGER;
      CREATE INDEX users_by_role ON users (role, username);
    `,
  },
  {
    version: 7,
    name: 'support calls on orders',
    sql: `
      ALTER TABLE orders ADD COLUMN calls TEXT NOT NULL DEFAULT '[]'; -- JSON array of support calls
      ALTER TABLE orders ADD COLUMN call_open INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX orders_with_open_call ON orders (order_time) WHERE call_open = 1;
    `,
  },
  {
    version: 8,
    name: 'the names staff show customers',
    sql: `
      ALTER TABLE users ADD COLUMN display_name TEXT;
    `,
  },
  {
    version: 9,
    name: 'sessions by the code they wait for',
    sql: `
      CREATE INDEX sessions_by_verification ON sessions (verification_id) WHERE verification_id IS NOT NULL;
    `,
  },
  {
    version: 10,
    name: 'trusted devices',
    sql: `
      CREATE TABLE trusted_devices (
        digest     TEXT NOT NULL, -- SHA-256 of the device cookie's value
        user_id    TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (digest, user_id)
      ) STRICT;
      CREATE INDEX trusted_devices_of_user ON trusted_devices (user_id);
      CREATE INDEX trusted_devices_expiry ON trusted_devices (expires_at);
    `,
  },
  {
    version: 11,
    name: "customers' sessions carry the account",
    sql: `
      ALTER TABLE sessions ADD COLUMN account TEXT; -- JSON, dates as ISO strings
    `,
  },
  {
    version: 12,
    name: 'charges, pickup times and customer messages on orders',
    sql: `
      ALTER TABLE orders ADD COLUMN charges TEXT; -- JSON: subtotal, tax, how it is paid
      ALTER TABLE orders ADD COLUMN pickup TEXT; -- JSON, dates as ISO strings
      ALTER TABLE orders ADD COLUMN messages TEXT NOT NULL DEFAULT '[]'; -- JSON array
      ALTER TABLE orders ADD COLUMN ready_at INTEGER; -- when it was last moved to ready, while ready or collected
      CREATE INDEX orders_ready ON orders (ready_at) WHERE ready_at IS NOT NULL;
    `,
  },
  {
    version: 13,
    name: 'dish options, tags, allergens and photos',
    sql: `
      ALTER TABLE inventory ADD COLUMN options TEXT NOT NULL DEFAULT '[]'; -- JSON option groups
      ALTER TABLE inventory ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE inventory ADD COLUMN allergens TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE inventory ADD COLUMN photo TEXT; -- JSON {key, width, height}
      CREATE TABLE photos (
        name         TEXT PRIMARY KEY,
        content_type TEXT NOT NULL,
        bytes        BLOB NOT NULL,
        created_at   INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 14,
    name: 'forgotten passwords: accounts by phone, reset sessions',
    sql: `
      CREATE INDEX users_by_phone ON users (phone);
${rebuildSessions(['pending_phone', 'pending_2fa', 'full', 'pending_reset', 'reset_proven'])}
    `,
  },
  {
    version: 15,
    name: "guests' private links to their orders",
    sql: `
      CREATE TABLE tracking_links (
        digest     TEXT PRIMARY KEY, -- SHA-256 of the link's secret
        order_id   TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX tracking_links_expiry ON tracking_links (expires_at);
    `,
  },
  {
    version: 16,
    name: "guests' sessions; private links by order",
    sql: `
${rebuildSessions(['pending_phone', 'pending_2fa', 'full', 'pending_reset', 'reset_proven', 'pending_guest'])}
      CREATE INDEX tracking_links_of_order ON tracking_links (order_id);
    `,
  },
  {
    version: 17,
    name: 'done today and reports: when an order finished, orders by time',
    sql: `
      -- When it was picked up or cancelled, while it is; orders finished before this version have none
      -- (as on MongoDB), so they are in no "Done today".
      ALTER TABLE orders ADD COLUMN finished_at INTEGER;
      CREATE INDEX orders_finished ON orders (finished_at) WHERE finished_at IS NOT NULL;
      CREATE INDEX orders_by_time ON orders (order_time);
    `,
  },
];

/**
 * Brings the database to the newest version, each migration in its own transaction. Refuses a
 * database written by a newer version of the app rather than guessing at its schema.
 */
export function migrate(db: Database, at: Date): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  const current = row.version ?? 0;
  const newest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(
      `the database is at schema version ${current}, newer than this app knows (${newest}); upgrade the app`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of MIGRATIONS.filter((m) => m.version > current)) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, at.getTime());
    })();
  }
}
