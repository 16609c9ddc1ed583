// The notification relay (REL-02): sends the text messages orders owe their customers. Each
// instance runs one. A send is claimed by marking it `sending` with a lease, a compare-and-set
// on the order's version (exactly one relay wins it on any store; one command when nobody else
// wrote the order since the relay read it). A relay that dies mid-send leaves a lease that runs
// out, and the row is sent again (at least once; the duplicate window is the lease). Texts go
// out a few at once, at the provider's pace; a 429 pauses the relay. Failures retry with
// exponential backoff and jitter; a refusal that cannot succeed fails at once; too many
// attempts dead-letter the row. Every decision is logged, the alerts with `ALERT:`.
import {
  NOTIFICATION_ID_PATTERN,
  outboxDueAt,
  type DeliveryStatus,
  type Notification,
  type Order,
} from '../domain/order.js';
import { inAllowedCountry } from '../domain/phone.js';
import type { Comms, SmsSent } from '../ports/comms.js';
import type { Log } from '../ports/log.js';
import type { Store } from '../ports/store.js';
import type { TextBudget } from '../services/text-budget.js';
import { updateOrder } from '../services/order-updates.js';
import { withPrivateLink } from '../services/private-links.js';
import { createPace } from './relay-pace.js';
import { outcomeOf, RELAY_POLICY } from './relay-policy.js';
import { DOCUMENT_ID_PATTERN } from '../../contract/ids.js';

export interface Relay {
  /** Sends everything due now, once; resolves how many sends were attempted. */
  runOnce(): Promise<number>;
  /** Starts polling; `nudge` makes it look at once (a new order). */
  start(): void;
  nudge(): void;
  /** Stops after the current item. */
  stop(): Promise<void>;
  /** Records a delivery report from the webhook; `false` when no text of ours matches it. */
  recordDelivery(args: {
    reference: string | undefined;
    messageId: string;
    status: DeliveryStatus;
  }): Promise<boolean>;
}

export interface RelayDeps {
  store: Store;
  comms: Comms;
  log: Log;
  now: () => Date;
  random?: () => number;
  onOrderChanged: (order: Order) => void;
  /** The provider's pace (default `RELAY_POLICY.sendsPerSecond`). */
  sendsPerSecond?: number;
  /** Texts on their way at once (default `RELAY_POLICY.sendsAtOnce`). */
  sendsAtOnce?: number;
  /** Milliseconds on the clock the provider counts its seconds by (default: the monotonic one). */
  paceClock?: () => number;
  /** The restaurant's ceiling on notifications (H5); without it (some tests), none. */
  budget?: Pick<TextBudget, 'sendNotification'>;
  /** Countries texts may go to (ISO codes; empty: any). A text to any other fails unsent. */
  allowedCountries?: readonly string[];
}

/** `client_ref` of a text: which order and which of its notifications. */
const REFERENCE = new RegExp(`^(${DOCUMENT_ID_PATTERN})-(${NOTIFICATION_ID_PATTERN})$`);
const referenceOf = (order: Order, notification: Notification) => `${order.id}-${notification.id}`;

function withNotification(order: Order, id: string, patch: Partial<Notification>, at: Date): Order {
  const notifications = order.notifications.map((n) => (n.id === id ? { ...n, ...patch } : n));
  return { ...order, notifications, outboxDueAt: outboxDueAt(notifications), lastUpdated: at };
}

function isDue(n: Notification, at: Date): boolean {
  if (n.status !== 'pending' && n.status !== 'sending') return false;
  return n.nextAttemptAt !== null && n.nextAttemptAt <= at;
}

