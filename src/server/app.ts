// Builds the Fastify app in boot order: the server, its services (from compose.ts), the plugins
// (cookies, compression, security headers, API docs, error handling), the services' lifecycle, then the
// routes. Never listens.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { composeServices, type Services } from './compose.js';
import type { Config } from './config/config.js';
import { registerCompression } from './http/compression.js';
import { registerApiDocs } from './http/docs.js';
import { registerErrorHandling } from './http/errors.js';
import { sendProblem } from './http/problem.js';
import { registerRoutes } from './routes.js';
import { registerSecurityHeaders } from './http/security.js';
import type { Comms } from './ports/comms.js';
import type { DevInbox } from './ports/dev-inbox.js';
import type { Store } from './ports/store.js';
/** How long start-up waits for the database before listening anyway (not ready). */
const STARTUP_WAIT_MS = 3000;

/** How long in-flight requests may take to finish once the app is closing. */
const CLOSE_GRACE_MS = 10_000;

/** JSON bodies above this are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppDeps {
  config: Config;
  store: Store;
  now?: () => Date;
  /** Set to `draining` by the shutdown sequence so `/readyz` turns away new traffic. */
  lifecycle?: { draining: boolean };
  logger: FastifyBaseLogger;
  /**
   * Codes, texts and video rooms, through Vonage or the sandbox. Without it (some tests),
   * every provider call answers "unavailable": sign-in refuses with 503, orders queue their texts.
   */
  comms?: Comms;
  /** Overrides how long in-flight requests may take to finish on close (tests: short). */
  closeGraceMs?: number;
  /** `false` keeps the notification relay from running by itself (tests drive it). */
  runRelay?: boolean;
  /** Overrides how often ready estimates are checked against the kitchen's pace (tests: often). */
  readyWatchEveryMs?: number;
  /** Vonage's webhook signature secret (in the sandbox, the simulator's). */
  webhookSecret?: string;
  /** Sandbox only: what the simulated Vonage sent, served at /dev/inbox. */
  devInbox?: DevInbox;
  /** A bug in start-up work that finished after the app was listening (main.ts exits on it). */
  onFatal?: (error: unknown) => void;
}

/** The server itself: request ids, body and time limits, trusted proxies, zod schemas, JSON only. */
function createServer(deps: AppDeps) {
  const app = Fastify({
    loggerInstance: deps.logger,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Slow clients (slowloris) lose their socket instead of holding it forever.
    requestTimeout: 30_000,
    // Trust X-Forwarded-For only for the configured number of proxy hops (REL-06).
    trustProxy: (_address: string, hop: number) => hop < deps.config.http.trustProxyHops,
    // Requests Fastify refuses before routing (a malformed URL) get problem+json too.
    frameworkErrors: (_error, request, reply) => {
      sendProblem(request, reply, { status: 400, code: 'bad_request', title: 'The address is not valid' });
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON is the only body the API reads; text/plain would let a cross-site form skip CORS preflight.
  app.removeContentTypeParser('text/plain');
  return app;
}

/** Start-up work, then the background loops, with the server; the loops stop first on close. */
function registerLifecycle(app: FastifyInstance, deps: AppDeps, services: Services): void {
  const { startup, relay, housekeeping, readyWatch, live, auth } = services;
  const onFatal =
    deps.onFatal ??
    ((error: unknown) => {
      app.log.fatal({ err: error }, 'start-up failed');
    });
  app.addHook('onReady', async () => {
    // A database that answers within the wait is prepared before the first request; otherwise
    // the instance listens anyway (liveness) and finishes in the background while /readyz says 503.
    const patience = new AbortController();
    const waited = sleep(STARTUP_WAIT_MS, 'waiting' as const, { signal: patience.signal }).catch(
      () => 'done' as const,
    );
    const outcome = await Promise.race([startup.run().then(() => 'done' as const), waited]);
    patience.abort();
    if (outcome === 'waiting') {
      app.log.warn('database not reachable yet: listening, not ready until it is');
      startup.run().catch(onFatal);
    }
    // Background work starts with the server and waits for the store like everything else.
    if (deps.runRelay !== false) relay.start();
    housekeeping.start();
    readyWatch.start(deps.readyWatchEveryMs);
  });
  // Background work stops first, while the providers it talks to are still up.
  app.addHook('preClose', async () => {
    startup.abandon();
    live.stop();
    housekeeping.stop();
    readyWatch.stop();
    await relay.stop();
    // Requests in flight get the grace period to finish; then every socket still open goes
    // (keep-alive sockets a client never reuses would otherwise hold the close forever).
    setTimeout(() => {
      app.server.closeAllConnections();
    }, deps.closeGraceMs ?? CLOSE_GRACE_MS).unref();
  });
  // Changes made by the last requests still reach the event log before the store closes, and
  // codes being texted for forgotten passwords are sent.
  app.addHook('onClose', async () => {
    await live.drained();
    await auth.reset.settled();
  });
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const app = createServer(deps);
  const services = composeServices({
    config: deps.config,
    store: deps.store,
    comms: deps.comms,
    log: app.log,
    now,
  });
  await app.register(cookie);
  registerCompression(app);
  registerSecurityHeaders(app, {
    https: deps.config.env === 'production',
    liveVideo: services.comms.kind === 'vonage',
  });
  await registerApiDocs(app);
  registerErrorHandling(app);
  registerLifecycle(app, deps, services);
  await registerRoutes(app, {
    ...services,
    config: deps.config,
    store: deps.store,
    now,
    lifecycle: deps.lifecycle ?? { draining: false },
    webhookSecret: deps.webhookSecret,
    devInbox: deps.devInbox,
  });
  return app;
}
