// Every route of the app, registered in one place: what anyone may call, then the customers',
// the kitchen's and the admins' routes, each group behind its guard (http/guards.ts), then the
// web app (whose fallback comes last). An API route in no group stops the app from being built.
import type { FastifyInstance } from 'fastify';
import type { Services } from './compose.js';
import type { Config } from './config/config.js';
import type { DevInbox } from './ports/dev-inbox.js';
import type { Store } from './ports/store.js';
import type { CookiePolicy } from './http/session.js';
import { ADMINS, CUSTOMERS, everyApiRouteInAGroup, guardGroup, KITCHEN, publicGroup } from './http/guards.js';
import { createOrderStreams } from './http/order-stream.js';
import { accountRoutes, sessionAnswer } from './http/routes/account.js';
import { callRoutes } from './http/routes/calls.js';
import { customerAccountRoutes } from './http/routes/customer-account.js';
import { devInboxRoutes } from './http/routes/dev-inbox.js';
import { healthRoutes } from './http/routes/health.js';
import { invitationRoutes } from './http/routes/invitations.js';
import { kitchenRoutes } from './http/routes/kitchen.js';
import { menuAdminRoutes } from './http/routes/menu-admin.js';
import { menuAnswer, menuRoutes } from './http/routes/menu.js';
import { metricsRoutes } from './http/routes/metrics.js';
import { orderRoutes } from './http/routes/orders.js';
import { passwordResetRoutes } from './http/routes/password-reset.js';
import { profileRoutes } from './http/routes/profile.js';
import { reportRoutes } from './http/routes/reports.js';
import {
  orderingPauseRoutes,
  restaurantAnswer,
  restaurantProfileRoutes,
  restaurantRoutes,
} from './http/routes/restaurant.js';
import { settingsReadRoutes, settingsRoutes } from './http/routes/settings.js';
import { teamRoutes } from './http/routes/team.js';
import { trackingRoutes } from './http/routes/tracking.js';
import { webhookRoutes } from './http/routes/webhooks.js';
import { registerWebApp } from './http/web.js';
import { repliesReachUs } from './services/customer-texts.js';

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
  const { config, store, now, auth, menu, startup, team } = deps;
  const cookies = { secure: config.cookieSecure };
  const { name, currency, locale, timeZone } = config.restaurant;
  const isStarted = () => startup.isDone();
  const checkGroups = everyApiRouteInAGroup(app);
  const sections = menuAnswer(menu);
  const arrivalByText = repliesReachUs(deps.comms.kind, config.comms.from);
  const facts = { name, currency, locale, timeZone, arrivalByText };
  await app.register(async (open) => {
    publicGroup(open);
    await open.register(healthRoutes, { store, isStarted, isDraining: () => deps.lifecycle.draining });
    await open.register(menuRoutes, { menu, sections });
    await open.register(restaurantRoutes, { restaurant: deps.restaurant, facts });
    await open.register(accountRoutes, { auth, cookies, now, surface: 'customer' });
    await open.register(accountRoutes, { auth, cookies, now, surface: 'staff' });
    await open.register(passwordResetRoutes, { auth, cookies, now, surface: 'customer' });
    await open.register(passwordResetRoutes, { auth, cookies, now, surface: 'staff' });
    await open.register(invitationRoutes, { team });
    await open.register(trackingRoutes, { ordering: deps.ordering, limiter: deps.limiter });
    const { webhookSecret: signatureSecret, relay } = deps;
    await open.register(webhookRoutes, {
      signatureSecret,
      log: app.log,
      now,
      relay,
      texts: deps.customerTexts,
    });
    if (deps.devInbox) await open.register(devInboxRoutes, { inbox: deps.devInbox });
    if (config.exposeMetrics) {
      await open.register(metricsRoutes, { budget: deps.budget, commandsSent: store.commandsSent });
    }
  });
  await registerGuardedGroups(app, deps, cookies);
  checkGroups();
  // Every page is sent with the answers its first paint needs, from the routes' own code.
  await registerWebApp(app, {
    root: config.web.root,
    answers: {
      restaurant: restaurantAnswer({ restaurant: deps.restaurant, facts }),
      menu: sections,
      session: {
        customer: sessionAnswer({ auth, cookies, now, surface: 'customer' }),
        staff: sessionAnswer({ auth, cookies, now, surface: 'staff' }),
      },
    },
  });
}

/** The customers', the kitchen's and the admins' routes, each group behind its guard. */
async function registerGuardedGroups(app: FastifyInstance, deps: RouteDeps, cookies: CookiePolicy) {
  const { auth, team } = deps;
  const streams = createOrderStreams(app, { auth, live: deps.live, sessionEnded: deps.sessionEndings });
  const calls = {
    auth,
    calls: deps.calls,
    signals: deps.signals,
    cookies,
    sandbox: deps.comms.kind === 'sandbox',
  };
  const settings = { statusTexts: deps.statusTexts, ticketTimers: deps.ticketTimers };
  await app.register(async (customers) => {
    guardGroup(customers, { auth, cookies, admits: CUSTOMERS });
    await customers.register(orderRoutes, { ordering: deps.ordering, cookies, streams });
    await customers.register(callRoutes, { ...calls, side: 'customer' });
    await customers.register(customerAccountRoutes, { auth, cookies, now: deps.now });
  });
  await app.register(async (kitchen) => {
    guardGroup(kitchen, { auth, cookies, admits: KITCHEN });
    await kitchen.register(kitchenRoutes, {
      kitchen: deps.kitchen,
      readyTimes: deps.readyTimes,
      cookies,
      streams,
    });
    await kitchen.register(callRoutes, { ...calls, side: 'staff' });
    await kitchen.register(profileRoutes, { team });
    await kitchen.register(settingsReadRoutes, settings);
    await kitchen.register(orderingPauseRoutes, { restaurant: deps.restaurant, now: deps.now });
  });
  await app.register(async (admins) => {
    guardGroup(admins, { auth, cookies, admits: ADMINS });
    await admins.register(menuAdminRoutes, { menu: deps.menu, store: deps.store });
    await admins.register(teamRoutes, { team });
    await admins.register(settingsRoutes, settings);
    await admins.register(restaurantProfileRoutes, { restaurant: deps.restaurant });
    await admins.register(reportRoutes, { reports: deps.reports });
  });
}
