// Boots the whole app per test (like fastify/demo's `build(t)`): a fresh SQLite file, a silent
// logger unless the test captures logs, and everything closed when the test ends.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { Store } from '../../src/server/ports/store.js';
import { createSqliteStore } from '../../src/server/store/sqlite/index.js';

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  /** Every log line written while the app ran, parsed (only when `captureLogs` was set). */
  logs: Record<string, unknown>[];
}

export async function buildTestApp(
  options: { env?: Record<string, string>; captureLogs?: boolean; lifecycle?: { draining: boolean } } = {},
): Promise<TestApp> {
  const dir = await mkdtemp(join(tmpdir(), 'von-appetit-app-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: options.captureLogs ? 'info' : 'silent',
    SQLITE_FILE: join(dir, 'test.db'),
    WEB_ROOT: join(dir, 'no-web-build'),
    ...options.env,
  });
  const store = createSqliteStore({ file: config.store.file });
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
    logStream,
    ...(options.lifecycle ? { lifecycle: options.lifecycle } : {}),
  });
  onTestFinished(async () => {
    await app.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { app, store, logs };
}
