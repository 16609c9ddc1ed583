// Builds the Fastify app: external plugins, then error handling, then routes. Never listens.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { registerErrorHandling } from './http/errors.js';
import { healthRoutes } from './http/routes/health.js';
import { menuRoutes } from './http/routes/menu.js';
import { registerWebApp } from './http/web.js';
import type { Store } from './ports/store.js';
import { createMenuService } from './services/menu.js';
import { createStartup } from './services/startup.js';

/** How long start-up waits for the database before listening anyway (not ready). */
const STARTUP_WAIT_MS = 3000;

/** JSON bodies above this are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppDeps {
  config: Config;
  store: Store;
  now?: () => Date;
  /** Set to `draining` by the shutdown sequence so `/readyz` turns away new traffic. */
  lifecycle?: { draining: boolean };
  logger: FastifyBaseLogger;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store, now = () => new Date(), lifecycle = { draining: false } } = deps;

  const app = Fastify({
    loggerInstance: deps.logger,
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
  const startup = createStartup({ store, menu, log: app.log });
  app.addHook('onReady', async () => {
    // A database that answers within the wait is prepared before the first request; otherwise
    // the instance listens anyway (liveness) and finishes in the background while /readyz says 503.
    const outcome = await Promise.race([startup.run().then(() => 'done'), sleep(STARTUP_WAIT_MS, 'waiting')]);
    if (outcome === 'waiting') {
      app.log.warn('database not reachable yet: listening, not ready');
      startup.run().catch((error: unknown) => {
        app.log.error({ err: error }, 'start-up failed');
      });
    }
  });
  app.addHook('onClose', () => {
    startup.abandon();
  });
  const { name, currency, locale, timeZone } = config.restaurant;
  await app.register(healthRoutes, {
    store,
    isStarted: () => startup.isDone(),
    isDraining: () => lifecycle.draining,
  });
  await app.register(menuRoutes, { menu, restaurant: { name, currency, locale, timeZone } });
  await registerWebApp(app, { root: config.web.root });

  return app;
}
