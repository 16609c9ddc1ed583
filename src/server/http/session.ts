// Sessions over HTTP: the cookie, who is asking, and the defences every state change passes.
//
// CSRF (SEC-16), in three layers: the cookie is SameSite=Lax; bodies are JSON only (a
// cross-site form can send neither that content type nor a custom header without a CORS
// preflight, which we never grant); and a request from a browser must be same-origin
// (Sec-Fetch-Site, else Origin), while a signed-in request must also echo the session's
// CSRF token in `X-CSRF-Token` — which a script with a cookie jar reads from the JSON answer
// of the sign-in, and a page from `GET /api/website/session` (or the page itself, which carries
// that answer: http/web.ts).
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER } from '../../contract/headers.js';
import { RefusedError } from '../domain/errors.js';
import type { Role } from '../domain/user.js';
import type { Session, SessionAccount, Surface } from '../domain/session.js';
import type { AuthService } from '../services/auth.js';

export interface CookiePolicy {
  /** Over HTTPS: `Secure` and the `__Host-` prefix (no Domain, Path=/). */
  secure: boolean;
}

export const cookieName = (policy: CookiePolicy) => (policy.secure ? '__Host-sid' : 'sid');

export function setSessionCookie(
  reply: FastifyReply,
  policy: CookiePolicy,
  token: string,
  expiresAt: Date,
): void {
  reply.setCookie(cookieName(policy), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: policy.secure,
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, policy: CookiePolicy): void {
  reply.clearCookie(cookieName(policy), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: policy.secure,
  });
}

/** The trusted-device cookie (H1): long-lived, sent only to this site, never read by scripts. */
export const deviceCookieName = (policy: CookiePolicy) => (policy.secure ? '__Host-device' : 'device');

export function setDeviceCookie(
  reply: FastifyReply,
  policy: CookiePolicy,
  device: { token: string; expiresAt: Date },
): void {
  reply.setCookie(deviceCookieName(policy), device.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: policy.secure,
    expires: device.expiresAt,
  });
}

export function deviceToken(request: FastifyRequest, policy: CookiePolicy): string | undefined {
  const value = request.cookies[deviceCookieName(policy)];
  return value === undefined || value === '' ? undefined : value;
}

export function sessionToken(request: FastifyRequest, policy: CookiePolicy): string | undefined {
  const value = request.cookies[cookieName(policy)];
  return value === undefined || value === '' ? undefined : value;
}

/** Browsers say where a request comes from; anything but this site is refused. */
export function assertSameOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) {
    if (site === 'same-origin' || site === 'none') return;
    throw new RefusedError('csrf_rejected', 'This request did not come from this site.');
  }
  const origin = request.headers.origin;
  if (origin === undefined) return; // not a browser (curl, a script): the CSRF token still applies
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new RefusedError('csrf_rejected', 'This request did not come from this site.');
  }
  if (host !== request.host)
    throw new RefusedError('csrf_rejected', 'This request did not come from this site.');
}

export function assertCsrfToken(request: FastifyRequest, auth: AuthService, session: Session): void {
  const presented = request.headers[CSRF_HEADER];
  if (!auth.csrfMatches(session, typeof presented === 'string' ? presented : undefined)) {
    throw new RefusedError('csrf_rejected', `Send the session's CSRF token in the ${CSRF_HEADER} header.`);
  }
}

/**
 * A signed-in (`full`) user of `surface` with one of `roles`, or a refusal: 401, 403
 * mfa_required, 403 forbidden (another surface or role), 403 account_disabled, 403 csrf_rejected.
 */
export async function requireSignedIn(
  request: FastifyRequest,
  auth: AuthService,
  policy: CookiePolicy,
  options: { change: boolean; surface: Surface; roles: readonly Role[] },
): Promise<{ session: Session; user: SessionAccount }> {
  if (options.change) assertSameOrigin(request);
  const signedIn = await auth.authenticate({
    token: sessionToken(request, policy),
    stage: 'full',
    surface: options.surface,
  });
  if (!signedIn.user) throw new RefusedError('unauthenticated', 'Sign in first.');
  if (!options.roles.includes(signedIn.user.role)) throw new RefusedError('forbidden', 'Not allowed.');
  if (options.change) assertCsrfToken(request, auth, signedIn.session);
  return { session: signedIn.session, user: signedIn.user };
}

/** Where the caller reached the app (links in texts point there unless PUBLIC_URL is set). */
export const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
