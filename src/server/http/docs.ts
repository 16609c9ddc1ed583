// The OpenAPI document (generated from the route schemas) at /docs/json and its UI at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { CONTENT_SECURITY_POLICY } from './security.js';

export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Von Appétit API',
        version: '0.1.0',
        description: [
          'Restaurant online ordering and kitchen point of sale. Errors are application/problem+json with a stable `code`; 429 and 503 carry Retry-After.',
          '',
          '## Signing in from a script (a cookie jar and two headers)',
          '1. `POST /api/website/authenticate` with JSON `{"username","password"}` → 200, a `sid` session cookie (`__Host-sid` over HTTPS) and a `csrfToken` in the body. A 6-digit code is texted to the account\'s phone.',
          '2. `POST /api/website/authenticate/verify` with `{"tfaPin":"123456"}`, the cookie and the header `X-CSRF-Token: <csrfToken>` → 200, a **new** cookie and a **new** `csrfToken`.',
          '3. Every change from then on sends the cookie and `X-CSRF-Token`, e.g. `POST /api/website/order` with `Idempotency-Key: <a new UUID>` and `{"items":[{"id":"…","quantity":2}]}`.',
          '',
          'Bodies are JSON only (anything else is 415). A browser request must come from this site (`Sec-Fetch-Site`/`Origin`); no cross-origin access is granted.',
        ].join('\n'),
      },
      tags: [
        { name: 'menu', description: 'What the restaurant serves' },
        { name: 'account', description: 'Registration, sign-in with password and texted code, sessions' },
        { name: 'orders', description: "A signed-in customer's orders, placed and followed live" },
        { name: 'kitchen', description: 'The staff board: active orders, moving them along, live' },
        { name: 'webhooks', description: 'Callbacks from Vonage, signed with the signature secret' },
      ],
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'sid',
            description: 'Opaque session id; `__Host-sid` when served over HTTPS. HttpOnly, SameSite=Lax.',
          },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: 'X-CSRF-Token',
            description: 'The `csrfToken` of the session, required on every change made with a session.',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { validatorUrl: null },
    staticCSP: true,
    transformStaticCSP: () => CONTENT_SECURITY_POLICY,
  });
}
