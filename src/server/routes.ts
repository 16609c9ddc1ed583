// Every route of the app, registered in one place: what anyone may call, then the customers',
// the kitchen's and the admins' routes, then the web app (whose fallback comes last).
import type { FastifyInstance } from 'fastify';
import type { Services } from './compose.js';
import type { Config } from './config/config.js';
import type { DevInbox } from './ports/dev-inbox.js';
import type { Store } from './ports/store.js';
import { createOrderStreams } from './http/order-stream.js';
import { accountRoutes } from './http/routes/account.js';
import { callRoutes } from './http/routes/calls.js';
import { devInboxRoutes } from './http/routes/dev-inbox.js';
import { healthRoutes } from './http/routes/health.js';
import { kitchenRoutes } from './http/routes/kitchen.js';
import { menuAdminRoutes } from './http/routes/menu-admin.js';
import { menuRoutes } from './http/routes/menu.js';
import { metricsRoutes } from './http/routes/metrics.js';
import { orderRoutes } from './http/routes/orders.js';
import { teamRoutes } from './http/routes/team.js';
import { webhookRoutes } from './http/routes/webhooks.js';
import { registerWebApp } from './http/web.js';

export interface RouteDeps extends Services {
  config: Config;
  store: Store;
  now: () => Date;
  /** Set to `draining` by the shutdown sequence so `/readyz` turns away new traffic. */
  lifecycle: { draining: boolean };
  /** Vonage's webhook signature secret (in the sandbox, the simulator's). */
  webhookSecret: string | undefined;
  /** Sandbox only: what the simulated Vonage sent, served at /dev/inbox. */
  devInbox: DevInbox | undefined;
}

export async function registerRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { config, store, now, auth, menu, startup } = deps;
  const cookies = { secure: config.cookieSecure };
  const { name, currency, locale, timeZone } = config.restaurant;
  await app.register(healthRoutes, {
    store,
    isStarted: () => startup.isDone(),
    isDraining: () => deps.lifecycle.draining,
  });
  await app.register(menuRoutes, { menu, now, restaurant: { name, currency, locale, timeZone } });
  await app.register(accountRoutes, { auth, cookies, now, surface: 'customer' });
  await app.register(accountRoutes, { auth, cookies, now, surface: 'staff' });
  const streams = createOrderStreams(app, { auth, live: deps.live, sessionEnded: deps.sessionEndings });
  await app.register(orderRoutes, { auth, ordering: deps.ordering, cookies, streams });
  await app.register(kitchenRoutes, { auth, kitchen: deps.kitchen, cookies, streams });
  await app.register(menuAdminRoutes, { auth, menu, store, cookies });
  const { team, statusTexts, ticketTimers } = deps;
  await app.register(teamRoutes, { auth, team, cookies, statusTexts, ticketTimers });
  const sandbox = deps.comms.kind === 'sandbox';
  await app.register(callRoutes, { auth, calls: deps.calls, signals: deps.signals, cookies, sandbox });
  const { webhookSecret: signatureSecret, relay } = deps;
  await app.register(webhookRoutes, { signatureSecret, log: app.log, now, relay });
  if (deps.devInbox) await app.register(devInboxRoutes, { inbox: deps.devInbox });
  if (config.exposeMetrics) await app.register(metricsRoutes, { budget: deps.budget });
  await registerWebApp(app, { root: config.web.root });
}
