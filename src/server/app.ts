// Builds the Fastify app: external plugins, then error handling, then routes. Never listens.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { formatMoney } from '../contract/money.js';
import type { Config } from './config/config.js';
import { registerApiDocs } from './http/docs.js';
import { registerErrorHandling } from './http/errors.js';
import { sendProblem } from './http/problem.js';
import { healthRoutes } from './http/routes/health.js';
import { devInboxRoutes } from './http/routes/dev-inbox.js';
import { accountRoutes } from './http/routes/account.js';
import { menuRoutes } from './http/routes/menu.js';
import { kitchenRoutes } from './http/routes/kitchen.js';
import { teamRoutes } from './http/routes/team.js';
import { metricsRoutes } from './http/routes/metrics.js';
import { callRoutes } from './http/routes/calls.js';
import { createCallSignals } from './services/call-signals.js';
import { createSupportCalls } from './services/support-calls.js';
import { menuAdminRoutes } from './http/routes/menu-admin.js';
import { orderRoutes } from './http/routes/orders.js';
import { presentStaffOrder } from './http/presenters.js';
import { createOrderStreams } from './http/order-stream.js';
import { webhookRoutes } from './http/routes/webhooks.js';
import { registerSecurityHeaders } from './http/security.js';
import { registerWebApp } from './http/web.js';
import type { Comms } from './ports/comms.js';
import type { DevInbox } from './ports/dev-inbox.js';
import type { Store } from './ports/store.js';
import type { Order } from './domain/order.js';
import { createAuthService, type AccountDeps } from './services/auth.js';
import { withCircuitBreakers } from './infrastructure/circuit-breaker.js';
import { createHousekeeping } from './background/housekeeping.js';
import { createKitchenService } from './services/kitchen.js';
import { asStatusSet, createStatusTexts, createTicketTimers } from './services/settings.js';
import { createStaffAdmin } from './services/staff-admin.js';
import { createLimiter } from './services/limiter.js';
import { createTextBudget } from './services/text-budget.js';
import { createLiveEvents } from './background/live-events.js';
import { createMenuService } from './services/menu.js';
import { createOrderingService } from './services/ordering.js';
import { createRelay } from './background/relay.js';
import { createStartup } from './services/startup.js';
import { createUsernameFolding } from './services/usernames.js';
import { unconfiguredComms } from './services/unconfigured-comms.js';

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
  /** Vonage's webhook signature secret (in the sandbox, the simulator's). */
  webhookSecret?: string;
  /** Sandbox only: what the simulated Vonage sent, served at /dev/inbox. */
  devInbox?: DevInbox;
  /** A bug in start-up work that finished after the app was listening (main.ts exits on it). */
  onFatal?: (error: unknown) => void;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store, now = () => new Date(), lifecycle = { draining: false } } = deps;
  const onFatal =
    deps.onFatal ??
    ((error: unknown) => {
      app.log.fatal({ err: error }, 'start-up failed');
    });

  const app = Fastify({
    loggerInstance: deps.logger,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Slow clients (slowloris) lose their socket instead of holding it forever.
    requestTimeout: 30_000,
    // Trust X-Forwarded-For only for the configured number of proxy hops (REL-06).
    trustProxy: (_address: string, hop: number) => hop < config.http.trustProxyHops,
    // Requests Fastify refuses before routing (a malformed URL) get problem+json too.
    frameworkErrors: (_error, request, reply) => {
      sendProblem(request, reply, { status: 400, code: 'bad_request', title: 'The address is not valid' });
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON is the only body the API reads; text/plain would let a cross-site form skip CORS preflight.
  app.removeContentTypeParser('text/plain');

  await app.register(cookie);
  registerSecurityHeaders(app, {
    https: config.env === 'production',
    liveVideo: (deps.comms ?? unconfiguredComms).kind === 'vonage',
  });
  await registerApiDocs(app);
  registerErrorHandling(app);

  const menu = createMenuService({ store, now });
  const comms = withCircuitBreakers(deps.comms ?? unconfiguredComms, {
    now: () => now().getTime(),
    log: app.log,
  });
  const live = createLiveEvents({
    store,
    log: app.log,
    now,
    present: presentStaffOrder,
    // One process writes a SQLite file: what it announces is the latest. Other instances may
    // change the same order on MongoDB, so there each round reads its orders afresh.
    readFresh: store.kind !== 'sqlite',
  });
  const announce = (order: Order) => live.announceOrder(order);
  const endedListeners = new Set<(sessionId: string) => void>();
  const sessionEnded = {
    subscribe(listener: (sessionId: string) => void) {
      endedListeners.add(listener);
      return () => endedListeners.delete(listener);
    },
  };
  const limiter = createLimiter(store, now);
  const budget = createTextBudget({ store, limiter, log: app.log, now, ceilings: config.textCeilings });
  const accounts: AccountDeps = {
    store,
    comms,
    limiter,
    budget,
    log: app.log,
    now,
    phonePolicy: comms.kind === 'vonage' ? 'live' : 'sandbox',
    allowedCountries: config.phoneCountries,
  };
  const auth = createAuthService({
    ...accounts,
    onSessionEnded: (id) => {
      for (const listener of endedListeners) listener(id);
    },
  });
  const relay = createRelay({
    store,
    comms,
    budget,
    allowedCountries: config.phoneCountries,
    log: app.log,
    now,
    onOrderChanged: (order) => void announce(order),
  });
  const { name, currency, locale, timeZone } = config.restaurant;
  /** An order changed: live listeners hear of it, and the relay looks at its texts. */
  const orderChanged = (order: Order) => {
    void announce(order);
    relay.nudge();
  };
  const ordering = createOrderingService({
    store,
    dishes: () => menu.dishesForOrders(),
    now,
    restaurantName: name,
    formatMoney: (amount) => formatMoney(amount, currency, locale),
    onOrderChanged: orderChanged,
  });
  const statusTexts = createStatusTexts({ store, now });
  const kitchen = createKitchenService({
    store,
    log: app.log,
    now,
    textOn: async () => asStatusSet(await statusTexts.get()),
    restaurantName: name,
    onOrderChanged: orderChanged,
  });
  const ticketTimers = createTicketTimers({ store, now });
  const team = createStaffAdmin({
    ...accounts,
    restaurantName: name,
    publicUrl: config.publicUrl,
  });
  const signals = createCallSignals();
  const calls = createSupportCalls({
    store,
    comms,
    limiter,
    signals,
    log: app.log,
    now,
    restaurantName: name,
    onOrderChanged: orderChanged,
  });
  const housekeeping = createHousekeeping({
    store,
    log: app.log,
    now,
    closeAbandonedCalls: () => calls.closeAbandoned(),
  });
  const startup = createStartup({
    store,
    menu,
    usernames: createUsernameFolding({ store, log: app.log, now }),
    log: app.log,
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
      startup.run().catch((error: unknown) => {
        onFatal(error);
      });
    }
  });
  app.addHook('onReady', () => {
    // Background work starts with the server and waits for the store like everything else.
    if (deps.runRelay !== false) relay.start();
    housekeeping.start();
  });
  // Background work stops first, while the providers it talks to are still up.
  app.addHook('preClose', async () => {
    startup.abandon();
    live.stop();
    housekeeping.stop();
    await relay.stop();
    // Requests in flight get the grace period to finish; then every socket still open goes
    // (keep-alive sockets a client never reuses would otherwise hold the close forever).
    setTimeout(() => {
      app.server.closeAllConnections();
    }, deps.closeGraceMs ?? CLOSE_GRACE_MS).unref();
  });
  // Changes made by the last requests still reach the event log before the store closes.
  app.addHook('onClose', () => live.drained());
  const cookies = { secure: config.cookieSecure };
  await app.register(healthRoutes, {
    store,
    isStarted: () => startup.isDone(),
    isDraining: () => lifecycle.draining,
  });
  await app.register(menuRoutes, { menu, now, restaurant: { name, currency, locale, timeZone } });
  await app.register(accountRoutes, { auth, cookies, now, surface: 'customer' });
  await app.register(accountRoutes, { auth, cookies, now, surface: 'staff' });
  const streams = createOrderStreams(app, { auth, live, sessionEnded });
  await app.register(orderRoutes, { auth, ordering, cookies, streams });
  await app.register(kitchenRoutes, { auth, kitchen, cookies, streams });
  await app.register(menuAdminRoutes, { auth, menu, store, cookies });
  await app.register(teamRoutes, { auth, team, cookies, statusTexts, ticketTimers });
  await app.register(callRoutes, { auth, calls, signals, cookies, sandbox: comms.kind === 'sandbox' });
  await app.register(webhookRoutes, { signatureSecret: deps.webhookSecret, log: app.log, now, relay });
  if (deps.devInbox) await app.register(devInboxRoutes, { inbox: deps.devInbox });
  if (config.exposeMetrics) await app.register(metricsRoutes, { budget });
  await registerWebApp(app, { root: config.web.root });

  return app;
}
