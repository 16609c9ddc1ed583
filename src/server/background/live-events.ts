// Live order events for server-sent event streams. Events go through the database, so a
// customer connected to one instance hears about a change made on another. Each instance runs
// one poller that reads new events and hands each to the streams of its owner.
//
// Stores hand out sequence numbers without gaps, in the order events become visible. Should a
// gap appear all the same (a store that numbers ahead of writing), the poller moves its cursor
// past it only once it is older than GAP_PATIENCE_MS, delivering later events meanwhile, each
// exactly once.
import type { Order } from '../domain/order.js';
import type { Log } from '../ports/log.js';
import type { Store, StoredEvent } from '../ports/store.js';
import { withDeliveries } from '../services/deliveries.js';

const POLL_MS = 250;
/** Subscribes to every user's events (the kitchen). */
const EVERYONE = '*';
const GAP_PATIENCE_MS = 3000;
const BATCH = 500;
/**
 * Reads one round makes at once. A round may hold hundreds of orders (a rush, a slow database):
 * read all at once, they would take every connection of the pool and leave requests waiting.
 */
const ROUND_READS_AT_ONCE = 8;

/** `work` over every item, at most `limit` at a time, results in the items' order. */
async function mapAtMost<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export type EventListener = (event: StoredEvent) => void;

export interface LiveEvents {
  /**
   * Records that an order changed, for its owner's streams (best effort: logged on failure).
   * Announcements are written in rounds, each reading its orders afresh, delivery reports
   * included, so a later announcement never carries an older state than an earlier one.
   */
  announceOrder(order: Order): Promise<void>;
  /** Resolves once every announcement made so far is written (before the store closes). */
  drained(): Promise<void>;
  /**
   * Streams `userId`'s events (`'*'`: everyone's): first those after `lastSeq` (a reconnect's
   * Last-Event-ID), then live ones. Returns the unsubscribe function.
   */
  subscribe(args: {
    userId: string;
    lastSeq: number | undefined;
    listener: EventListener;
  }): Promise<() => void>;
  stop(): void;
}

