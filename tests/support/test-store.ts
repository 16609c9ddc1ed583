// Which store a test run uses, and a fresh database of it per test. The integration suite runs
// once per store (vitest projects set TEST_STORE); MongoDB needs MONGODB_URI.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { onTestFinished } from 'vitest';
import { loadConfig, type Config } from '../../src/server/config/config.js';
import type { Store } from '../../src/server/ports/store.js';
import { createMongoStore } from '../../src/server/store/mongo/index.js';
import { createSqliteStore } from '../../src/server/store/sqlite/index.js';
import { missingForTests } from './ci.js';
import { quietLog } from './logs.js';

export const TEST_STORE: 'sqlite' | 'mongodb' = process.env.TEST_STORE === 'mongodb' ? 'mongodb' : 'sqlite';
/** The MongoDB server for tests, or `undefined` (a failure under CI, a loud skip elsewhere). */
export function testMongoUri(): string | undefined {
  const uri = process.env.MONGODB_URI;
  if (uri) return uri;
  missingForTests(
    'MONGODB_URI (a test MongoDB server)',
    "start one (see the README, How to test) and set MONGODB_URI='mongodb://127.0.0.1:27018/?directConnection=true'",
  );
  return undefined;
}

export interface TestDatabase {
  /** Environment variables that point the app's config at this database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind = TEST_STORE): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'von-appetit-db-'));
    return {
      env: { SQLITE_FILE: join(dir, 'test.db') },
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const uri = testMongoUri();
  if (!uri) throw new Error('MONGODB_URI is required for TEST_STORE=mongodb');
  const dbName = `va_test_${randomBytes(6).toString('hex')}`;
  return {
    env: { MONGODB_URI: uri, MONGODB_DB: dbName },
    drop: async () => {
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

/** Opens the store the config names, as main.ts does. */
export function openTestStore(config: Config): Store {
  return config.store.kind === 'sqlite'
    ? createSqliteStore({ file: config.store.file })
    : createMongoStore({ ...config.store, log: quietLog, countCommands: true });
}

/**
 * A fresh MongoDB database holding exactly what the article's reader types into the Atlas UI:
 * `inventory` with `{"name":"Hamburger","price":995}` and `{"name":"Soda","price":199}`.
 */
export async function createArticleDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase('mongodb');
  const client = await new MongoClient(database.env.MONGODB_URI ?? '').connect();
  try {
    await client
      .db(database.env.MONGODB_DB)
      .collection('inventory')
      .insertMany([
        { name: 'Hamburger', price: 995 },
        { name: 'Soda', price: 199 },
      ]);
  } finally {
    await client.close();
  }
  return database;
}

/** A fresh, ready store of the run's kind for one test, closed and dropped when the test ends. */
export async function aTestStore(): Promise<Store> {
  const database = await createTestDatabase();
  const store = openTestStore(loadConfig({ NODE_ENV: 'test', ...database.env }));
  await store.whenReady();
  onTestFinished(async () => {
    await store.close();
    await database.drop();
  });
  return store;
}
