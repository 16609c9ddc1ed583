// Forgets what has expired: sessions, rate-limit windows, old live events, and accounts whose
// phone was never proven (R9), which also frees their usernames.
import type { Log } from '../ports/log.js';
import type { Store } from '../ports/store.js';

export const HOUSEKEEPING_POLICY = {
  everyMs: 5 * 60_000,
  /** Live events older than this are no longer replayed to reconnecting streams. */
  eventsKeptHours: 24,
  /** A registration whose code was never entered is deleted after this long. */
  unverifiedAccountHours: 24,
} as const;

export function createHousekeeping(deps: { store: Store; log: Log; now: () => Date }) {
  const { store, log, now } = deps;
  let timer: NodeJS.Timeout | undefined;

  async function runOnce(): Promise<Record<string, number>> {
    const at = now();
    const hoursAgo = (hours: number) => new Date(at.getTime() - hours * 3_600_000);
    return {
      sessions: await store.sessions.removeExpired({ before: at }),
      counters: await store.counters.removeStale({ before: at }),
      events: await store.events.removeBefore({ before: hoursAgo(HOUSEKEEPING_POLICY.eventsKeptHours) }),
      unverifiedAccounts: await store.users.removeUnverified({
        createdBefore: hoursAgo(HOUSEKEEPING_POLICY.unverifiedAccountHours),
      }),
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