export function createLiveEvents(deps: {
  store: Store;
  log: Log;
  now: () => Date;
  /** The customer-facing view of an order, as streams send it. */
  present: (order: Order) => Record<string, unknown>;
  /**
   * Re-read each announced order before writing its event (another writer may have changed it
   * since); without it, the state announced last on this instance is the one shown.
   */
  readFresh?: boolean;
}): LiveEvents {
  const { store, log } = deps;
  const listeners = new Map<string, Set<EventListener>>();
  let cursor: number | undefined;
  /** Delivered seqs beyond the cursor (past a gap). */
  const beyond = new Set<number>();
  let gapSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let polling = false;
  let stopped = false;

  function dispatch(event: StoredEvent): void {
    for (const listener of [...(listeners.get(event.userId) ?? []), ...(listeners.get(EVERYONE) ?? [])]) {
      try {
        listener(event);
      } catch (error) {
        log.warn({ err: error }, 'live event listener failed');
      }
    }
  }

  async function poll(): Promise<void> {
    cursor ??= await store.events.latestSeq();
    const events = await store.events.since({ after: cursor, limit: BATCH });
    for (const event of events) {
      if (beyond.has(event.seq)) continue;
      dispatch(event);
      if (event.seq === cursor + 1) {
        cursor = event.seq;
        while (beyond.delete(cursor + 1)) cursor += 1;
        gapSince = undefined;
      } else {
        beyond.add(event.seq);
        gapSince ??= Date.now();
      }
    }
    if (gapSince !== undefined && Date.now() - gapSince > GAP_PATIENCE_MS && beyond.size > 0) {
      // The missing seq was never written (a failed append): stop waiting for it.
      cursor = Math.min(...beyond);
      beyond.delete(cursor);
      while (beyond.delete(cursor + 1)) cursor += 1;
      gapSince = beyond.size > 0 ? Date.now() : undefined;
    }
  }

  /** The read of the newest event by which the first listeners start, while it is under way. */
  let waking: Promise<void> | undefined;

  /** Set when an event was appended here during a poll: the next poll starts at once. */
  let pollAgain = false;

  function schedule(delayMs = POLL_MS): void {
    if (stopped || listeners.size === 0 || polling) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      polling = true;
      poll()
        .catch((error: unknown) => {
          log.warn({ err: error }, 'live events: polling failed, retrying');
        })
        .finally(() => {
          polling = false;
          const now = pollAgain;
          pollAgain = false;
          schedule(now ? 0 : POLL_MS);
        });
    }, delayMs);
    timer.unref();
  }

  /** An event this instance appended reaches its own streams now, not at the next tick. */
  function wake(): void {
    if (polling) pollAgain = true;
    else schedule(0);
  }

  /** One round: every order waiting, read afresh together, one event each. */
  async function announce(changed: Order[]): Promise<void> {
    try {
      const fresh =
        deps.readFresh === false
          ? changed
          : await mapAtMost(
              changed,
              ROUND_READS_AT_ONCE,
              async (order) => (await store.orders.get({ id: order.id })) ?? order,
            );
      const shown = await withDeliveries(store, fresh);
      const at = deps.now();
      await mapAtMost(shown, ROUND_READS_AT_ONCE, (order) =>
        store.events.append({
          event: { topic: 'order', userId: order.userId, at, payload: deps.present(order) },
        }),
      );
      wake();
    } catch (error) {
      log.warn(
        { err: error, orderIds: changed.map((order) => order.id) },
        'live events not recorded: streams learn on their next change',
      );
    }
  }

  /**
   * Orders waiting for the next round. A second change of one of them rides on the first (the
   * round reads it fresh); a change made while a round is written waits for the next one.
   */
  const waiting = new Map<string, Order>();
  let nextRound: Promise<void> | undefined;
  let current: Promise<void> = Promise.resolve();

  return {
    announceOrder(order) {
      // Never an older state over a newer one waiting for the same round.
      const waitingVersion = waiting.get(order.id)?.version ?? -1;
      if (order.version >= waitingVersion) waiting.set(order.id, order);
      nextRound ??= current.then(() => {
        nextRound = undefined;
        const round = [...waiting.values()];
        waiting.clear();
        return announce(round);
      });
      current = nextRound;
      return nextRound;
    },

    async drained() {
      // Rounds queued while one was awaited are waited for too.
      let awaited: Promise<void>;
      do {
        awaited = current;
        await awaited;
      } while (awaited !== current);
    },

    async subscribe({ userId, lastSeq, listener }) {
      const wasIdle = listeners.size === 0;
      if (wasIdle) {
        // Nobody listened for a while: start from now, not from where the last listener left.
        // Streams that open together (a kitchen's boards after a restart) share the one read:
        // each its own would load the store at the worst moment, and a later answer would move
        // the cursor past events an earlier subscriber was already owed.
        waking ??= store.events
          .latestSeq()
          .then((seq) => {
            cursor = seq;
            beyond.clear();
            gapSince = undefined;
          })
          .finally(() => {
            waking = undefined;
          });
        await waking;
      }
      const set = listeners.get(userId) ?? new Set();
      listeners.set(userId, set);
      // Replay what the stream missed; live delivery (from the cursor on) takes over after it.
      const seen = new Set<number>();
      const guarded: EventListener = (event) => {
        if (!seen.has(event.seq)) listener(event);
      };
      set.add(guarded);
      if (lastSeq !== undefined) {
        const missed = await store.events.since({
          after: lastSeq,
          limit: BATCH,
          ...(userId === EVERYONE ? {} : { userId }),
        });
        for (const event of missed) {
          seen.add(event.seq);
          listener(event);
        }
      }
      if (wasIdle) schedule();
      return () => {
        set.delete(guarded);
        if (set.size === 0) listeners.delete(userId);
      };
    },

    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
