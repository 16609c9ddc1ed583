// The MongoDB store (Atlas, a local mongod, or any wire-compatible server) over the official driver.
import { MongoClient, MongoServerError } from 'mongodb';
import { DependencyUnavailableError } from '../../domain/errors.js';
import type { Store } from '../../ports/store.js';
import type { Log } from '../../ports/log.js';
import { runMongo, type MongoOperations } from './errors.js';
import { createMongoMilestones } from './milestones.js';
import { createMongoMenuRepository, createMongoPhotoRepository } from './menu.js';
import { createMongoOrderRepository } from './orders.js';
import { createMongoUserRepository } from './users.js';
import { createMongoCounterRepository } from './counters.js';
import { createMongoEventRepository } from './events.js';
import { createMongoAuditRepository } from './audit.js';
import { createMongoDeliveryRepository } from './deliveries.js';
import { createMongoSessionRepository } from './sessions.js';
import { createMongoDeviceRepository } from './devices.js';
import { createMongoTrackingLinkRepository } from './tracking-links.js';
import { prepareSchema } from './schema.js';

export interface MongoStoreOptions {
  uri: string;
  dbName: string;
  /**
   * Longest one operation may take, retries included (an abort signal, and `maxTimeMS` on the
   * server), so a hung database becomes a 503 rather than a hung request.
   */
  operationTimeoutMs: number;
  /** How long to look for a usable server before an operation fails with 503. */
  serverSelectionTimeoutMs: number;
  log: Log;
  /**
   * Count the commands sent (`commandsSent`, for `/metrics`, the bench and tests). Off by
   * default: the driver's command monitoring decodes every reply a second time.
   */
  countCommands?: boolean;
}

/** AuthenticationFailed, Unauthorized: a configuration problem, not an outage. */
const PERMANENT_CODES = new Set([13, 18]);
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
    monitorCommands: options.countCommands === true,
  });
  /** Commands sent, by "command collection" (a getMore names its collection apart). */
  const commands = new Map<string, number>();
  client.on('commandStarted', ({ commandName, command }) => {
    const target: unknown = commandName === 'getMore' ? command.collection : command[commandName];
    const key = typeof target === 'string' ? `${commandName} ${target}` : commandName;
    commands.set(key, (commands.get(key) ?? 0) + 1);
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
          // Wrong credentials or missing rights will not heal by waiting: say so at error level.
          if (error instanceof MongoServerError && PERMANENT_CODES.has(Number(error.code))) {
            log.error({ err: error, retryInMs: delayMs }, 'MongoDB refused us: check the user and its roles');
          } else {
            log.warn({ err: error, retryInMs: delayMs }, 'MongoDB not reachable yet: retrying');
          }
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

  const ops: MongoOperations = { ready, deadlineMs: options.operationTimeoutMs };

  return {
    kind: 'mongodb',
    menu: createMongoMenuRepository(db, ops),
    photos: createMongoPhotoRepository(db, ops),
    users: createMongoUserRepository(db, ops),
    orders: createMongoOrderRepository(db, ops),
    deliveries: createMongoDeliveryRepository(db, ops),
    audit: createMongoAuditRepository(db, ops),
    settings: {
      get: ({ key }) =>
        runMongo(ops, 'settings.get', async (limits) => {
          const doc = await db
            .collection<{ _id: string; value: unknown }>('settings')
            .findOne({ _id: key }, limits);
          return doc ? doc.value : null;
        }),
      put: ({ key, value, at }) =>
        runMongo(ops, 'settings.put', async (limits) => {
          await db
            .collection<{ _id: string; value: unknown; updatedAt: Date }>('settings')
            .replaceOne({ _id: key }, { value, updatedAt: at }, { ...limits, upsert: true });
        }),
    },
    sessions: createMongoSessionRepository(db, ops),
    devices: createMongoDeviceRepository(db, ops),
    trackingLinks: createMongoTrackingLinkRepository(db, ops),
    counters: createMongoCounterRepository(db, ops),
    events: createMongoEventRepository(db, ops),
    milestones: createMongoMilestones(db, ops),
    whenReady: () => connected,
    ...(options.countCommands === true ? { commandsSent: () => commands } : {}),
    ping: () =>
      runMongo(ops, 'ping', async ({ signal }) => {
        await db.command({ ping: 1 }, { signal });
      }),
    close: async () => {
      state = 'closed';
      clearTimeout(retryTimer);
      await client.close();
    },
  };
}
