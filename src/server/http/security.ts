// Security headers on every answer: one Content-Security-Policy for the app and the API docs.
import helmet from '@fastify/helmet';
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
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: { https: boolean; liveVideo: boolean },
): Promise<void> {
  const directives = options.liveVideo
    ? { ...CSP_DIRECTIVES, 'connect-src': ["'self'", ...VONAGE_VIDEO_CONNECT] }
    : CSP_DIRECTIVES;
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives },
    // HSTS only where TLS is in front of us; on plain-HTTP localhost it would do harm.
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
