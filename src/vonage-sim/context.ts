// What every route of the simulator shares: credentials, clock, state, and the ways to answer late.
import type { SimulatorCredentials, SimulatorLog } from './api.js';
import type { Authenticator } from './auth.js';
import type { Scenario, SimulatedApi } from './magic-numbers.js';
import type { Outbox } from './outbox.js';
import type { Throttle } from './throttle.js';
import type { Timers } from './timers.js';
import type { StatusWebhooks } from './webhooks.js';

export interface SimulatorContext {
  credentials: SimulatorCredentials;
  now: () => Date;
  log: SimulatorLog;
  auth: Authenticator;
  throttle: Throttle;
  outbox: Outbox;
  timers: Timers;
  webhooks: StatusWebhooks;
  slowResponseMs: number;
  /** Failures switched on for a whole API by a test (`setScenario`); absent = behave normally. */
  apiScenarios: Partial<Record<SimulatedApi, Scenario>>;
  /** The application's status URL at this moment, if it has one. */
  messageStatusUrl: () => string | undefined;
  /** The application's inbound URL at this moment, if it has one. */
  inboundMessageUrl: () => string | undefined;
}
