// The MongoDB store (Atlas, a local mongod, or any wire-compatible server) over the official driver.
import { MongoClient } from 'mongodb';
import { DependencyUnavailableError } from '../../domain/errors.js';
import type { Store } from '../../ports/store.js';
import type { MilestoneDocument } from './documents.js';
import { isDuplicateKey, runMongo } from './errors.js';
import { createMongoMenuRepository } from './menu.js';
import { createMongoOrderRepository } from './orders.js';
import { createMongoUserRepository } from './users.js';
import { prepareSchema } from './schema.js';

export interface MongoStoreLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface MongoStoreOptions {
  uri: string;
  dbName: string;
  /**
   * Longest any one operation may wait for the network or the server (socket timeout, and
   * `maxTimeMS` on the server), so a hung database becomes a 503 rather than a hung request.
   */
  operationTimeoutMs: number;
  /** How long to look for a usable server before an operation fails with 503. */
  serverSelectionTimeoutMs: number;
  log: MongoStoreLog;
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;

/**
 * Returns at once and connects in the background, retrying with backoff until the database
 * answers; until then every operation fails fast with DependencyUnavailableError (503) and
 * `/readyz` says not ready. Afterwards the driver reconnects by itself after an outage.
 */
export function createMongoStore(options: MongoStoreOptions): Store {
  const { log } = options;
  const client = new MongoClient(options.uri, {
    appName: 'von-appetit',
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs,
    connectTimeoutMS: options.serverSelectionTimeoutMs,
    socketTimeoutMS: options.operationTimeoutMs,
    // A saturated pool answers 503 quickly instead of queueing requests without bound.
    waitQueueTimeoutMS: options.serverSelectionTimeoutMs,
    maxPoolSize: 50,
  });
  const db = client.db(options.dbName);
  let state: 'connecting' | 'ready' | 'closed' = 'connecting';
  let retryTimer: NodeJS.Timeout | undefined;

  const connected = new Promise<void>((resolve) => {
    const attempt = (delayMs: number) => {
      client
        .connect()
        .then(() => prepareSchema(db, log))
        .then(() => {
          if (state !== 'connecting') return;
          state = 'ready';
          log.info({ db: options.dbName }, 'connected to MongoDB');
          resolve();
        })
        .catch((error: unknown) => {
          if (state !== 'connecting') return;
          log.warn({ err: error, retryInMs: delayMs }, 'MongoDB not reachable yet: retrying');
          retryTimer = setTimeout(() => {
            attempt(Math.min(delayMs * 2, RETRY_MAX_MS));
          }, delayMs);
        });
    };
    attempt(RETRY_MIN_MS);
  });

  const ready = (): Promise<void> =>
    state === 'ready'
      ? Promise.resolve()
      : Promise.reject(
          new DependencyUnavailableError('store', state === 'closed' ? 'store closed' : 'not connected yet'),
        );

  const milestones = db.collection<MilestoneDocument>('milestones');

  return {
    kind: 'mongodb',
    menu: createMongoMenuRepository(db, ready, options.operationTimeoutMs),
    users: createMongoUserRepository(db, ready, options.operationTimeoutMs),
    orders: createMongoOrderRepository(db, ready, options.operationTimeoutMs),
    milestones: {
      claimOnce: ({ key, at }) =>
        runMongo('milestones.claimOnce', async () => {
          await ready();
          try {
            await milestones.insertOne({ _id: key, reachedAt: at });
            return true;
          } catch (error) {
            if (isDuplicateKey(error)) return false;
            throw error;
          }
        }),
    },
    whenReady: () => connected,
    ping: () =>
      runMongo('ping', async () => {
        await ready();
        await db.command({ ping: 1 });
      }),
    close: async () => {
      state = 'closed';
      clearTimeout(retryTimer);
      await client.close();
    },
  };
}
