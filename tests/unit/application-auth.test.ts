// Application tokens minted with the key parsed once: the RS256 JWT Vonage checks, a new one for
// every request, and the Bearer header the SDK asks its Auth for.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApplicationAuth, applicationToken } from '../../src/server/comms/vonage/application-auth.js';
import { verifyApplicationJwt } from '../../src/vonage-sim/jwt.js';

const APPLICATION = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

describe('application tokens', () => {
  it('are RS256 JWTs for the application, valid for 15 minutes, that Vonage accepts', () => {
    const token = applicationToken(APPLICATION, privateKey, NOW);
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as unknown;
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(claimsOf(token)).toEqual({
      application_id: APPLICATION,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      iat: NOW / 1000,
      exp: NOW / 1000 + 900,
    });
    const check = { publicKey, applicationId: APPLICATION };
    expect(verifyApplicationJwt(token, { ...check, nowSeconds: NOW / 1000 + 899 })).toMatchObject({
      ok: true,
    });
    expect(verifyApplicationJwt(token, { ...check, nowSeconds: NOW / 1000 + 960 })).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('are never reused: each request gets its own jti', () => {
    const ids = new Set(
      Array.from({ length: 50 }, () => claimsOf(applicationToken(APPLICATION, privateKey, NOW)).jti),
    );
    expect(ids.size).toBe(50);
  });

  it('make the Bearer header the SDK asks its Auth for (tests/contract/comms-vonage.test.ts sends it)', async () => {
    const auth = new ApplicationAuth({ applicationId: APPLICATION, privateKey: pem });
    const [scheme, token = ''] = (await auth.createBearerHeader()).split(' ');
    expect(scheme).toBe('Bearer');
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(verifyApplicationJwt(token, { publicKey, applicationId: APPLICATION, nowSeconds })).toMatchObject({
      ok: true,
    });
  });
});
