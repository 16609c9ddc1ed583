// Who is calling: the account's key/secret (Basic header, or v1's body fields) or an application JWT.
import { createHash, createPublicKey, timingSafeEqual } from 'node:crypto';
import type { SimulatorCredentials } from './api.js';
import { verifyApplicationJwt, type JwtRejection } from './jwt.js';

export type AuthScheme = 'basic' | 'jwt';
export type AuthFailure = 'missing' | 'bad-credentials' | JwtRejection;
export type AuthResult = { ok: true; scheme: AuthScheme } | { ok: false; failure: AuthFailure };

export interface Authenticator {
  /**
   * `bodyKey` is Verify v1's other way in: `api_key`/`api_secret` in the form or JSON body.
   * Only the schemes in `accepts` are tried; any other Authorization header counts as missing.
   */
  authenticate(
    authorization: string | undefined,
    accepts: readonly AuthScheme[],
    bodyKey?: { apiKey: unknown; apiSecret: unknown },
  ): AuthResult;
}

function sameSecret(given: string, expected: string): boolean {
  // Hash first so the comparison takes the same time whatever the lengths.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function decodeBasic(value: string): { key: string; secret: string } | undefined {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export function createAuthenticator(credentials: SimulatorCredentials): Authenticator {
  // Parsed once: a bad PEM fails at start-up, not on the first request.
  const publicKey = createPublicKey(credentials.publicKey);
  const keyAndSecretMatch = (key: string, secret: string) =>
    sameSecret(key, credentials.apiKey) && sameSecret(secret, credentials.apiSecret);

  return {
    authenticate(authorization, accepts, bodyKey) {
      const [scheme = '', value = ''] = (authorization ?? '').trim().split(/\s+/, 2);
      if (accepts.includes('basic') && scheme.toLowerCase() === 'basic') {
        const pair = decodeBasic(value);
        return pair && keyAndSecretMatch(pair.key, pair.secret)
          ? { ok: true, scheme: 'basic' }
          : { ok: false, failure: 'bad-credentials' };
      }
      if (accepts.includes('jwt') && scheme.toLowerCase() === 'bearer') {
        const check = verifyApplicationJwt(value, {
          publicKey,
          applicationId: credentials.applicationId,
          nowSeconds: Math.floor(Date.now() / 1000),
        });
        return check.ok ? { ok: true, scheme: 'jwt' } : { ok: false, failure: check.reason };
      }
      if (
        accepts.includes('basic') &&
        bodyKey &&
        (bodyKey.apiKey !== undefined || bodyKey.apiSecret !== undefined)
      ) {
        const { apiKey, apiSecret } = bodyKey;
        return typeof apiKey === 'string' &&
          typeof apiSecret === 'string' &&
          keyAndSecretMatch(apiKey, apiSecret)
          ? { ok: true, scheme: 'basic' }
          : { ok: false, failure: 'bad-credentials' };
      }
      return { ok: false, failure: 'missing' };
    },
  };
}
