import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../src/server/http/webhook-signature.js';
import { signLikeVonage } from '../support/vonage-webhooks.js';

const SECRET = 'signature-secret-from-the-dashboard';
const NOW = new Date('2026-11-28T12:00:00Z');
const BODY = JSON.stringify({ message_uuid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', status: 'delivered' });

function vonageToken(options: { body?: string; secret?: string; iat?: number; header?: object } = {}) {
  return signLikeVonage({
    body: options.body ?? BODY,
    secret: options.secret ?? SECRET,
    issuedAt: new Date((options.iat ?? NOW.getTime() / 1000 - 2) * 1000),
    ...(options.header ? { header: options.header } : {}),
  });
}

const check = (authorization: string | undefined, rawBody = BODY) =>
  verifyWebhookSignature({ authorization, rawBody, secret: SECRET, now: NOW });

describe('verifying a Vonage webhook signature', () => {
  it('accepts a fresh token signed with our secret over this very body', () => {
    expect(check(`Bearer ${vonageToken()}`)).toEqual({ valid: true });
  });

  it.each([
    ['no Authorization header', undefined, 'missing_token'],
    ['a Basic header', 'Basic dXNlcjpwYXNz', 'missing_token'],
    [
      'a token signed with another secret',
      `Bearer ${vonageToken({ secret: 'someone-else' })}`,
      'bad_signature',
    ],
    [
      'a token older than five minutes',
      `Bearer ${vonageToken({ iat: NOW.getTime() / 1000 - 301 })}`,
      'stale',
    ],
    [
      'a token from the future',
      `Bearer ${vonageToken({ iat: NOW.getTime() / 1000 + 600 })}`,
      'issued_in_future',
    ],
    [
      'an alg:none token',
      `Bearer ${vonageToken({ header: { alg: 'none' } }).replace(/\.[^.]+$/, '.x')}`,
      'wrong_algorithm',
    ],
    ['garbage', 'Bearer a.b.c', 'malformed_token'],
  ])('refuses %s', (_case, authorization, reason) => {
    expect(check(authorization)).toEqual({ valid: false, reason });
  });

  it('refuses an RS256 token even when its signature is genuine (no algorithm confusion)', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const header = b64({ alg: 'RS256', typ: 'JWT' });
    const claims = b64({
      iat: NOW.getTime() / 1000,
      payload_hash: createHash('sha256').update(BODY).digest('hex'),
    });
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), privateKey).toString('base64url');
    expect(check(`Bearer ${header}.${claims}.${signature}`)).toEqual({
      valid: false,
      reason: 'wrong_algorithm',
    });
  });

  it('refuses a genuine token sent with an altered body', () => {
    const altered = BODY.replace('delivered', 'rejected');
    expect(check(`Bearer ${vonageToken()}`, altered)).toEqual({ valid: false, reason: 'body_altered' });
  });
});
