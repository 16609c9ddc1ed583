// Who may call what (SEC-10): the customers', the kitchen's and the admins' routes sit in groups
// whose hook checks the session before the request is validated or handled; an API route outside
// them is public on purpose, and listed here. Which group a route belongs in is this file's own
// table, not the app's: a route in the wrong group fails here.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RefusedError } from '../../src/server/domain/errors.js';
import type { Session } from '../../src/server/domain/session.js';
import type { User } from '../../src/server/domain/user.js';
import { registerErrorHandling } from '../../src/server/http/errors.js';
import {
  everyApiRouteInAGroup,
  guardGroup,
  KITCHEN,
  publicGroup,
  signedIn,
} from '../../src/server/http/guards.js';
import type { AuthService } from '../../src/server/services/auth.js';
import type { ApiClient } from '../support/api-client.js';
import { registerCustomer, signedInStaff } from '../support/customers.js';
import { aCustomer } from '../support/factories.js';
import { startSandboxApp } from '../support/sandbox-app.js';
import { strictFake } from '../support/strict-fake.js';
import { buildTestApp } from '../support/test-app.js';

/**
 * Every API route anyone may call: the menu, the restaurant and its pickup times, health, signing
 * in, an invitation link, webhooks.
 */
const PUBLIC = new Set([
  'GET /api/inventory',
  'GET /api/menu',
  'GET /api/menu/events',
  'GET /api/restaurant',
  'GET /api/pickup-times',
  'POST /api/website/register',
  ...['website', 'staff'].flatMap((surface) => [
    `POST /api/${surface}/authenticate`,
    `POST /api/${surface}/authenticate/verify`,
    `POST /api/${surface}/authenticate/resend`,
    `POST /api/${surface}/logout`,
    `GET /api/${surface}/session`,
    `POST /api/${surface}/password-reset`,
    `POST /api/${surface}/password-reset/resend`,
    `POST /api/${surface}/password-reset/verify`,
    `POST /api/${surface}/password-reset/complete`,
  ]),
  'POST /api/staff/invitations/accept',
  'GET /api/track/{secret}',
  'POST /api/website/guest',
  'POST /api/webhooks/vonage/message-status',
  'POST /api/webhooks/vonage/inbound-message',
  'POST /api/webhooks/vonage/verify-events',
]);

