import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/test-app.js';

describe('health probes', () => {
  it('/livez answers without touching the database', async () => {
    const { app, store } = await buildTestApp();
    await app.ready();
    await store.close();
    const response = await app.inject({ url: '/livez' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is ready while the database answers', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready' });
  });

  it('/readyz turns traffic away with 503 and Retry-After when the database does not answer', async () => {
    const { app, store } = await buildTestApp();
    await app.ready();
    await store.close();
    const response = await app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBeDefined();
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'not_ready' });
  });

  it('/readyz says 503 as soon as shutdown begins', async () => {
    const lifecycle = { draining: false };
    const { app } = await buildTestApp({ lifecycle });
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    lifecycle.draining = true;
    const response = await app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'shutting_down' });
  });
});

describe('process metrics (for npm run bench)', () => {
  it('are off unless EXPOSE_METRICS=true, and then only for this machine', async () => {
    const { app: plain } = await buildTestApp();
    expect((await plain.inject({ url: '/internal/metrics' })).statusCode).toBe(404);

    const { app } = await buildTestApp({ env: { EXPOSE_METRICS: 'true' } });
    const local = await app.inject({ url: '/internal/metrics?reset=true', remoteAddress: '127.0.0.1' });
    expect(local.statusCode).toBe(200);
    const metrics = local.json<{ rssBytes: number; eventLoopDelayMs: { p99: number } }>();
    expect(metrics.rssBytes).toBeGreaterThan(0);
    expect(metrics.eventLoopDelayMs.p99).toBeGreaterThanOrEqual(0);
    const remote = await app.inject({
      url: '/internal/metrics',
      remoteAddress: '192.0.2.7',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(remote.statusCode).toBe(403);
  });

  it('give the text budget as Prometheus gauges at /metrics, to this machine only (H5)', async () => {
    const { app: plain } = await buildTestApp();
    expect((await plain.inject({ url: '/metrics' })).statusCode).toBe(404);
    const { app } = await buildTestApp({ env: { EXPOSE_METRICS: 'true', SMS_NOTIFICATIONS_PER_DAY: '900' } });
    const local = await app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(local.statusCode).toBe(200);
    expect(local.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const lines = local.body.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '# TYPE von_appetit_sms_budget_used_ratio gauge',
        'von_appetit_sms_budget_used_ratio{kind="sign_in_codes",window="hour"} 0',
        'von_appetit_sms_budget_ceiling{kind="notifications",window="day"} 900',
        'von_appetit_sms_budget_ceiling{kind="registration_codes",window="hour"} 50',
      ]),
    );
    const remote = await app.inject({ url: '/metrics', remoteAddress: '192.0.2.7' });
    expect(remote.statusCode).toBe(403);
  });
});
