// Request bodies as Vonage reads them: JSON or form-encoded, parsed here so each API answers its own way.
import type { FastifyInstance, FastifyRequest } from 'fastify';

export type Params = Record<string, unknown>;
export type BodyRead = { ok: true; params: Params } | { ok: false };

/** Every body arrives as text: a malformed one must get Vonage's answer, not Fastify's. */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });
}

export function readParams(request: FastifyRequest): BodyRead {
  const body = typeof request.body === 'string' ? request.body : '';
  if (body.trim() === '') return { ok: true, params: {} };
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded')
    return { ok: true, params: Object.fromEntries(new URLSearchParams(body)) };
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false };
    return { ok: true, params: parsed as Params };
  } catch {
    // Not JSON: each API has its own words for that, so the caller answers.
    return { ok: false };
  }
}

/** A text field; numbers count as their digits (form bodies carry only text anyway). */
export function textField(params: Params, name: string): string | undefined {
  const value = params[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A whole number given as a number or as its text; 'invalid' for anything else present. */
export function integerField(params: Params, name: string): number | undefined | 'invalid' {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) ? number : 'invalid';
}

export function isPresent(params: Params, name: string): boolean {
  return params[name] !== undefined && params[name] !== null && params[name] !== '';
}
