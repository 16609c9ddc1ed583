// Live order events for server-sent event streams. Events go through the database, so a
// customer connected to one instance hears about a change made on another: each instance runs
// one poller that reads new events (one query for everything after its cursor) and hands each
// to the streams of its owner. An event this instance writes reaches its own streams at once,
// without waiting for the poller.
//
// Sequence numbers may become visible out of order (two appends at once) or never (an append
// that failed after taking its number). The poller delivers later events meanwhile, each exactly
// once, and moves its cursor past a gap once it is older than the longest an append may take
// (the store's operation deadline and a second more; at least GAP_PATIENCE_MS): by then the
// number will never be written.
//
// An event carries the order as announced, not read again: clients keep the highest version
// they have seen, and this instance never announces an older version after a newer one.
import { LIVE_EVENTS_POLICY } from '../domain/limits.js';
import { foldReports, type Order } from '../domain/order.js';
import type { Log } from '../ports/log.js';
import type { Store, StoredEvent } from '../ports/store.js';

/** Subscribes to every user's events (the kitchen). */
const EVERYONE = '*';
const GAP_PATIENCE_MS = 3000;
const BATCH = 500;
/**
 * How long a change of only an order's texts (sent, delivered) waits for others to share its
 * write: nobody follows a text's state to the millisecond, and the relay's changes come one by
 * one. Any other change ends the wait at once.
 */
const TEXTS_GATHER_MS = 250;
/** Orders whose last announced version this instance remembers (the most recent ones). */
const VERSIONS_KEPT = 10_000;

/** An order waiting for the next round, and whether only its texts changed. */
interface Waiting {
  order: Order;
  textsOnly: boolean;
}

const lowest = (numbers: Iterable<number>) => {
  let least = Infinity;
  for (const n of numbers) least = Math.min(least, n);
  return least;
};

export type EventListener = (event: StoredEvent) => void;

export interface LiveEvents {
  /**
   * Records that an order changed, for its owner's streams and the kitchen's (best effort:
   * logged on failure). `textsOnly`: only its text messages changed (sent, delivered), which
   * the kitchen does not follow. Announcements are written in rounds, each order as its writer
   * saved or read it (with its delivery reports); one older than the last version announced of
   * that order is dropped.
   */
  announceOrder(order: Order, options?: { textsOnly?: boolean }): Promise<void>;
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
  /** Between two looks for other instances' events (LIVE_EVENTS_POLICY's when not given). */
  pollMs?: number;
  /** The longest one store operation may take (MONGODB_TIMEOUT_MS): how long a gap may close. */
  operationTimeoutMs?: number;
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

  /** The kitchen follows every order, but not their text messages. */
  const forEveryone = (event: StoredEvent) => event.topic !== 'texts';

  function dispatch(event: StoredEvent): void {
    const everyone = forEveryone(event) ? (listeners.get(EVERYONE) ?? []) : [];
    for (const listener of [...(listeners.get(event.userId) ?? []), ...everyone]) {
      try {
        listener(event);
      } catch (error) {
        log.warn({ err: error }, 'live event listener failed');
      }
    }
  }

  /** Hands an event to the streams unless it was already, and moves the cursor over it. */
  function deliver(event: StoredEvent): void {
    // Nobody listens (the cursor starts afresh with the next listener), or it was delivered.
    if (listeners.size === 0 || cursor === undefined) return;
    if (event.seq <= cursor || beyond.has(event.seq)) return;
    dispatch(event);
    if (event.seq === cursor + 1) {
      cursor = event.seq;
      while (beyond.delete(cursor + 1)) cursor += 1;
      gapSince = beyond.size > 0 ? Date.now() : undefined;
    } else {
      beyond.add(event.seq);
      gapSince ??= Date.now();
    }
  }