export function createRelay(deps: RelayDeps): Relay {
  const { store, comms, log, now } = deps;
  const random = deps.random ?? Math.random;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let started = false;
  let stopping = false;
  let again = false;
  const pace = createPace({
    sendsPerSecond: deps.sendsPerSecond ?? RELAY_POLICY.sendsPerSecond,
    secondMs: 1000 + RELAY_POLICY.paceMarginMs,
    clock: deps.paceClock ?? (() => performance.now()),
  });
  /** Set when a round stopped to keep the provider's pace: there is more to send. */
  let held = false;
  /** Until when (on `now`) the restaurant's ceiling on notifications is spent. */
  let spentUntil = 0;
  /** Texts a round found due and left for the next (the pace was full): sent before new ones. */
  let backlog: { order: Order; notification: Notification }[] = [];
  /** The backlog was a full batch: there may be more behind it, asked for as soon as it is sent. */
  let backlogFromFullBatch = false;

  /** What sending would do now: a text to a country we do not text is refused without a try. */
  async function deliver(order: Order, notification: Notification, reference: string): Promise<SmsSent> {
    if (!inAllowedCountry(notification.to, deps.allowedCountries ?? [])) {
      return { outcome: 'rejected', reason: 'destination country not allowed' };
    }
    // A guest's private link gets its secret now: it is never stored, only its digest.
    const text = await withPrivateLink(store, order, notification.text);
    return comms.sms.send({ to: notification.to, text, reference });
  }

  /**
   * Claims the text (marks it `sending` with a lease, starting from the order as the round read
   * it), sends it and records what the provider said. `null` when another relay (or an earlier
   * round) has it; else what the provider said.
   */
  async function sendOne(
    order: Order,
    notification: Notification,
    sending: () => void,
  ): Promise<SmsSent['outcome'] | null> {
    const claimedAt = now();
    const lease = new Date(claimedAt.getTime() + RELAY_POLICY.leaseSeconds * 1000);
    const attempts = notification.attempts + 1;
    const marked = await updateOrder(
      store,
      order.id,
      (current) => {
        const mine = current.notifications.find((n) => n.id === notification.id);
        // Due and untried since the round read it: else another relay has it, or had it.
        if (!mine || !isDue(mine, claimedAt) || mine.attempts !== notification.attempts) return null;
        return withNotification(
          current,
          notification.id,
          { status: 'sending', attempts, nextAttemptAt: lease },
          claimedAt,
        );
      },
      order,
    );
    if (!marked) return null;
    sending();
    const sent = await deliver(order, notification, referenceOf(order, notification));
    const at = now();
    const patch = outcomeOf(sent, { orderId: order.id, attempts, at, random, log });
    const changed = await updateOrder(
      store,
      order.id,
      (current) => {
        const mine = current.notifications.find((n) => n.id === notification.id);
        // Only our own claim is ours to settle: after our lease ran out, another relay owns it.
        if (mine?.status !== 'sending' || mine.attempts !== attempts) return null;
        return withNotification(current, notification.id, patch, at);
      },
      marked,
    );
    if (changed) deps.onOrderChanged(changed);
    return sent.outcome;
  }

  /**
   * One round: the orders with due texts, sent a few at once while the provider's pace and the
   * restaurant's budget allow. Stops early (`held`) when the pace is full or a 429 came back.
   */
  async function runOnce(): Promise<number> {
    const at = now();
    if (at.getTime() < spentUntil) return 0;
    // What the last round left (the pace was full) goes first, without asking the store again:
    // each claim checks the text afresh anyway.
    if (backlog.length === 0) {
      const orders = await store.orders.listWithDueNotifications({ at, limit: RELAY_POLICY.batch });
      backlogFromFullBatch = orders.length === RELAY_POLICY.batch;
      backlog = orders.flatMap((order) =>
        order.notifications.filter((n) => isDue(n, at)).map((notification) => ({ order, notification })),
      );
    }
    const due = backlog;
    let attempted = 0;
    /** Set when the round must stop taking texts: the pace, a 429, the budget, or stop(). */
    let halted = false;
    const worker = async () => {
      while (!halted && !stopping) {
        const next = due.shift();
        if (!next) return;
        const slot = pace.take();
        if (!slot) {
          due.unshift(next);
          held = true;
          halted = true;
          return;
        }
        const send = () => sendOne(next.order, next.notification, slot.sending);
        const result = deps.budget ? await deps.budget.sendNotification(send) : { sent: await send() };
        if ('spentUntil' in result) {
          // The texts wait in their orders' outboxes until the ceiling's next window.
          spentUntil = result.spentUntil.getTime();
          due.unshift(next);
          slot.release();
          halted = true;
          return;
        }
        const outcome = result.sent;
        if (outcome === null) slot.release();
        else attempted += 1;
        if (outcome === 'throttled') {
          pace.pause(RELAY_POLICY.throttledPauseMs);
          held = true;
          halted = true;
        }
      }
    };
    const workers = Math.min(deps.sendsAtOnce ?? RELAY_POLICY.sendsAtOnce, due.length);
    // Every send on its way ends before the round does (stop() waits for the round), even when
    // one of them failed: the round then fails with the first failure.
    const ended = await Promise.allSettled(Array.from({ length: workers }, worker));
    const failed = ended.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    // A full batch that sent something may have more behind it: the next round follows at once.
    // One that sent nothing (every row claimed elsewhere) waits for the next poll.
    held ||= (backlogFromFullBatch && attempted > 0) || due.length > 0;
    return attempted;
  }

  function schedule(delayMs: number): void {
    if (!started || stopping) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delayMs);
    timer.unref();
  }

  function tick(): void {
    if (running) {
      again = true;
      return;
    }
    running = runOnce()
      .catch((error: unknown) => {
        log.warn({ err: error }, 'relay round failed: retrying on the next one');
        // A failing store is tried again at the next poll, not in a tight loop.
        held = false;
        return 0;
      })
      .finally(() => {
        running = undefined;
        // Held back by the provider's pace: on as soon as it allows, not a whole poll later. With
        // nothing left from the last query, the next is asked at once: it runs while the pace
        // holds sends back, not after.
        const nextQueryNow = held && backlog.length === 0;
        schedule(
          nextQueryNow ? 0 : held ? pace.waitMs() : Math.max(pace.waitMs(), again ? 0 : RELAY_POLICY.pollMs),
        );
        held = false;
        again = false;
      });
  }

  return {
    runOnce,
    start() {
      started = true;
      schedule(0);
    },
    nudge() {
      // While the provider's pace holds the relay back, its next round is already timed.
      if (pace.waitMs() === 0) schedule(0);
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await running;
    },
    async recordDelivery({ reference, messageId, status }) {
      const match = reference === undefined ? null : REFERENCE.exec(reference);
      const orderId = match?.[1];
      const notificationId = match?.[2];
      if (orderId === undefined || notificationId === undefined) return false;
      // Matched by our reference: the report may arrive before the relay has stored the id.
      const report = { orderId, notificationId, messageId, status, at: now() };
      const result = await store.deliveries.record({ report });
      // A repeat of the same report records nothing and announces nothing (Vonage retries).
      if (!result.recorded) return result.why === 'repeat';
      deps.onOrderChanged(result.order);
      return true;
    },
  };
}
