// Applies the limits of domain/limits.ts through the store's shared counters.
import { RefusedError } from '../domain/errors.js';
import type { Limit } from '../domain/limits.js';
import type { Store } from '../ports/store.js';
import { pseudonym } from './pseudonym.js';

/** One unit of a limit to take for one subject (a number, an account, a client…). */
export interface Charge {
  limit: Limit;
  subject: string;
}

/** Units held for something about to happen (a text): given back if it did not happen. */
export interface Reservation {
  /** Each limit's count in its window, this reservation included. */
  counts: { limit: Limit; count: number; resetsAt: Date }[];
  release(): Promise<void>;
}

export interface Limiter {
  /** Counts one attempt; refuses it (429 rate_limited + Retry-After) past the limit. */
  consume(limit: Limit, subject: string): Promise<void>;
  /** Counts one event (a failure) without refusing anything; the window's count so far. */
  record(limit: Limit, subject: string): Promise<number>;
  /** Whether the limit is reached. */
  reached(limit: Limit, subject: string): Promise<boolean>;
  /** Refuses (as `consume` would) when the limit is reached, counting nothing. */
  assertUnder(limit: Limit, subject: string): Promise<void>;
  /**
   * Takes one unit of every charge, or none: past any limit, what was taken is given back and
   * the refusal thrown (the limit's `refusal` code, with Retry-After). Counted before the thing
   * happens, so parallel requests cannot overshoot; `release` when it did not happen after all.
   */
  reserve(charges: readonly Charge[]): Promise<Reservation>;
}

/** A refusal because `limit` is reached until `resetsAt`: 429 rate_limited, or its own code. */
export class LimitReachedError extends RefusedError {
  readonly limit: Limit;
  readonly resetsAt: Date;

  constructor(limit: Limit, resetsAt: Date, at: Date) {
    const retryAfterSeconds = Math.max(1, Math.ceil((resetsAt.getTime() - at.getTime()) / 1000));
    if (limit.refusal === 'sms_budget_exhausted') {
      super('sms_budget_exhausted', 'We cannot send more text messages right now. Please try again later.', {
        retryAfterSeconds,
      });
    } else {
      super('rate_limited', 'Too many attempts. Try again later.', { retryAfterSeconds });
    }
    this.limit = limit;
    this.resetsAt = resetsAt;
  }
}

export const refusalOf = (limit: Limit, resetsAt: Date, at: Date) =>
  new LimitReachedError(limit, resetsAt, at);

/** The counter a limit keeps for a subject: keyed by the subject's digest (pseudonym.ts). */
export const counterKey = (limit: Pick<Limit, 'name'>, subject: string) =>
  `${limit.name}:${pseudonym(subject)}`;

export function createLimiter(store: Store, now: () => Date): Limiter {
  const window = (limit: Limit, subject: string, at = now()) => ({
    key: counterKey(limit, subject),
    windowSeconds: limit.windowSeconds,
    at,
  });
  return {
    async consume(limit, subject) {
      const args = window(limit, subject);
      const { count, resetsAt } = await store.counters.hit(args);
      if (count > limit.max) throw refusalOf(limit, resetsAt, args.at);
    },
    record: async (limit, subject) => (await store.counters.hit(window(limit, subject))).count,
    reached: async (limit, subject) => (await store.counters.peek(window(limit, subject))).count >= limit.max,
    async assertUnder(limit, subject) {
      const args = window(limit, subject);
      const { count, resetsAt } = await store.counters.peek(args);
      if (count >= limit.max) throw refusalOf(limit, resetsAt, args.at);
    },
    async reserve(charges) {
      const at = now();
      const counts: Reservation['counts'] = [];
      const receipts: string[] = [];
      // One at a time: a request holds at most one database connection for its limits.
      const giveBack = async () => {
        for (const [index, receipt] of receipts.entries()) {
          const charge = charges[index];
          if (charge) await store.counters.retract({ ...window(charge.limit, charge.subject, at), receipt });
        }
      };
      for (const charge of charges) {
        let hit: Awaited<ReturnType<Store['counters']['hit']>>;
        try {
          hit = await store.counters.hit(window(charge.limit, charge.subject, at));
        } catch (error) {
          // The store failed: its error is the answer. Units it could not give back stay
          // counted until their window ends (a limit errs on the side of refusing).
          await giveBack().catch(() => undefined);
          throw error;
        }
        receipts.push(hit.receipt);
        if (hit.count > charge.limit.max) {
          await giveBack();
          throw refusalOf(charge.limit, hit.resetsAt, at);
        }
        counts.push({ limit: charge.limit, count: hit.count, resetsAt: hit.resetsAt });
      }
      let released = false;
      return {
        counts,
        async release() {
          if (released) return;
          released = true;
          await giveBack();
        },
      };
    },
  };
}
