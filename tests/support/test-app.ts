// Boots the whole app per test: a fresh database, a silent
// logger unless the test captures logs, and everything closed when the test ends.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { buildApp, type AppDeps } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config/config.js';
import { createLogger } from '../../src/server/setup/logger.js';
import type { Store } from '../../src/server/ports/store.js';
import { createTestDatabase, openTestStore, type TestDatabase } from './test-store.js';

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  /** Every log line written while the app ran, parsed (only when `captureLogs` was set). */
  logs: Record<string, unknown>[];
}

export interface TestAppOptions {
  env?: Record<string, string>;
  captureLogs?: boolean;
  lifecycle?: { draining: boolean };
  /** A database the test prepared (and drops) itself; by default a fresh one of the run's store. */
  database?: TestDatabase;
  /** `false` to build the app while the database is still unreachable (start-up tests). */
  waitForStore?: boolean;
  /** Extra collaborators of the app (webhook secret, dev inbox). */
  deps?: Pick<AppDeps, 'webhookSecret' | 'devInbox' | 'comms' | 'runRelay' | 'now' | 'readyWatchEveryMs'>;
}

export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: options.captureLogs ? 'info' : 'silent',
    WEB_ROOT: join(tmpdir(), 'von-appetit-no-web-build'),
    ...database.env,
    ...options.env,
  });
  const store = openTestStore(config);
  if (options.waitForStore !== false) await store.whenReady();
  const logs: Record<string, unknown>[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const app = await buildApp({
    config,
    store,
    logger: createLogger(config, logStream),
    closeGraceMs: 1000,
    ...options.deps,
    ...(options.lifecycle ? { lifecycle: options.lifecycle } : {}),
  });
  onTestFinished(async () => {
    await app.close();
    await store.close();
    if (!options.database) await database.drop();
  });
  return { app, store, logs };
}
