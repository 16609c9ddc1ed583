// Compressed answers: JSON and pages above 1 KB brotli- or gzip-compressed as it is sent, by the request's
// Accept-Encoding (one onSend hook for every route); the menu, the busiest answer, compressed once
// per change and kept (routes/menu.ts). Event streams take the socket for themselves
// (`reply.hijack()`), so no event waits in a compressor's buffer; the web app's files come
// compressed by the build.
//
// Not @fastify/compress: registering it took a fifth of the menu's read rate on every request,
// even on routes that opt out (its reply decorator; measured in bench/results/history.md), for
// streams and request bodies this app does not need compressed.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

/** Smaller answers are sent as they are: compressing them saves less than it costs. */
export const COMPRESS_ABOVE_BYTES = 1024;

/** JSON answers, and the pages (index.html with their answers written in). */
const COMPRESSIBLE = /^(?:application\/(?:problem\+)?json|text\/html)\b/;

export function registerCompression(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    // Serialized JSON is a string; files, kept answers (Buffers) and streams go as they are.
    if (typeof payload !== 'string' || payload.length < COMPRESS_ABOVE_BYTES) {
      done(null, payload);
      return;
    }
    const type = reply.getHeader('content-type');
    if (typeof type !== 'string' || !COMPRESSIBLE.test(type) || reply.hasHeader('content-encoding')) {
      done(null, payload);
      return;
    }
    reply.header('vary', varyWithEncoding(reply.getHeader('vary')));
    const encoding = encodingFor(request.headers['accept-encoding']);
    if (!encoding) {
      done(null, payload);
      return;
    }
    reply.header('content-encoding', encoding);
    done(null, compress(Buffer.from(payload), encoding, 'each'));
  });
}

function varyWithEncoding(vary: unknown): string {
  const present = typeof vary === 'string' ? vary : '';
  return /\baccept-encoding\b/i.test(present)
    ? present
    : present
      ? `${present}, accept-encoding`
      : 'accept-encoding';
}

export type Encoding = 'br' | 'gzip';

/**
 * The coding the request prefers of brotli and gzip (the higher q; brotli on a tie), or null to
 * send as is. `q=0` refuses a coding; `*` stands for those not named.
 */
export function encodingFor(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (coding: Encoding) => weights.get(coding) ?? weights.get('*') ?? 0;
  const br = weightOf('br');
  const gzip = weightOf('gzip');
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return null;
}

/**
 * The body in `encoding`: `once` for a body kept and sent many times (brotli 9, gzip 9), `each`
 * for one compressed as it is sent (brotli 4: near gzip's speed, still smaller; gzip 6).
 */
export function compress(body: Buffer, encoding: Encoding, effort: 'once' | 'each'): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: effort === 'once' ? 9 : 4,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzipSync(body, { level: effort === 'once' ? 9 : 6 });
}
