import { describe, expect, it } from 'vitest';
import { Problem } from '../../src/contract/problem.js';
import { buildTestApp } from '../support/test-app.js';

/** The app with one JSON route added, as every write route of the API will be. */
async function appWithJsonRoute() {
  const built = await buildTestApp();
  built.app.post('/api/echo', (request) => ({ received: typeof request.body }));
  return built;
}

function expectProblem(
  response: { headers: Record<string, unknown>; json: () => unknown },
  status: number,
  code: string,
) {
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  const problem = Problem.parse(response.json());
  expect(problem).toMatchObject({ status, code, type: `urn:von-appetit:problem:${code}` });
  expect(problem.requestId).toMatch(/^[0-9a-f-]{36}$/);
  return problem;
}

describe('errors are problem+json with a stable code', () => {
  it('answers an unknown API route with 404 not_found', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({ url: '/api/no-such-thing' });
    expect(response.statusCode).toBe(404);
    expectProblem(response, 404, 'not_found');
  });

  it.each(['/test', '/api/authenticate', '/get-events', '/jwt', '/rtc/events', '/api/website/themes'])(
    "does not answer the original demo's debug route %s",
    async (url) => {
      const { app } = await buildTestApp();
      expect((await app.inject({ url })).statusCode).toBe(404);
      expect((await app.inject({ method: 'POST', url, payload: {} })).statusCode).toBe(404);
    },
  );

  it('answers malformed JSON with 400 malformed_json and keeps serving', async () => {
    const { app } = await appWithJsonRoute();
    const response = await app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"items": [1, 2,',
    });
    expect(response.statusCode).toBe(400);
    expectProblem(response, 400, 'malformed_json');
    expect(response.body).not.toMatch(/at .*\.js|SyntaxError/);
    expect((await app.inject({ url: '/api/inventory' })).statusCode).toBe(200);
  });

  it('reads deeply nested JSON without stalling or crashing', async () => {
    const { app } = await appWithJsonRoute();
    const depth = 10_000;
    const response = await app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { 'content-type': 'application/json' },
      payload: '['.repeat(depth) + ']'.repeat(depth),
    });
    expect(response.statusCode).toBeLessThan(500);
    expect((await app.inject({ url: '/livez' })).statusCode).toBe(200);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a %s body with 415 (only JSON is read)',
    async (contentType) => {
      const { app } = await appWithJsonRoute();
      const response = await app.inject({
        method: 'POST',
        url: '/api/echo',
        headers: { 'content-type': contentType },
        payload: 'items=1',
      });
      expect(response.statusCode).toBe(415);
      expectProblem(response, 415, 'unsupported_media_type');
    },
  );

  it('refuses a body over 64 KiB with 413 before parsing it', async () => {
    const { app } = await appWithJsonRoute();
    const response = await app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expectProblem(response, 413, 'payload_too_large');
  });

  it('hides the details of a 500 from the client and logs them instead', async () => {
    const { app, logs } = await buildTestApp({ captureLogs: true });
    app.get('/api/explodes', () => {
      throw new Error('connection to mongodb://admin:hunter2@db.internal failed');
    });
    const response = await app.inject({ url: '/api/explodes' });
    expect(response.statusCode).toBe(500);
    const problem = expectProblem(response, 500, 'internal_error');
    expect(problem.detail).toBeUndefined();
    expect(response.body).not.toMatch(/hunter2|mongodb|Error:|at /);
    expect(logs.some((line) => line.msg === 'unhandled error' && line.reqId === problem.requestId)).toBe(
      true,
    );
  });

  it('does not let a client choose the request id', async () => {
    const { app } = await buildTestApp();
    const response = await app.inject({ url: '/api/nope', headers: { 'request-id': 'evil\r\nInjected: 1' } });
    expect(Problem.parse(response.json()).requestId).not.toContain('evil');
  });
});

describe('security headers', () => {
  it('sends a strict CSP, nosniff, no-referrer, no framing and no X-Powered-By on every answer (S10)', async () => {
    const { app } = await buildTestApp();
    for (const url of ['/api/inventory', '/api/nope', '/livez', '/website/order', '/docs']) {
      const response = await app.inject({ url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
    }
  });

  it('lets API answers load nothing at all, and pages only what comes from the app itself', async () => {
    const { app } = await buildTestApp();
    for (const url of ['/api/inventory', '/api/inventory?x=1', '/readyz', '/api/nope']) {
      const response = await app.inject({ url });
      expect(response.headers['content-security-policy'], url).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      // Headers meant for documents stay off JSON.
      expect(response.headers['cross-origin-opener-policy']).toBeUndefined();
    }
    for (const url of ['/website/order', '/staff/kitchen', '/docs', '/apiary']) {
      const response = await app.inject({ url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'; script-src 'self'");
      // Vonage's video servers only in live mode.
      expect(csp).toContain("connect-src 'self';");
      expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    }
  });

  it('sends HSTS in production only', async () => {
    const dev = await buildTestApp();
    expect((await dev.app.inject({ url: '/livez' })).headers['strict-transport-security']).toBeUndefined();
    const prod = await buildTestApp({
      env: {
        NODE_ENV: 'production',
        VONAGE_API_KEY: 'abcd1234',
        VONAGE_API_SECRET: 'abcdefSECRET',
        VONAGE_SIGNATURE_SECRET: 'signature-secret-from-dashboard',
      },
    });
    expect((await prod.app.inject({ url: '/livez' })).headers['strict-transport-security']).toMatch(
      /max-age=31536000/,
    );
  });
});