/** Only admins: the menu editor and its audit log, the team, the restaurant's profile, changing the settings. */
const ADMINS_ONLY = [/^\w+ \/api\/staff\/(menu|audit|team|restaurant)\b/, /^PUT \/api\/staff\/settings\//];

/** Who may call a route that is not public, by this file's reading of the product. */
function groupOf(route: string): 'customers' | 'kitchen' | 'admins' {
  if (/^\w+ \/api\/website\//.test(route)) return 'customers';
  return ADMINS_ONLY.some((pattern) => pattern.test(route)) ? 'admins' : 'kitchen';
}

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

const SOME_ID = '0123456789abcdef01234567';

/** Every documented API route that is not public, as `METHOD /path` with sample ids filled in. */
async function guardedRoutes(app: FastifyInstance) {
  const doc = (await app.inject({ url: '/docs/json' })).json<OpenApiDocument>();
  const routes: { route: string; method: string; url: string }[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const method of Object.keys(methods).map((m) => m.toUpperCase())) {
      if (PUBLIC.has(`${method} ${path}`)) continue;
      const url = path.replace('{id}', SOME_ID).replace('{callId}', 'c1');
      routes.push({ route: `${method} ${path}`, method, url });
    }
  }
  return routes;
}

describe('route groups', () => {
  it('refuse every API route outside the public list to a caller without a session (SEC-10)', async () => {
    const { app } = await buildTestApp();
    const routes = await guardedRoutes(app);
    for (const { route, method, url } of routes) {
      // Even a body that breaks the route's schema: the session is checked first.
      const answer = await app.inject({
        method: method as 'GET',
        url,
        ...(method === 'GET' ? {} : { payload: { nonsense: true } }),
      });
      expect(answer.statusCode, route).toBe(401);
      expect(answer.json(), route).toMatchObject({ code: 'unauthenticated' });
    }
    // The groups hold the orders, the board, the calls, the menu editor, the team and settings.
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.map((r) => r.route)).toEqual(
      expect.arrayContaining(['GET /api/staff/team', 'POST /api/website/order']),
    );
  });

  it('refuse each route to a signed-in caller of another group: customers, cooks, admins (SEC-10, A1)', async () => {
    const app = await startSandboxApp();
    const callers: Record<'customers' | 'kitchen' | 'admins', ApiClient> = {
      customers: (await registerCustomer(app.baseUrl, app.sandbox.simulator)).client,
      kitchen: await signedInStaff(app, 'staff'),
      admins: await signedInStaff(app, 'admin'),
    };
    /** Who is turned away from a group's routes: admins are also the kitchen. */
    const refused = {
      customers: ['kitchen', 'admins'],
      kitchen: ['customers'],
      admins: ['customers', 'kitchen'],
    } as const;
    const routes = await guardedRoutes(app.app);
    for (const { route, method, url } of routes) {
      for (const caller of refused[groupOf(route)]) {
        const answer = await callers[caller].request(method, url, method === 'GET' ? {} : { body: {} });
        expect(answer.status, `${caller} → ${route}`).toBe(403);
      }
    }
    expect(routes.filter((r) => groupOf(r.route) === 'admins').length).toBeGreaterThan(5);
  });

  it('will not build an app with an API route in no group, hidden from the docs or not (SEC-10)', async () => {
    const app = Fastify();
    const check = everyApiRouteInAGroup(app);
    await app.register(async (open) => {
      publicGroup(open);
      open.get('/api/menu', () => []);
      await Promise.resolve();
    });
    await app.register(async (kitchen) => {
      guardGroup(kitchen, { auth: strictFake<AuthService>({}), cookies: { secure: false }, admits: KITCHEN });
      await kitchen.register(async (routes) => {
        routes.get('/api/staff/board', () => []);
        await Promise.resolve();
      });
    });
    expect(check).not.toThrow();
    // Registered beside the groups: no hook of theirs covers it.
    app.get('/api/staff/leak', { schema: { hide: true } }, () => 'secrets');
    expect(check).toThrow('API routes in no group (public, customers, kitchen, admins): GET /api/staff/leak');
    await app.close();
  });

  it('guard a route added to a group later, by default, whatever plugin it comes in (SEC-10)', async () => {
    const cook: User = {
      ...aCustomer({ username: 'cook', role: 'staff' }),
      id: '0123456789abcdef01234567',
      disabledAt: null,
      displayName: null,
      invitation: null,
      createdAt: null,
      updatedAt: null,
    };
    const session = { id: 'digest', csrfToken: 'csrf-token' } as Session;
    const auth = strictFake<AuthService>({
      authenticate: ({ token }) =>
        token === 'cook'
          ? Promise.resolve({ session, user: cook })
          : Promise.reject(new RefusedError('unauthenticated', 'Sign in first.')),
      csrfMatches: (_session, presented) => presented === 'csrf-token',
    });
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerErrorHandling(app);
    await app.register(cookie);
    await app.register(async (kitchen) => {
      guardGroup(kitchen, { auth, cookies: { secure: false }, admits: KITCHEN });
      // A new route file, registered in the group without a word about sessions.
      await kitchen.register(async (routes) => {
        routes.get('/api/staff/new-thing', (request) => ({ for: signedIn(request).user.username }));
        routes
          .withTypeProvider<ZodTypeProvider>()
          .post(
            '/api/staff/new-thing',
            { schema: { body: z.strictObject({ n: z.number() }) } },
            (request) => ({ for: signedIn(request).user.username, n: request.body.n }),
          );
        await Promise.resolve();
      });
    });
    const ask = (method: 'GET' | 'POST', headers: Record<string, string> = {}) =>
      app.inject({
        method,
        url: '/api/staff/new-thing',
        headers,
        ...(method === 'POST' ? { payload: { n: 1 } } : {}),
      });
    expect((await ask('GET')).statusCode).toBe(401);
    expect((await ask('POST')).statusCode).toBe(401);
    expect((await ask('GET', { cookie: 'sid=cook' })).json()).toEqual({ for: 'cook' });
    // A change also needs the session's CSRF token.
    expect((await ask('POST', { cookie: 'sid=cook' })).json()).toMatchObject({ code: 'csrf_rejected' });
    expect((await ask('POST', { cookie: 'sid=cook', 'x-csrf-token': 'csrf-token' })).json()).toEqual({
      for: 'cook',
      n: 1,
    });
    await app.close();
  });
});
