// Route groups by who may call them (SEC-02, SEC-10, SEC-16): anyone, customers, the kitchen
// (staff and admins), admins. A guarded group's hook checks the session (signed in with password
// and code, on the right surface, with a role the group admits) and, on changes, the request's
// origin and CSRF token, before any of its handlers runs: a route added to a group is guarded by
// default. An API route in no group at all stops the app from being built.
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Session, SessionAccount } from '../domain/session.js';
import type { AuthService } from '../services/auth.js';
import { requireSignedIn, type CookiePolicy } from './session.js';

/** Who a group admits. */
export const CUSTOMERS = { group: 'customers', surface: 'customer', roles: ['customer'] } as const;
export const KITCHEN = { group: 'kitchen', surface: 'staff', roles: ['staff', 'admin'] } as const;
export const ADMINS = { group: 'admins', surface: 'staff', roles: ['admin'] } as const;
export type Admitted = typeof CUSTOMERS | typeof KITCHEN | typeof ADMINS;
/** The group a route belongs to: `public` for what anyone may call. */
export type RouteGroup = 'public' | Admitted['group'];

export interface SignedInRequest {
  session: Session;
  user: SessionAccount;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a guarded group's hook: who is asking. */
    signedIn: SignedInRequest | null;
  }
  interface FastifyContextConfig {
    /** Set on every route registered in a group (see `publicGroup`, `guardGroup`). */
    group?: RouteGroup;
  }
}

/** Marks every route registered in `scope` (and in plugins inside it) as the group's. */
function markRoutes(scope: FastifyInstance, group: RouteGroup): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, group };
  });
}

/** The routes anyone may call (the menu, signing in, an invitation link, webhooks), on purpose. */
export function publicGroup(scope: FastifyInstance): void {
  markRoutes(scope, 'public');
}

/** Methods that change nothing: no CSRF token asked (SEC-16: no state change on GET). */
const READS = new Set(['GET', 'HEAD']);

/**
 * Guards every route registered in `group` (a plugin's own instance) and in plugins registered
 * inside it: checked as the request arrives, before its body is read or its schema checked, so
 * that nobody learns a route's rules (or anything else of it) without the right session, nor has
 * a large body (a photo, a menu file) read for them.
 */
export function guardGroup(
  group: FastifyInstance,
  args: { auth: AuthService; cookies: CookiePolicy; admits: Admitted },
): void {
  markRoutes(group, args.admits.group);
  if (!group.hasRequestDecorator('signedIn')) group.decorateRequest('signedIn', null);
  group.addHook('onRequest', async (request) => {
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

/**
 * Watches every API route `app` gets from now on; the function it returns throws, naming them,
 * when any is in no group: an API route is public or guarded on purpose, never by omission.
 */
export function everyApiRouteInAGroup(app: FastifyInstance): () => void {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/')) routes.push(route);
  });
  return () => {
    // Groups mark their routes after this hook saw them: read the marks now, once all are added.
    const loose = routes.filter((route) => route.config?.group === undefined);
    if (loose.length > 0) {
      const names = loose.map((route) => `${String(route.method)} ${route.url}`);
      throw new Error(`API routes in no group (public, customers, kitchen, admins): ${names.join(', ')}`);
    }
  };
}
