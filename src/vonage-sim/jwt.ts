// JWTs as Vonage uses them: RS256 application tokens in, HS256 signed webhooks out (node:crypto only).
import { createHash, createHmac, randomUUID, verify, type KeyObject } from 'node:crypto';

export type JwtRejection =
  'malformed' | 'algorithm' | 'signature' | 'expired' | 'not-yet-valid' | 'wrong-application';

export type JwtCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: JwtRejection };

/** Seconds of clock skew forgiven between the SDK's machine and Vonage's. */
const LEEWAY_SECONDS = 30;

function base64UrlJson(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    // Not base64url JSON: the caller answers "malformed", which is all Vonage says too.
    return undefined;
  }
}

/**
 * Checks an application JWT the way Vonage does: RS256 only (so `none` and HS256 tokens signed
 * with the public key as a secret fail), signed by the application's key, for this application,
 * not expired. `nowSeconds` is wall time: the SDK mints tokens with the real clock.
 */
export function verifyApplicationJwt(
  token: string,
  expected: { publicKey: KeyObject; applicationId: string; nowSeconds: number },
): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = base64UrlJson(headerPart);
  const claims = base64UrlJson(payloadPart);
  if (!header || !claims) return { ok: false, reason: 'malformed' };
  if (header.alg !== 'RS256') return { ok: false, reason: 'algorithm' };
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  if (!verify('RSA-SHA256', signed, expected.publicKey, signature)) return { ok: false, reason: 'signature' };
  const { exp, nbf, application_id: applicationId } = claims;
  if (exp !== undefined && (typeof exp !== 'number' || exp + LEEWAY_SECONDS <= expected.nowSeconds))
    return { ok: false, reason: 'expired' };
  if (typeof nbf === 'number' && nbf - LEEWAY_SECONDS > expected.nowSeconds)
    return { ok: false, reason: 'not-yet-valid' };
  if (applicationId !== expected.applicationId) return { ok: false, reason: 'wrong-application' };
  return { ok: true, claims };
}

export function sha256Hex(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The `Authorization: Bearer` token of a signed webhook: HS256 over {iat, jti, iss, payload_hash, ...}. */
export function signWebhookJwt(
  body: string,
  signer: { signatureSecret: string; apiKey: string; applicationId: string; nowSeconds: number },
): string {
  const header = { alg: 'HS256', typ: 'JWT' };
  const claims = {
    iat: signer.nowSeconds,
    jti: randomUUID(),
    iss: 'Vonage',
    payload_hash: sha256Hex(body),
    api_key: signer.apiKey,
    application_id: signer.applicationId,
  };
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(claims)}`;
  const signature = createHmac('sha256', signer.signatureSecret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}
