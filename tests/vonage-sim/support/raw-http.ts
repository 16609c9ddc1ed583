// Plain HTTP to the simulator, for what the SDK never sends: forged tokens, form bodies, no auth.
import { createHmac, createSign } from 'node:crypto';

export interface RawAnswer {
  status: number;
  contentType: string;
  retryAfter: string | null;
  text: string;
  json: () => unknown;
}

export async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<RawAnswer> {
  const response = await fetch(url, {
    method: init.method ?? 'POST',
    headers: init.headers,
    body: init.body,
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    retryAfter: response.headers.get('retry-after'),
    text,
    json: () => JSON.parse(text) as unknown,
  };
}

export function basic(key: string, secret: string): string {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
}

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token like the SDK's, with any header and claims a test wants to forge. */
export function forgedJwt(options: {
  alg: 'RS256' | 'HS256' | 'none';
  claims: Record<string, unknown>;
  /** PEM private key for RS256, shared secret for HS256. */
  key?: string;
}): string {
  const unsigned = `${part({ alg: options.alg, typ: 'JWT' })}.${part(options.claims)}`;
  if (options.alg === 'none') return `${unsigned}.`;
  if (options.alg === 'HS256')
    return `${unsigned}.${createHmac('sha256', options.key ?? '')
      .update(unsigned)
      .digest('base64url')}`;
  return `${unsigned}.${createSign('RSA-SHA256')
    .update(unsigned)
    .sign(options.key ?? '', 'base64url')}`;
}

export function applicationClaims(applicationId: string, overrides: Record<string, unknown> = {}) {
  const iat = Math.floor(Date.now() / 1000);
  return { application_id: applicationId, jti: crypto.randomUUID(), iat, exp: iat + 900, ...overrides };
}
