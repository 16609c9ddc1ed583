// MongoDB failing while the app runs, or before it starts: 503 within the deadline, then recovery.
import { describe, expect, it, onTestFinished } from 'vitest';
import { MenuList } from '../../src/contract/menu.js';
import { buildTestApp, type TestAppOptions } from '../support/test-app.js';
import { hostAndPort, startTcpProxy } from '../support/tcp-proxy.js';
import { testMongoUri } from '../support/test-store.js';

const DEADLINE_MS = 2000;
/**
 * Scheduling slack on a busy two-core machine. Without a whole-operation deadline the driver
 * waits out the socket timeout (= the deadline) and then retries once: about twice the
 * deadline, which this bound refuses.
 */
const SLACK_MS = 1000;
/** Recovery may take up to its own poll budget (20 s), after the outage itself: room for both. */
const TEST_TIMEOUT_MS = 40_000;

async function appBehindProxy(options: Pick<TestAppOptions, 'waitForStore'> & { startCut?: boolean } = {}) {
  const uri = testMongoUri() ?? '';
  const proxy = await startTcpProxy(hostAndPort(uri));
  onTestFinished(() => proxy.close());
  if (options.startCut) await proxy.cut();
  const proxied = uri.replace(/^mongodb:\/\/([^@/]*@)?[^/?]+/, `mongodb://$1127.0.0.1:${proxy.port}`);
  // The app's clock runs with real time, and can be moved on: the menu is kept for a second, so
  // an outage probe steps past that second to reach the database.
  let offsetMs = 0;
  const built = await buildTestApp({
    env: { MONGODB_URI: proxied, MONGODB_TIMEOUT_MS: String(DEADLINE_MS) },
    deps: { now: () => new Date(Date.now() + offsetMs) },
    ...options,
  });
  const passKeptMenu = () => {
    offsetMs += 2000;
  };
  return { ...built, proxy, passKeptMenu };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; tookMs: number }> {
  const startedAt = performance.now();
  const result = await work();
  return { result, tookMs: performance.now() - startedAt };
}

async function expectRecovery(app: Awaited<ReturnType<typeof appBehindProxy>>['app']) {
  await expect
    .poll(async () => (await app.inject({ url: '/readyz' })).statusCode, { timeout: 20_000, interval: 250 })
    .toBe(200);
  const menu = MenuList.parse((await app.inject({ url: '/api/inventory' })).json());
  expect(menu.map((d) => d.name)).toEqual(['Hamburger', 'Soda']);
}

describe('when MongoDB stops', () => {
  it(
    'answers 503 with Retry-After at once, stays alive, and recovers without a restart',
    async () => {
      const { app, proxy, passKeptMenu } = await appBehindProxy();
      expect((await app.inject({ url: '/api/inventory' })).statusCode).toBe(200);

      await proxy.cut();
      passKeptMenu();
      const { result: down, tookMs } = await timed(() => app.inject({ url: '/api/inventory' }));
      expect(down.statusCode).toBe(503);
      expect(down.headers['retry-after']).toBeDefined();
      expect(down.json()).toMatchObject({ code: 'dependency_unavailable' });
      expect(tookMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
      expect((await app.inject({ url: '/livez' })).statusCode).toBe(200);
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(503);

      await proxy.restore();
      await expectRecovery(app);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('when MongoDB hangs (accepts connections, never answers)', () => {
  it(
    'answers 503 within the configured deadline instead of waiting with it, then recovers',
    async () => {
      const { app, proxy, passKeptMenu } = await appBehindProxy();
      expect((await app.inject({ url: '/api/inventory' })).statusCode).toBe(200);

      proxy.hang();
      passKeptMenu();
      const { result: hung, tookMs } = await timed(() => app.inject({ url: '/api/inventory' }));
      expect(hung.statusCode).toBe(503);
      expect(hung.json()).toMatchObject({ code: 'dependency_unavailable' });
      expect(tookMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
      expect((await app.inject({ url: '/livez' })).statusCode).toBe(200);

      await proxy.restore();
      await expectRecovery(app);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('when MongoDB is down as the app starts', () => {
  it(
    'listens anyway (live, not ready, 503 on the API), then seeds and serves once it appears',
    async () => {
      const { app, proxy } = await appBehindProxy({ startCut: true, waitForStore: false });
      expect((await app.inject({ url: '/livez' })).statusCode).toBe(200);
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(503);
      const early = await app.inject({ url: '/api/inventory' });
      expect(early.statusCode).toBe(503);
      expect(early.headers['retry-after']).toBeDefined();

      await proxy.restore();
      await expectRecovery(app);
    },
    TEST_TIMEOUT_MS,
  );
});
