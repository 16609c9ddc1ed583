// Vonage's callbacks: only a valid signature over the exact body gets in (docs/security.md, W rows).
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/test-app.js';
import { signLikeVonage } from '../support/vonage-webhooks.js';

const SECRET = 'signature-secret-from-the-dashboard';
const STATUS_URL = '/api/webhooks/vonage/message-status';
const statusBody = (status = 'delivered') =>
  JSON.stringify({
    message_uuid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    to: '15556661234',
    timestamp: '2026-11-28T12:00:00.000Z',
    status,
    channel: 'sms',
  });

async function post(
  app: Awaited<ReturnType<typeof buildTestApp>>['app'],
  body: string,
  headers: Record<string, string>,
  url = STATUS_URL,
) {
  return app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

const signed = (body: string, secret = SECRET, issuedAt = new Date()) => ({
  authorization: `Bearer ${signLikeVonage({ body, secret, issuedAt })}`,
});

describe('Vonage webhooks', () => {
  it('acknowledges a correctly signed delivery status', async () => {
    const { app } = await buildTestApp({ deps: { webhookSecret: SECRET } });
    const body = statusBody();
    const response = await post(app, body, signed(body));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ received: true });
  });

  it.each([
    ['no signature at all', {}],
    ['a signature made with another secret', signed(statusBody(), 'not-our-secret-at-all')],
    ['a signature older than five minutes', signed(statusBody(), SECRET, new Date(Date.now() - 6 * 60_000))],
    ['a browser session cookie instead of a signature', { cookie: '__Host-sid=some-session-id' }],
  ])('refuses %s with 401 and changes nothing', async (_case, headers) => {
    const { app, logs } = await buildTestApp({ deps: { webhookSecret: SECRET }, captureLogs: true });
    const response = await post(app, statusBody(), headers);
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'invalid_signature' });
    expect(logs.some((line) => line.msg === 'message status received')).toBe(false);
  });

  it('refuses a genuine signature over a body that was altered on the way', async () => {
    const { app } = await buildTestApp({ deps: { webhookSecret: SECRET } });
    const response = await post(app, statusBody('rejected'), signed(statusBody('delivered')));
    expect(response.statusCode).toBe(401);
  });

  it('acknowledges the same webhook delivered three times (Vonage retries)', async () => {
    const { app } = await buildTestApp({ deps: { webhookSecret: SECRET } });
    const body = statusBody();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await post(app, body, signed(body))).statusCode).toBe(200);
    }
  });

  it('answers 400 to a signed body that is not a status', async () => {
    const { app } = await buildTestApp({ deps: { webhookSecret: SECRET } });
    const body = JSON.stringify({ hello: 'world' });
    const response = await post(app, body, signed(body));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('refuses every webhook when no signature secret is configured (nothing can be verified)', async () => {
    const { app } = await buildTestApp();
    const body = statusBody();
    expect((await post(app, body, signed(body))).statusCode).toBe(401);
  });

  it('raises an alert when Verify reports a blocked verification', async () => {
    const { app, logs } = await buildTestApp({ deps: { webhookSecret: SECRET }, captureLogs: true });
    const body = JSON.stringify({
      request_id: 'c11236f4-00bf-4b89-84ba-88b25df97315',
      status: 'blocked',
      type: 'summary',
    });
    const response = await post(app, body, signed(body), '/api/webhooks/vonage/verify-events');
    expect(response.statusCode).toBe(200);
    expect(logs.some((line) => String(line.msg).startsWith('ALERT: Vonage blocked'))).toBe(true);
  });
});
