// Route groups by who may call them (SEC-02, SEC-10, SEC-16): customers, the kitchen (staff and
// admins), admins. A group's hook checks the session (signed in with password and code, on the
// right surface, with a role the group admits) and, on changes, the request's origin and CSRF
// token, before any of its handlers runs: a route added to a group is guarded by default.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Session } from '../domain/session.js';
import type { User } from '../domain/user.js';
import type { AuthService } from '../services/auth.js';
import { requireSignedIn, type CookiePolicy } from './session.js';

/** Who a group admits. */
export const CUSTOMERS = { surface: 'customer', roles: ['customer'] } as const;
export const KITCHEN = { surface: 'staff', roles: ['staff', 'admin'] } as const;
export const ADMINS = { surface: 'staff', roles: ['admin'] } as const;
export type Admitted = typeof CUSTOMERS | typeof KITCHEN | typeof ADMINS;

export interface SignedInRequest {
  session: Session;
  user: User;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a guarded group's hook: who is asking. */
    signedIn: SignedInRequest | null;
  }
}

/** Methods that change nothing: no CSRF token asked (SEC-16: no state change on GET). */
const READS = new Set(['GET', 'HEAD']);

/**
 * Guards every route registered in `group` (a plugin's own instance) and in plugins registered
 * inside it: checked before the request's schema, so that nobody learns a route's rules (or
 * anything else of it) without the right session.
 */
export function guardGroup(
  group: FastifyInstance,
  args: { auth: AuthService; cookies: CookiePolicy; admits: Admitted },
): void {
  if (!group.hasRequestDecorator('signedIn')) group.decorateRequest('signedIn', null);
  group.addHook('preValidation', async (request) => {
    request.signedIn = await requireSignedIn(request, args.auth, args.cookies, {
      change: !READS.has(request.method),
      ...args.admits,
    });
  });
}

/** Who is asking, in a handler of a guarded group. */
export function signedIn(request: FastifyRequest): SignedInRequest {
  if (!request.signedIn)
    throw new Error(`${request.routeOptions.url ?? 'a route'} is outside a guarded group`);
  return request.signedIn;
}
