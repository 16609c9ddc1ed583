// Vonage's signed webhooks: `Authorization: Bearer <JWT>`, HS256 with the account's signature
// secret, whose `payload_hash` claim is the SHA-256 of the exact body. Nothing else is trusted.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Older than this, a signed request is a replay, not a delivery (Vonage signs when it sends). */
const MAX_AGE_SECONDS = 5 * 60;
/** Clocks differ a little; a token from further in the future is forged or broken. */
const MAX_CLOCK_SKEW_SECONDS = 60;

export type SignatureCheck = { valid: true } | { valid: false; reason: string };

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    // Not base64url JSON: the caller reports a malformed token.
    return null;
  }
}

export function verifyWebhookSignature(args: {
  authorization: string | undefined;
  rawBody: Buffer | string;
  secret: string;
  now: Date;
}): SignatureCheck {
  const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(args.authorization ?? '')?.[1];
  if (!token) return { valid: false, reason: 'missing_token' };
  const [headerPart = '', payloadPart = '', signaturePart = ''] = token.split('.');
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (!header || !claims) return { valid: false, reason: 'malformed_token' };
  // Pinned algorithm: `none` and RS/HS confusion are refused before any key is used.
  if (header.alg !== 'HS256') return { valid: false, reason: 'wrong_algorithm' };

  const expected = createHmac('sha256', args.secret).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { valid: false, reason: 'bad_signature' };
  }

  const issuedAt = claims.iat;
  const nowSeconds = args.now.getTime() / 1000;
  if (typeof issuedAt !== 'number' || nowSeconds - issuedAt > MAX_AGE_SECONDS)
    return { valid: false, reason: 'stale' };
  if (issuedAt - nowSeconds > MAX_CLOCK_SKEW_SECONDS) return { valid: false, reason: 'issued_in_future' };

  const bodyHash = createHash('sha256').update(args.rawBody).digest('hex');
  if (claims.payload_hash !== bodyHash) return { valid: false, reason: 'body_altered' };
  return { valid: true };
}
