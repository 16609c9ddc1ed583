// Security headers on every answer: one Content-Security-Policy for the app and the API docs.
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

/**
 * The headers every answer carries: computed once at start, set by one hook (building them per
 * request was a measurable share of a menu read).
 */
export function securityHeaders(options: { https: boolean; liveVideo: boolean }): Record<string, string> {
  const directives = options.liveVideo
    ? { ...CSP_DIRECTIVES, 'connect-src': ["'self'", ...VONAGE_VIDEO_CONNECT] }
    : CSP_DIRECTIVES;
  return {
    'content-security-policy': cspOf(directives),
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'DENY',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
    // HSTS only where TLS is in front of us; on plain-HTTP localhost it would do harm.
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

export function registerSecurityHeaders(
  app: FastifyInstance,
  options: { https: boolean; liveVideo: boolean },
): void {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
