// Who may call what (SEC-10): the customers', the kitchen's and the admins' routes sit in groups
// whose hook checks the session before anything else; an API route outside them is public on
// purpose, and listed here.
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RefusedError } from '../../src/server/domain/errors.js';
import type { Session } from '../../src/server/domain/session.js';
import type { User } from '../../src/server/domain/user.js';
import { registerErrorHandling } from '../../src/server/http/errors.js';
import { guardGroup, KITCHEN, signedIn } from '../../src/server/http/guards.js';
import type { AuthService } from '../../src/server/services/auth.js';
import { aCustomer } from '../support/factories.js';
import { strictFake } from '../support/strict-fake.js';
import { buildTestApp } from '../support/test-app.js';

/** Every API route anyone may call: the menu, health, signing in, an invitation link, webhooks. */
const PUBLIC = new Set([
  'GET /api/inventory',
  'GET /api/restaurant',
  'POST /api/website/register',
  ...['website', 'staff'].flatMap((surface) => [
    `POST /api/${surface}/authenticate`,
    `POST /api/${surface}/authenticate/verify`,
    `POST /api/${surface}/authenticate/resend`,
    `POST /api/${surface}/logout`,
    `GET /api/${surface}/session`,
  ]),
  'POST /api/staff/invitations/accept',
  'POST /api/webhooks/vonage/message-status',
  'POST /api/webhooks/vonage/verify-events',
]);

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

describe('route groups', () => {
  it('refuse every API route outside the public list to a caller without a session (SEC-10)', async () => {
    const { app } = await buildTestApp();
    const doc = (await app.inject({ url: '/docs/json' })).json<OpenApiDocument>();
    const guarded: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const method of Object.keys(methods).map((m) => m.toUpperCase())) {
        if (PUBLIC.has(`${method} ${path}`)) continue;
        guarded.push(`${method} ${path}`);
        const url = path.replace('{id}', '0123456789abcdef01234567').replace('{callId}', 'c1');
        // Even a body that breaks the route's schema: the session is checked first.
        const answer = await app.inject({
          method: method as 'GET',
          url,
          ...(method === 'GET' ? {} : { payload: { nonsense: true } }),
        });
        expect(answer.statusCode, `${method} ${path}`).toBe(401);
        expect(answer.json(), `${method} ${path}`).toMatchObject({ code: 'unauthenticated' });
      }
    }
    // The groups hold the orders, the board, the calls, the menu editor, the team and settings.
    expect(guarded.length).toBeGreaterThan(20);
    expect(guarded).toEqual(expect.arrayContaining(['GET /api/staff/team', 'POST /api/website/order']));
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
