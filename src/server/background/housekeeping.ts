// Forgets what has expired: sessions, rate-limit windows, one-time claims, old live events, and
// support calls nobody answered.
import type { Log } from '../ports/log.js';
import type { Store } from '../ports/store.js';

export const HOUSEKEEPING_POLICY = {
  everyMs: 5 * 60_000,
  /** Live events older than this are no longer replayed to reconnecting streams. */
  eventsKeptHours: 24,
  /** One-time claims outlive what they guard (a 10-minute sign-in, a 30 s relay lease) by far. */
  claimsKeptHours: 24,
} as const;

export function createHousekeeping(deps: {
  store: Store;
  log: Log;
  now: () => Date;
  /** Support calls nobody answered: closed, off the board. */
  closeAbandonedCalls?: () => Promise<number>;
}) {
  const { store, log, now } = deps;
  let timer: NodeJS.Timeout | undefined;

  async function runOnce(): Promise<Record<string, number>> {
    const at = now();
    const hoursAgo = (hours: number) => new Date(at.getTime() - hours * 3_600_000);
    return {
      sessions: await store.sessions.removeExpired({ before: at }),
      devices: await store.devices.removeExpired({ before: at }),
      trackingLinks: await store.trackingLinks.removeExpired({ before: at }),
      counters: await store.counters.removeStale({ before: at }),
      claims: await store.milestones.removeTransient({
        before: hoursAgo(HOUSEKEEPING_POLICY.claimsKeptHours),
      }),
      events: await store.events.removeBefore({ before: hoursAgo(HOUSEKEEPING_POLICY.eventsKeptHours) }),
      calls: (await deps.closeAbandonedCalls?.()) ?? 0,
    };
  }

  return {
    runOnce,
    start() {
      timer = setInterval(() => {
        runOnce().then(
          (removed) => {
            log.info(removed, 'housekeeping done');
          },
          (error: unknown) => {
            log.warn({ err: error }, 'housekeeping failed: trying again later');
          },
        );
      }, HOUSEKEEPING_POLICY.everyMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
