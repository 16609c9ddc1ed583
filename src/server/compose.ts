// The services container: every use case, loop and mechanism, built from the ports in the one
// order they need each other. The only module that knows that order; app.ts hands the result to
// the routes and to the server's lifecycle.
import { formatMoney } from '../contract/money.js';
import type { Config } from './config/config.js';
import type { Order } from './domain/order.js';
import { createHousekeeping } from './background/housekeeping.js';
import { createLiveEvents } from './background/live-events.js';
import { createReadyWatch } from './background/ready-watch.js';
import { createRelay } from './background/relay.js';
import { presentStaffOrder } from './http/presenters.js';
import { withCircuitBreakers } from './infrastructure/circuit-breaker.js';
import type { Comms } from './ports/comms.js';
import type { Log } from './ports/log.js';
import type { Store } from './ports/store.js';
import type { AccountDeps } from './services/account-deps.js';
import { createAuthService } from './services/auth.js';
import { createCallSignals } from './services/call-signals.js';
import { createKitchenService } from './services/kitchen.js';
import { createLimiter } from './services/limiter.js';
import { createMenuService } from './services/menu.js';
import { createCustomerTexts, repliesReachUs } from './services/customer-texts.js';
import { createReadyTimes } from './services/ready-times.js';
import { createReportsService } from './services/reports.js';
import { createOrderingService } from './services/ordering.js';
import { createRestaurantService, pickupTimeFormat } from './services/restaurant.js';
import { asStatusSet, createStatusTexts, createTicketTimers } from './services/settings.js';
import { createStaffAdmin } from './services/staff-admin.js';
import { createStartup } from './services/startup.js';
import { createSupportCalls } from './services/support-calls.js';
import { createTextBudget, type TextBudget } from './services/text-budget.js';
import { unconfiguredComms } from './services/unconfigured-comms.js';
import { createUsernameFolding } from './services/usernames.js';

export interface ServiceDeps {
  config: Config;
  store: Store;
  /** Without it (some tests), every provider call answers "unavailable". */
  comms?: Comms | undefined;
  log: Log;
  now: () => Date;
}

/** Listeners told when a session ends (sign-out, expiry, revocation): live streams close. */
export interface SessionEndings {
  subscribe(listener: (sessionId: string) => void): () => void;
}

function sessionEndings(): SessionEndings & { end(sessionId: string): void } {
  const listeners = new Set<(sessionId: string) => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    end(sessionId) {
      for (const listener of listeners) listener(sessionId);
    },
  };
}

/** Accounts, sign-in and the team: what texts codes and links, within the text budget. */
/** `announcer`: what announces a changed order (made after these: the live events need the budget). */
function accountServices(deps: ServiceDeps, comms: Comms, announcer: () => (order: Order) => void) {
  const { config, store, log, now } = deps;
  const limiter = createLimiter(store, now);
  const budget = createTextBudget({ store, limiter, log, now, ceilings: config.textCeilings });
  const accounts: AccountDeps = {
    store,
    comms,
    limiter,
    budget,
    log,
    now,
    phonePolicy: comms.kind === 'vonage' ? 'live' : 'sandbox',
    allowedCountries: config.phoneCountries,
  };
  const endings = sessionEndings();
  const auth = createAuthService({
    ...accounts,
    onSessionEnded: (id) => {
      endings.end(id);
    },
    onOrderChanged: (order) => {
      announcer()(order);
    },
  });
  const team = createStaffAdmin({
    ...accounts,
    restaurantName: config.restaurant.name,
    publicUrl: config.publicUrl,
  });
  return { limiter, budget, auth, team, sessionEndings: endings as SessionEndings };
}

/**
 * What announces a changed order: live listeners hear of it, and the relay looks at its texts
 * (within the restaurant's text budget).
 */
