import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/server/ports/store.js';
import { createSqliteStore } from '../../src/server/store/sqlite/index.js';
import { MIGRATIONS } from '../../src/server/store/sqlite/migrations.js';
import { describeStoreContract } from './store-contract.js';

async function sqliteFixture() {
  const dir = await mkdtemp(join(tmpdir(), 'von-appetit-store-'));
  const file = join(dir, 'nested', 'von-appetit.db');
  return {
    file,
    open: () =>
      new Promise<Store>((resolve) => {
        resolve(createSqliteStore({ file }));
      }),
    destroy: () => rm(dir, { recursive: true, force: true }),
  };
}

describeStoreContract('SQLite', sqliteFixture);

describe('SQLite specifics', () => {
  it('uses the WAL journal and records every migration once', async () => {
    const fixture = await sqliteFixture();
    try {
      await (await fixture.open()).close();
      await (await fixture.open()).close();
      const db = new Database(fixture.file, { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
      expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
      db.close();
    } finally {
      await fixture.destroy();
    }
  });

  it('refuses a database written by a newer version of the app', async () => {
    const fixture = await sqliteFixture();
    try {
      await (await fixture.open()).close();
      const db = new Database(fixture.file);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run();
      db.close();
      await expect(fixture.open()).rejects.toThrow(/schema version 999, newer than this app knows/);
    } finally {
      await fixture.destroy();
    }
  });
});
