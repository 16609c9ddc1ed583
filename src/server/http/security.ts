// Security headers on every answer (S10): the full set on pages (the web app, the API docs), and
// on API answers the ones that matter to JSON (OWASP's REST guidance): a CSP that allows nothing,
// nosniff, no framing, no referrer, same-origin reads. The headers meant for documents (COOP,
// Origin-Agent-Cluster, DNS prefetch, Flash and IE policies) do nothing on JSON and would double
// the size of a menu answer.
import type { FastifyInstance } from 'fastify';

/** Nothing from elsewhere, nothing inline (SEC-15, SEC-20). */
const CSP_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Live support calls: the Vonage Video SDK talks to Vonage's servers (signalling over
 * WebSocket, logging and configuration over HTTPS; the media itself is WebRTC, outside CSP).
 */
const VONAGE_VIDEO_CONNECT = [
  'https://*.opentok.com',
  'wss://*.opentok.com',
  'https://*.tokbox.com',
  'wss://*.tokbox.com',
  'https://*.vonage.com',
  'wss://*.vonage.com',
];

/** The policy as a header value, for pages that set their own header (the docs UI). */
export const CONTENT_SECURITY_POLICY = cspOf(CSP_DIRECTIVES);

function cspOf(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join('; ');
}

/** Answers that are never a document: JSON, problems, health. */
const API_PATH = /^\/(api|livez|readyz|internal)(\/|\?|$)/;

/**
 * The headers of pages and of API answers: computed once at start, set by one hook (building
 * them per request was a measurable share of a menu read).
 */
export function securityHeaders(options: { https: boolean; liveVideo: boolean }) {
  const directives = options.liveVideo
    ? { ...CSP_DIRECTIVES, 'connect-src': ["'self'", ...VONAGE_VIDEO_CONNECT] }
    : CSP_DIRECTIVES;
  // HSTS only where TLS is in front of us; on plain-HTTP localhost it would do harm.
  const hsts: Record<string, string> = options.https
    ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' }
    : {};
  const everywhere = {
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    ...hsts,
  };
  return {
    page: {
      'content-security-policy': cspOf(directives),
      'cross-origin-opener-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
      ...everywhere,
    },
    api: { 'content-security-policy': "default-src 'none'; frame-ancestors 'none'", ...everywhere },
  };
}

export function registerSecurityHeaders(
  app: FastifyInstance,
  options: { https: boolean; liveVideo: boolean },
): void {
  const { page, api } = securityHeaders(options);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(API_PATH.test(request.url) ? api : page);
    done();
  });
}
