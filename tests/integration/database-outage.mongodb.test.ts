// MongoDB going away and coming back while the app runs: 503 within the deadline, then recovery.
import { describe, expect, it, onTestFinished } from 'vitest';
import { MenuList } from '../../src/contract/menu.js';
import { buildTestApp } from '../support/test-app.js';
import { hostAndPort, startTcpProxy } from '../support/tcp-proxy.js';
import { testMongoUri } from '../support/test-store.js';

const OPERATION_TIMEOUT_MS = 1500;

async function appBehindProxy() {
  const uri = testMongoUri() ?? '';
  const proxy = await startTcpProxy(hostAndPort(uri));
  onTestFinished(() => proxy.close());
  const proxied = uri.replace(/^mongodb:\/\/([^@/]*@)?[^/?]+/, `mongodb://$1127.0.0.1:${proxy.port}`);
  const built = await buildTestApp({
    env: { MONGODB_URI: proxied, MONGODB_TIMEOUT_MS: String(OPERATION_TIMEOUT_MS) },
  });
  return { ...built, proxy };
}

describe('when MongoDB stops and comes back', () => {
  it('answers 503 with Retry-After within the deadline, stays alive, and recovers without a restart', async () => {
    const { app, proxy } = await appBehindProxy();
    expect((await app.inject({ url: '/api/inventory' })).statusCode).toBe(200);

    await proxy.cut();
    const startedAt = Date.now();
    const down = await app.inject({ url: '/api/inventory' });
    const tookMs = Date.now() - startedAt;
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBeDefined();
    expect(down.json()).toMatchObject({ code: 'dependency_unavailable' });
    // The deadline is the configured operation time plus scheduling slack, never a hang.
    expect(tookMs).toBeLessThan(OPERATION_TIMEOUT_MS + 3000);
    expect((await app.inject({ url: '/livez' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(503);

    await proxy.restore();
    await expect
      .poll(async () => (await app.inject({ url: '/api/inventory' })).statusCode, {
        timeout: 15_000,
        interval: 250,
      })
      .toBe(200);
    const menu = MenuList.parse((await app.inject({ url: '/api/inventory' })).json());
    expect(menu.map((d) => d.name)).toEqual(['Hamburger', 'Soda']);
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });
});