  async function poll(): Promise<void> {
    cursor ??= await store.events.latestSeq();
    for (const event of await store.events.since({ after: cursor, limit: BATCH })) deliver(event);
    if (gapSince !== undefined && Date.now() - gapSince > gapPatienceMs && beyond.size > 0) {
      // The missing seq was never written (a failed append): stop waiting for it.
      cursor = lowest(beyond);
      beyond.delete(cursor);
      while (beyond.delete(cursor + 1)) cursor += 1;
      gapSince = beyond.size > 0 ? Date.now() : undefined;
    }
  }

  /** The read of the newest event by which the first listeners start, while it is under way. */
  let waking: Promise<void> | undefined;

  const pollMs = deps.pollMs ?? LIVE_EVENTS_POLICY.pollMs;
  const gapPatienceMs = Math.max(GAP_PATIENCE_MS, (deps.operationTimeoutMs ?? 0) + 1000);

  function schedule(delayMs = pollMs): void {
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
          schedule();
        });
    }, delayMs);
    timer.unref();
  }

  /**
   * One round: every order waiting, one event each, written together (one append however many),
   * on this instance's streams once written.
   */
  async function announce(changed: Waiting[]): Promise<void> {
    try {
      const at = deps.now();
      const events = await store.events.append({
        events: changed.map(({ order, textsOnly }) => ({
          topic: textsOnly ? ('texts' as const) : ('order' as const),
          userId: order.userId,
          at,
          payload: deps.present(order),
        })),
      });
      for (const event of events) deliver(event);
    } catch (error) {
      log.warn(
        { err: error, orderIds: changed.map(({ order }) => order.id) },
        'live events not recorded: streams learn on their next change',
      );
    }
  }

  /**
   * Orders waiting for the next round. A second change of one of them replaces the first (at the
   * same version, keeping the first's delivery reports); a change made while a round is written
   * waits for the next one.
   */
  const waiting = new Map<string, Waiting>();
  /** The version last announced of each recent order: an older one is not announced after it. */
  const announced = new Map<string, number>();

  /**
   * Two copies of one version differ only by delivery reports (they never move the version): a
   * writer's answer and a report that landed just after its write. The round shows both.
   */
  function withReportsOf(order: Order, other: Order | undefined): Order {
    if (other?.version !== order.version) return order;
    const delivered = (textId: string) => {
      const delivery = other.notifications.find((n) => n.id === textId)?.delivery;
      return delivery ? [delivery] : undefined;
    };
    return { ...order, notifications: foldReports(order.notifications, delivered) };
  }

  /** False for a version older than one already announced; remembers this one otherwise. */
  function isNewest(order: Order): boolean {
    const last = announced.get(order.id);
    if (last !== undefined && order.version < last) return false;
    announced.delete(order.id);
    announced.set(order.id, order.version);
    if (announced.size > VERSIONS_KEPT) {
      const [oldest] = announced.keys();
      if (oldest !== undefined) announced.delete(oldest);
    }
    return true;
  }
  let nextRound: Promise<void> | undefined;
  let current: Promise<void> = Promise.resolve();
  /** Ends the gathering of the next round, while it waits for texts to share its write. */
  let endGathering: (() => void) | undefined;

  const gathered = () =>
    new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timeout);
        endGathering = undefined;
        resolve();
      };
      // Not unref'd: a process about to exit writes what waits first.
      const timeout = setTimeout(end, TEXTS_GATHER_MS);
      endGathering = end;
    });

  return {
    announceOrder(order, options = {}) {
      if (!isNewest(order)) return current;
      // Texts only if every change waiting for this round was.
      const before = waiting.get(order.id);
      const textsOnly = (options.textsOnly ?? false) && (before?.textsOnly ?? true);
      waiting.set(order.id, { order: withReportsOf(order, before?.order), textsOnly });
      if (!textsOnly) endGathering?.();
      nextRound ??= current.then(async () => {
        if ([...waiting.values()].every((w) => w.textsOnly)) await gathered();
        nextRound = undefined;
        const round = [...waiting.values()];
        waiting.clear();
        return announce(round);
      });
      current = nextRound;
      return nextRound;
    },

    async drained() {
      // What waits for company is written now (the app is closing).
      endGathering?.();
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
          if (userId !== EVERYONE || forEveryone(event)) listener(event);
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
