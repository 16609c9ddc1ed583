// Applies the limits of domain/limits.ts through the store's shared counters.
import { RefusedError } from '../domain/errors.js';
import type { Limit } from '../domain/limits.js';
import type { Store } from '../ports/store.js';

export interface Limiter {
  /** Counts one attempt; refuses it (429 rate_limited + Retry-After) past the limit. */
  consume(limit: Limit, subject: string): Promise<void>;
  /** Refuses when the limit is already reached, without counting. */
  ensureBelow(limit: Limit, subject: string): Promise<void>;
  /** Counts one event (a failure) without refusing anything. */
  record(limit: Limit, subject: string): Promise<number>;
  /** Whether the limit is reached. */
  reached(limit: Limit, subject: string): Promise<boolean>;
}

export function createLimiter(store: Store, now: () => Date): Limiter {
  const key = (limit: Limit, subject: string) => `${limit.name}:${subject}`;
  const refuse = (resetsAt: Date, at: Date): never => {
    throw new RefusedError('rate_limited', 'Too many attempts. Try again later.', {
      retryAfterSeconds: Math.max(1, Math.ceil((resetsAt.getTime() - at.getTime()) / 1000)),
    });
  };
  return {
    async consume(limit, subject) {
      const at = now();
      const { count, resetsAt } = await store.counters.hit({
        key: key(limit, subject),
        windowSeconds: limit.windowSeconds,
        at,
      });
      if (count > limit.max) refuse(resetsAt, at);
    },
    async ensureBelow(limit, subject) {
      const at = now();
      const { count, resetsAt } = await store.counters.peek({
        key: key(limit, subject),
        windowSeconds: limit.windowSeconds,
        at,
      });
      if (count >= limit.max) refuse(resetsAt, at);
    },
    async record(limit, subject) {
      const at = now();
      return (await store.counters.hit({ key: key(limit, subject), windowSeconds: limit.windowSeconds, at }))
        .count;
    },
    async reached(limit, subject) {
      const at = now();
      const { count } = await store.counters.peek({
        key: key(limit, subject),
        windowSeconds: limit.windowSeconds,
        at,
      });
      return count >= limit.max;
    },
  };
}
