// The restaurant's budget of text messages (H5): ceilings an hour and a day, for codes (half for
// registrations, half for sign-ins) and for notifications, counted in the store so every
// instance shares them. A code past its
// ceiling is refused (503 sms_budget_exhausted); a notification past its ceiling waits in its
// order's outbox for the next window, so a placed order never loses its confirmation. At 80 % of a
// ceiling, and when it is spent, one error line per window says so (across instances).
import {
  TEXT_BUDGET_ALERT_SHARE,
  textBudgetLimits,
  type TextBudgetKind,
  type TextBudgetLimit,
  type TextCeilingValues,
} from '../domain/limits.js';
import type { SmsSent } from '../ports/comms.js';
import type { Log } from '../ports/log.js';
import type { Store } from '../ports/store.js';
import { counterKey, LimitReachedError, type Charge, type Limiter, type Reservation } from './limiter.js';

/** Whose code: a proven phone signing in, or a number nobody has proven yet (a registration). */
export type CodeKind = 'sign_in' | 'registration';

export interface TextBudgetUsage {
  kind: TextBudgetKind;
  window: 'hour' | 'day';
  sent: number;
  ceiling: number;
}

export interface TextBudget {
  /** Holds the restaurant's budget for one code, with the caller's own charges (all or none). */
  holdCode(kind: CodeKind, charges: readonly Charge[]): Promise<Reservation>;
  /**
   * Sends one notification within its ceiling: `send` runs only when the budget allows, and the
   * text counts only when the provider accepted it (`null`: nothing was sent, say another relay
   * had it). Past the ceiling, `send` does not run: until when it is spent.
   */
  sendNotification(
    send: () => Promise<SmsSent['outcome'] | null>,
  ): Promise<{ sent: SmsSent['outcome'] | null } | { spentUntil: Date }>;
  /** How much of each ceiling the current windows have used (`/metrics`). */
  usage(): Promise<TextBudgetUsage[]>;
}

const ALL = 'all';
const WINDOW_NAME = { hour: 'hourly', day: 'daily' } as const;
const KIND_NAME = {
  registration_codes: 'registration code',
  sign_in_codes: 'sign-in code',
  notifications: 'notification',
} as const;

export function createTextBudget(deps: {
  store: Store;
  limiter: Limiter;
  log: Log;
  now: () => Date;
  ceilings: TextCeilingValues;
}): TextBudget {
  const { store, limiter, log, now } = deps;
  const limits = textBudgetLimits(deps.ceilings);
  const codeLimits = (kind: CodeKind): TextBudgetLimit[] =>
    kind === 'registration' ? limits.registration_codes : limits.sign_in_codes;
  const budgetCharges = (of: readonly TextBudgetLimit[]): Charge[] =>
    of.map((limit) => ({ limit, subject: ALL }));

  /** Alerts this instance has settled (said, or seen said elsewhere): no write to ask again. */
  const settled = new Set<string>();

  /** One error line per ceiling, window and threshold, whichever instance gets there first. */
  async function alertOnce(limit: TextBudgetLimit, resetsAt: Date, spent: boolean): Promise<void> {
    const key = `sms-budget-${spent ? 'spent' : 'alert'}:${limit.name}:${resetsAt.getTime()}`;
    if (settled.has(key)) return;
    const mine = await store.milestones.claimOnce({ key, at: now() });
    // Forgotten with its window (the key names the window's end): the set stays small.
    for (const old of settled)
      if (Number(old.slice(old.lastIndexOf(':') + 1)) < now().getTime()) settled.delete(old);
    settled.add(key);
    if (!mine) return;
    const what = `${WINDOW_NAME[limit.window]} ${KIND_NAME[limit.kind]} budget`;
    log.error(
      { budget: limit.name, ceiling: limit.max, resetsAt },
      spent
        ? `ALERT: the ${what} is spent: no more until ${resetsAt.toISOString()}`
        : `ALERT: ${Math.round(TEXT_BUDGET_ALERT_SHARE * 100)} % of the ${what} is spent`,
    );
  }

  const byName = new Map(
    [...limits.registration_codes, ...limits.sign_in_codes, ...limits.notifications].map((l) => [l.name, l]),
  );

  /**
   * The lines a count has earned: 80 % (unless that is the ceiling itself), then spent. Racing
   * hits can jump past 80 % straight to spent: the 80 % line is said then too.
   */
  async function alertAt(budget: TextBudgetLimit, resetsAt: Date, count: number): Promise<void> {
    const warnAt = Math.ceil(budget.max * TEXT_BUDGET_ALERT_SHARE);
    if (warnAt < budget.max && count >= warnAt) await alertOnce(budget, resetsAt, false);
    if (count >= budget.max) await alertOnce(budget, resetsAt, true);
  }

  async function alertOnUse(reservation: Reservation): Promise<void> {
    for (const { limit, count, resetsAt } of reservation.counts) {
      const budget = byName.get(limit.name);
      if (!budget) continue; // the caller's own limits (per number, per client…)
      await alertAt(budget, resetsAt, count);
    }
  }

  const peek = (limit: TextBudgetLimit, at: Date) =>
    store.counters.peek({ key: counterKey(limit, ALL), windowSeconds: limit.windowSeconds, at });

  /** Reserves, alerting as counts pass the thresholds; a refusal by a ceiling is alerted too. */
  async function hold(charges: readonly Charge[]): Promise<Reservation> {
    try {
      const reservation = await limiter.reserve(charges);
      await alertOnUse(reservation);
      return reservation;
    } catch (error) {
      const budget = error instanceof LimitReachedError ? byName.get(error.limit.name) : undefined;
      if (budget && error instanceof LimitReachedError) await alertAt(budget, error.resetsAt, budget.max);
      throw error;
    }
  }

  return {
    holdCode: (kind, charges) => hold([...charges, ...budgetCharges(codeLimits(kind))]),
    async sendNotification(send) {
      let held: Reservation;
      try {
        held = await hold(budgetCharges(limits.notifications));
      } catch (error) {
        if (!(error instanceof LimitReachedError && error.code === 'sms_budget_exhausted')) throw error;
        return { spentUntil: error.resetsAt };
      }
      let sent: SmsSent['outcome'] | null = null;
      try {
        sent = await send();
        return { sent };
      } finally {
        if (sent !== 'accepted') await held.release();
      }
    },
    async usage() {
      const at = now();
      return Promise.all(
        [...byName.values()].map(async (limit) => ({
          kind: limit.kind,
          window: limit.window,
          ceiling: limit.max,
          sent: (await peek(limit, at)).count,
        })),
      );
    },
  };
}
