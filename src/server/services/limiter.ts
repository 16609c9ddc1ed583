// Applies the limits of domain/limits.ts through the store's shared counters.
import { RefusedError } from '../domain/errors.js';
import type { Limit } from '../domain/limits.js';
import type { Store } from '../ports/store.js';

export interface Limiter {
  /** Counts one attempt; refuses it (429 rate_limited + Retry-After) past the limit. */
  consume(limit: Limit, subject: string): Promise<void>;
  /** Counts one event (a failure) without refusing anything; the window's count so far. */
  record(limit: Limit, subject: string): Promise<number>;
  /** Whether the limit is reached. */
  reached(limit: Limit, subject: string): Promise<boolean>;
}

export function createLimiter(store: Store, now: () => Date): Limiter {
  const window = (limit: Limit, subject: string) => ({
    key: `${limit.name}:${subject}`,
    windowSeconds: limit.windowSeconds,
    at: now(),
  });
  return {
    async consume(limit, subject) {
      const args = window(limit, subject);
      const { count, resetsAt } = await store.counters.hit(args);
      if (count > limit.max) {
        throw new RefusedError('rate_limited', 'Too many attempts. Try again later.', {
          retryAfterSeconds: Math.max(1, Math.ceil((resetsAt.getTime() - args.at.getTime()) / 1000)),
        });
      }
    },
    record: async (limit, subject) => (await store.counters.hit(window(limit, subject))).count,
    reached: async (limit, subject) => (await store.counters.peek(window(limit, subject))).count >= limit.max,
  };
}
