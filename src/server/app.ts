// Builds the Fastify app: external plugins, then error handling, then routes. Never listens.
import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import { registerErrorHandling } from './http/errors.js';
import { healthRoutes } from './http/routes/health.js';
import { menuRoutes } from './http/routes/menu.js';
import { registerWebApp } from './http/web.js';
import type { Store } from './ports/store.js';
import { createMenuService } from './services/menu.js';

/** JSON bodies above this are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppDeps {
  config: Config;
  store: Store;
  now?: () => Date;
  /** Set to `draining` by the shutdown sequence so `/readyz` turns away new traffic. */
  lifecycle?: { draining: boolean };
  /** Where logs go (tests capture them); standard output by default. */
  logStream?: DestinationStream;
}

/** Values that must never reach a log line, wherever they appear in a logged object. */
const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.tfaPin',
];

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store, now = () => new Date(), lifecycle = { draining: false } } = deps;

  const app = Fastify({
    logger: {
      level: config.log.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Slow clients (slowloris) lose their socket instead of holding it forever.
    requestTimeout: 30_000,
    // Trust X-Forwarded-For only for the configured number of proxy hops (REL-06).
    trustProxy: (_address: string, hop: number) => hop < config.http.trustProxyHops,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON is the only body the API reads; text/plain would let a cross-site form skip CORS preflight.
  app.removeContentTypeParser('text/plain');

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // HSTS only where TLS is in front of us; on plain-HTTP localhost it would do harm.
    strictTransportSecurity:
      config.env === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Von Appétit API',
        version: '0.1.0',
        description:
          'Restaurant online ordering and kitchen point of sale. Errors are application/problem+json with a stable `code`.',
      },
      tags: [{ name: 'menu', description: 'What the restaurant serves' }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { validatorUrl: null },
    staticCSP: true,
    // The UI page gets the app's own policy: everything from this origin, nothing from elsewhere.
    transformStaticCSP: () =>
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
  });

  registerErrorHandling(app);

  const menu = createMenuService({ store, now });
  app.addHook('onReady', async () => {
    const seeded = await menu.seedStarterMenuOnFirstStart();
    if (seeded > 0) app.log.info({ dishes: seeded }, "first start: put the article's menu on the menu");
  });
  const { name, currency, locale, timeZone } = config.restaurant;
  await app.register(healthRoutes, { store, isDraining: () => lifecycle.draining });
  await app.register(menuRoutes, { menu, restaurant: { name, currency, locale, timeZone } });
  await registerWebApp(app, { root: config.web.root });

  return app;
}
