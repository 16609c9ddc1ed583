// The notification relay (REL-02): sends the text messages orders owe their customers. Each
// instance runs one; a notification is claimed with a compare-and-set on the order's version
// and a lease, so two relays never send the same row in the normal path, and a relay that dies
// mid-send leaves a lease that expires and the row is sent again (at least once; the
// duplicate window is the lease). Failures retry with exponential backoff and jitter; a
// refusal that cannot succeed fails at once; too many attempts dead-letter the row.
import { outboxDueAt, type DeliveryStatus, type Notification, type Order } from '../domain/order.js';
import type { Comms } from '../ports/comms.js';
import type { Log } from '../ports/log.js';
import type { Store } from '../ports/store.js';

export const RELAY_POLICY = {
  /** A claimed row is someone's for this long; after it, another relay may send it again. */
  leaseSeconds: 30,
  maxAttempts: 12,
  firstRetrySeconds: 2,
  maxRetrySeconds: 300,
  /** How often the relay looks for work when nobody nudges it. */
  pollMs: 1000,
  batch: 20,
} as const;

/** Exponential backoff with "equal jitter": between half and all of 2^(n-1) × first, capped. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RELAY_POLICY.maxRetrySeconds, RELAY_POLICY.firstRetrySeconds * 2 ** (attempts - 1)) * 1000;
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface Relay {
  /** Sends everything due now, once; resolves how many sends were attempted. */
  runOnce(): Promise<number>;
  /** Starts polling; `nudge` makes it look at once (a new order). */
  start(): void;
  nudge(): void;
  /** Stops after the current item. */
  stop(): Promise<void>;
  /** Records a delivery status from the webhook; `false` when no notification matches. */
  recordDelivery(args: { reference: string | undefined; messageId: string; status: DeliveryStatus }): Promise<boolean>;
}

export interface RelayDeps {
  store: Store;
  comms: Comms;
  log: Log;
  now: () => Date;
  random?: () => number;
  onOrderChanged: (order: Order) => void;
}

/** `client_ref` of a text: which order and which of its notifications. */
const referenceOf = (order: Order, notification: Notification) => `${order.id}-${notification.id}`;

/** Re-reads and re-applies `change` until the compare-and-set wins (or there is nothing to do). */
export async function changeOrder(
  store: Store,
  id: string,
  change: (order: Order) => Order | null,
): Promise<Order | null> {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const current = await store.orders.get({ id });
    if (!current) return null;
    const next = change(current);
    if (!next) return null;
    if (await store.orders.update({ order: next, expectedVersion: current.version })) {
      return { ...next, version: current.version + 1 };
    }
  }
  throw new Error(`order ${id} kept changing under us`);
}

function withNotification(order: Order, id: string, patch: Partial<Notification>, at: Date): Order {
  const notifications = order.notifications.map((n) => (n.id === id ? { ...n, ...patch } : n));
  return { ...order, notifications, outboxDueAt: outboxDueAt(notifications), lastUpdated: at };
}

const DELIVERY_RANK: Record<DeliveryStatus, number> = { submitted: 1, rejected: 2, undeliverable: 2, delivered: 3, read: 4 };

export function createRelay(deps: RelayDeps): Relay {
  const { store, comms, log, now } = deps;
  const random = deps.random ?? Math.random;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;
  let stopping = false;
  let again = false;

  function isDue(n: Notification, at: Date): boolean {
    if (n.status !== 'pending' && n.status !== 'sending') return false;
    return n.nextAttemptAt !== null && n.nextAttemptAt <= at;
  }

  async function sendOne(order: Order, notification: Notification): Promise<void> {
    const claimedAt = now();
    const lease = new Date(claimedAt.getTime() + RELAY_POLICY.leaseSeconds * 1000);
    const attempts = notification.attempts + 1;
    const claimed = await store.orders.update({
      order: withNotification(order, notification.id, { status: 'sending', attempts, nextAttemptAt: lease }, claimedAt),
      expectedVersion: order.version,
    });
    if (!claimed) return; // another relay (or a status change) got there first; next round re-reads
    const sent = await comms.sms.send({ to: notification.to, text: notification.text, reference: referenceOf(order, notification) });
    const at = now();
    let patch: Partial<Notification>;
    switch (sent.outcome) {
      case 'accepted':
        patch = { status: 'sent', nextAttemptAt: null, providerMessageId: sent.messageId, sentAt: at, lastError: null };
        break;
      case 'rejected':
        log.error({ orderId: order.id, reason: sent.reason }, 'ALERT: text message refused for good: not retried');
        patch = { status: 'failed', nextAttemptAt: null, lastError: `rejected: ${sent.reason}` };
        break;
      case 'throttled':
      case 'unavailable': {
        const reason = sent.outcome === 'throttled' ? 'throttled' : sent.reason;
        if (attempts >= RELAY_POLICY.maxAttempts) {
          log.error({ orderId: order.id, attempts, reason }, 'ALERT: text message dead-lettered after every retry');
          patch = { status: 'dead', nextAttemptAt: null, lastError: reason };
        } else {
          const retryAt = new Date(at.getTime() + retryDelayMs(attempts, random));
          log.warn({ orderId: order.id, attempts, reason, retryAt }, 'text message not sent: will retry');
          patch = { status: 'pending', nextAttemptAt: retryAt, lastError: reason };
        }
        break;
      }
    }
    const changed = await changeOrder(store, order.id, (current) => {
      const mine = current.notifications.find((n) => n.id === notification.id);
      // Only our claim is ours to settle: a relay that took over after our lease ended owns it now.
      if (mine?.status !== 'sending' || mine.attempts !== attempts) return null;
      return withNotification(current, notification.id, patch, at);
    });
    if (changed) deps.onOrderChanged(changed);
  }

  async function runOnce(): Promise<number> {
    const at = now();
    const orders = await store.orders.listWithDueNotifications({ at, limit: RELAY_POLICY.batch });
    let attempted = 0;
    for (const order of orders) {
      let current: Order | null = order;
      for (const notification of order.notifications.filter((n) => isDue(n, at))) {
        if (stopping || !current) break;
        await sendOne(current, notification);
        attempted += 1;
        current = await store.orders.get({ id: order.id });
      }
    }
    return attempted;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
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
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule(0);
        } else schedule(RELAY_POLICY.pollMs);
      });
  }

  return {
    runOnce: () => runOnce(),
    start() {
      stopped = false;
      schedule(0);
    },
    nudge() {
      if (!stopped) schedule(0);
    },
    async stop() {
      stopped = true;
      stopping = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
    async recordDelivery({ reference, messageId, status }) {
      const match = reference === undefined ? null : /^([0-9a-f]{24})-(n\d+)$/.exec(reference);
      if (!match?.[1] || !match[2]) return false;
      const notificationId = match[2];
      let known = false;
      const changed = await changeOrder(store, match[1], (order) => {
        // Matched by our reference: the status may arrive before the relay has stored the id.
        const n = order.notifications.find((x) => x.id === notificationId);
        if (!n) return null;
        known = true;
        // Repeats and late, lesser statuses change nothing (Vonage retries and reorders).
        if (n.delivery !== null && DELIVERY_RANK[n.delivery] >= DELIVERY_RANK[status]) return null;
        return withNotification(order, notificationId, { delivery: status, providerMessageId: n.providerMessageId ?? messageId }, now());
      });
      if (changed) deps.onOrderChanged(changed);
      return known;
    },
  };
}