function liveServices(deps: ServiceDeps, comms: Comms, budget: TextBudget) {
  const { config, store, log, now } = deps;
  const pollMs = config.liveEventsPollMs;
  const operationTimeoutMs = config.store.kind === 'mongodb' ? config.store.operationTimeoutMs : 0;
  const live = createLiveEvents({ store, log, now, present: presentStaffOrder, pollMs, operationTimeoutMs });
  const relay = createRelay({
    ...{ store, comms, budget, allowedCountries: config.phoneCountries, log, now },
    sendsPerSecond: config.smsSendsPerSecond,
    // The relay changes only an order's texts: its owner follows them, the kitchen does not.
    onOrderChanged: (order) => void live.announceOrder(order, { textsOnly: true }),
  });
  const onOrderChanged = (order: Order) => {
    void live.announceOrder(order);
    relay.nudge();
  };
  return { live, relay, onOrderChanged };
}

export type Services = ReturnType<typeof composeServices>;

/** The kitchen's and the admins' services over the orders: the board, its settings, the report. */
function kitchenServices(deps: ServiceDeps, onOrderChanged: (order: Order) => void) {
  const { config, store, log, now } = deps;
  const { name, timeZone } = config.restaurant;
  const statusTexts = createStatusTexts({ store, now });
  const textOn = async () => asStatusSet(await statusTexts.get());
  return {
    statusTexts,
    ticketTimers: createTicketTimers({ store, now }),
    kitchen: createKitchenService({
      ...{ store, log, now, textOn, timeZone },
      ...{ restaurantName: name, onOrderChanged },
    }),
    reports: createReportsService({ store, timeZone }),
  };
}

export function composeServices(deps: ServiceDeps) {
  const { config, store, log, now } = deps;
  const { name, currency, locale, timeZone } = config.restaurant;
  const comms = withCircuitBreakers(deps.comms ?? unconfiguredComms, { now: () => now().getTime(), log });
  const accounts = accountServices(deps, comms, () => onOrderChanged);
  const { live, relay, onOrderChanged } = liveServices(deps, comms, accounts.budget);
  const menu = createMenuService({ store, now });
  const restaurant = createRestaurantService({ store, now, timeZone });
  const ordering = createOrderingService({
    store,
    dishes: () => menu.dishesForOrders(),
    now,
    restaurantName: name,
    formatMoney: (amount) => formatMoney(amount, currency, locale),
    formatPickupTime: pickupTimeFormat(locale, timeZone),
    repliesReachUs: repliesReachUs(comms.kind, config.comms.from),
    ...{ restaurant, onOrderChanged, publicUrl: config.publicUrl },
  });
  const readyTimes = createReadyTimes({
    ...{ store, log, now, restaurant, restaurantName: name, onOrderChanged },
    formatPickupTime: pickupTimeFormat(locale, timeZone),
  });
  const readyWatch = createReadyWatch({ readyTimes, log });
  const customerTexts = createCustomerTexts({
    ...{ store, comms, budget: accounts.budget, log, now },
    ...{ restaurantName: name, onOrderChanged },
  });
  const { statusTexts, ticketTimers, kitchen, reports } = kitchenServices(deps, onOrderChanged);
  const signals = createCallSignals();
  const calls = createSupportCalls({
    ...{ store, comms, limiter: accounts.limiter, signals, log, now },
    ...{ restaurantName: name, onOrderChanged },
  });
  const closeAbandonedCalls = () => calls.closeAbandoned();
  const housekeeping = createHousekeeping({ store, log, now, closeAbandonedCalls });
  const usernames = createUsernameFolding({ store, log, now });
  const startup = createStartup({ store, menu, usernames, log });
  return {
    ...accounts,
    ...{
      comms,
      menu,
      restaurant,
      ordering,
      readyTimes,
      customerTexts,
      statusTexts,
      ticketTimers,
      kitchen,
      signals,
      calls,
      reports,
    },
    // The loops and the start-up work, which the server's lifecycle starts and stops.
    ...{ live, relay, housekeeping, readyWatch, startup },
  };
}
