// The notification relay against the run's real store, with a scripted SMS provider and a
// moved clock: docs/security.md's provider-fault rows P1–P5.
import { describe, expect, it } from 'vitest';
import type { Order } from '../../src/server/domain/order.js';
import type { Comms, SmsSent } from '../../src/server/ports/comms.js';
import type { Store } from '../../src/server/ports/store.js';
import { createRelay, type RelayDeps } from '../../src/server/background/relay.js';
import { RELAY_POLICY, retryDelayMs } from '../../src/server/background/relay-policy.js';
import { aConfirmationText, anOrder } from '../support/factories.js';
import { recordingLog } from '../support/logs.js';
import { strictFake } from '../support/strict-fake.js';
import { aTestStore } from '../support/test-store.js';
import { aClock as aTestClock } from '../support/clock.js';

const T0 = new Date('2026-11-28T12:00:00.000Z');

/** An SMS provider that answers from a script, one answer per call, and records what it was sent. */
function scriptedSms(answers: (SmsSent | (() => Promise<SmsSent>))[]) {
  const sent: { to: string; text: string; reference: string | undefined }[] = [];
  const comms = strictFake<Comms>({
    sms: {
      send: async ({ to, text, reference }) => {
        sent.push({ to, text, reference });
        const next = answers.length > 1 ? answers.shift() : answers[0];
        if (!next) throw new Error('no scripted answer');
        return typeof next === 'function' ? next() : next;
      },
    },
  });
  return { comms, sent };
}

async function anOrderWithText(store: Store): Promise<Order> {
  return store.orders.add({
    order: anOrder('0123456789abcdef01234567', {
      orderTime: T0,
      notifications: [aConfirmationText(T0)],
      outboxDueAt: T0,
    }),
  });
}

const aClock = (start = T0) => aTestClock(start.getTime());

/** A relay on the test's clock, for the provider's pace too. */
function aRelayOn(
  clock: ReturnType<typeof aClock>,
  deps: Pick<RelayDeps, 'store' | 'comms'> & Partial<RelayDeps>,
) {
  return createRelay({
    log: recordingLog().log,
    now: clock.now,
    paceClock: () => clock.now().getTime(),
    onOrderChanged: () => undefined,
    ...deps,
  });
}

const notificationOf = async (store: Store, id: string) => (await store.orders.get({ id }))?.notifications[0];
const down = { outcome: 'unavailable', reason: 'http_503' } as const;
const accepted = { outcome: 'accepted', messageId: 'aaaaaaaa-0000-4000-8000-000000000001' } as const;

describe('notification relay', () => {
  it('sends a due text once, with its order reference, and records the provider id', async () => {
    const store = await aTestStore();
    const order = await anOrderWithText(store);
    const { comms, sent } = scriptedSms([accepted]);
    const clock = aClock();
    const changed: Order[] = [];
    const relay = createRelay({
      store,
      comms,
      log: recordingLog().log,
      now: clock.now,
      onOrderChanged: (o) => changed.push(o),
    });
    expect(await relay.runOnce()).toBe(1);
    expect(sent).toEqual([
      {
        to: '+15556661234',
        text: 'Von Appétit: order #101 received, total $13.93',
        reference: `${order.id}-n1`,
      },
    ]);
    expect(await notificationOf(store, order.id)).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerMessageId: accepted.messageId,
      sentAt: T0,
    });
    expect((await store.orders.get({ id: order.id }))?.outboxDueAt).toBeNull();
    expect(changed).toHaveLength(1);
    expect(await relay.runOnce()).toBe(0);
    expect(sent).toHaveLength(1);
  });

  it('retries an outage with growing, jittered delays and sends once the provider recovers (P1)', async () => {
    const store = await aTestStore();
    const order = await anOrderWithText(store);
    const { comms, sent } = scriptedSms([down, down, down, accepted]);
    const clock = aClock();
    const relay = aRelayOn(clock, { store, comms, random: () => 1 });
    const delays: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      await relay.runOnce();
      const n = await notificationOf(store, order.id);
      expect(n).toMatchObject({ status: 'pending', attempts: round + 1 });
      const wait = (n?.nextAttemptAt?.getTime() ?? 0) - clock.now().getTime();
      delays.push(wait);
      // Not due yet: nothing is sent before the delay is over.
      expect(await relay.runOnce()).toBe(0);
      clock.advance(wait);
    }
    expect(delays).toEqual([2000, 4000, 8000]);
    expect((await notificationOf(store, order.id))?.lastError).toBe('http_503');
    await relay.runOnce();
    expect(await notificationOf(store, order.id)).toMatchObject({
      status: 'sent',
      attempts: 4,
      lastError: null,
    });
    expect(sent).toHaveLength(4);
  });

  it("keeps under the provider's pace: a backlog goes out at most sendsPerSecond a second", async () => {
    const store = await aTestStore();
    await Promise.all(Array.from({ length: 7 }, () => anOrderWithText(store)));
    const { comms, sent } = scriptedSms([accepted]);
    const clock = aClock();
    const relay = aRelayOn(clock, { store, comms, sendsPerSecond: 3 });
    // The relay's second is a little longer than the provider's: texts reach it a little late.
    const second = 1000 + RELAY_POLICY.paceMarginMs;
    expect(await relay.runOnce()).toBe(3);
    // The second is not over: nothing more goes out, however often the relay looks.
    clock.advance(second - 1);
    expect(await relay.runOnce()).toBe(0);
    clock.advance(1);
    expect(await relay.runOnce()).toBe(3);
    clock.advance(second);
    expect(await relay.runOnce()).toBe(1);
    expect(sent).toHaveLength(7);
    expect(new Set(sent.map((s) => s.reference)).size).toBe(7);
  });

  it('asks for the next batch while the pace holds sends back, not once it lets them go', async () => {
    const store = await aTestStore();
    const batch = RELAY_POLICY.batch;
    await Promise.all(Array.from({ length: batch + 1 }, () => anOrderWithText(store)));
    let lastOfBatchAt = 0;
    const { comms, sent } = scriptedSms([
      () => {
        if (sent.length === batch) lastOfBatchAt = performance.now();
        return Promise.resolve(accepted);
      },
    ]);
    // The pace's clock stands still: after a full batch, the provider's second never ends.
    const paceClock = () => 0;
    const sentAtQuery: number[] = [];
    let secondQueryAfterMs = Infinity;
    const queried = new Promise<void>((resolve) => {
      const list = store.orders.listWithDueNotifications;
      store.orders.listWithDueNotifications = (args) => {
        sentAtQuery.push(sent.length);
        if (sentAtQuery.length === 2) {
          secondQueryAfterMs = performance.now() - lastOfBatchAt;
          resolve();
        }
        return list(args);
      };
    });
    const relay = aRelayOn(aClock(), { store, comms, sendsPerSecond: batch, paceClock });
    relay.start();
    try {
      await queried;
      // The second query came after the whole first batch, the next text still held back, and
      // without waiting out the provider's second (its timer alone would take 1.05 s).
      expect(sentAtQuery).toEqual([0, batch]);
      expect(sent).toHaveLength(batch);
      expect(secondQueryAfterMs).toBeLessThan(1000);
    } finally {
      await relay.stop();
    }
  });

  it('has a few texts on their way at once, never more than sendsAtOnce, each sent once', async () => {
    const store = await aTestStore();
    await Promise.all(Array.from({ length: 10 }, () => anOrderWithText(store)));
    let inFlight = 0;
    let most = 0;
    const slowly = async (): Promise<SmsSent> => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight -= 1;
      return accepted;
    };
    const { comms, sent } = scriptedSms([slowly]);
    const relay = aRelayOn(aClock(), { store, comms, sendsAtOnce: 4 });
    expect(await relay.runOnce()).toBe(10);
    expect(most).toBe(4);
    expect(new Set(sent.map((s) => s.reference)).size).toBe(10);
  });

  it('sends nothing for a second after the provider answers 429, then goes on, the 429 not counted as an attempt', async () => {
    const store = await aTestStore();
    const orders = await Promise.all(Array.from({ length: 3 }, () => anOrderWithText(store)));
    const { comms, sent } = scriptedSms([{ outcome: 'throttled' }, accepted]);
    const clock = aClock();
    // One text at a time, so that the 429 comes back before the next one would leave.
    const relay = aRelayOn(clock, { store, comms, sendsAtOnce: 1 });
    // The first text is throttled: the round stops there instead of knocking on with the others.
    expect(await relay.runOnce()).toBe(1);
    expect(sent).toHaveLength(1);
    clock.advance(RELAY_POLICY.throttledPauseMs - 1);
    expect(await relay.runOnce()).toBe(0);
    clock.advance(1);
    // The two the round had left go now, then the throttled one, again.
    expect(await relay.runOnce()).toBe(2);
    expect(await relay.runOnce()).toBe(1);
    expect(sent).toHaveLength(4);
    const texts = await Promise.all(orders.map((order) => notificationOf(store, order.id)));
    expect(texts.map((text) => [text?.status, text?.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
      ['sent', 1],
    ]);
  });

  it('spreads retries with jitter between half and all of the exponential delay, capped at 5 minutes', () => {
    expect(retryDelayMs(1, () => 0)).toBe(1000);
    expect(retryDelayMs(1, () => 1)).toBe(2000);
    expect(retryDelayMs(4, () => 0.5)).toBe(12_000);
    expect(retryDelayMs(30, () => 1)).toBe(RELAY_POLICY.maxRetrySeconds * 1000);
  });

  it('fails a text the provider refuses for good, without retrying, and raises an alert (P2)', async () => {
    const store = await aTestStore();
    const order = await anOrderWithText(store);
    const { comms, sent } = scriptedSms([{ outcome: 'rejected', reason: 'invalid_number' }]);
    const { log, lines } = recordingLog();
    const clock = aClock();
    const relay = createRelay({ store, comms, log, now: clock.now, onOrderChanged: () => undefined });
    await relay.runOnce();
    clock.advance(3_600_000);
    await relay.runOnce();
    expect(sent).toHaveLength(1);
    expect(await notificationOf(store, order.id)).toMatchObject({
      status: 'failed',
      lastError: 'rejected: invalid_number',
    });
    expect((await store.orders.get({ id: order.id }))?.status).toBe('received');
    expect(lines.some((l) => l.level === 'error' && l.message.startsWith('ALERT'))).toBe(true);
  });

  it('sends again, once, a text whose relay died after the provider took it (P3)', async () => {
    const store = await aTestStore();
    const order = await anOrderWithText(store);
    const clock = aClock();
    // The first relay "dies" inside the provider call: its send never returns.
    const dying = scriptedSms([() => new Promise<SmsSent>(() => undefined)]);
    const first = createRelay({
      store,
      comms: dying.comms,
      log: recordingLog().log,
      now: clock.now,
      onOrderChanged: () => undefined,
    });
    void first.runOnce();
    await expect.poll(() => dying.sent.length).toBe(1);
    await expect.poll(async () => (await notificationOf(store, order.id))?.status).toBe('sending');
    const second = scriptedSms([accepted]);
    const other = createRelay({
      store,
      comms: second.comms,
      log: recordingLog().log,
      now: clock.now,
      onOrderChanged: () => undefined,
    });
    // While the lease holds, nobody else sends it…
    expect(await other.runOnce()).toBe(0);
    // …once it runs out, another relay does, exactly once.
    clock.advance(RELAY_POLICY.leaseSeconds * 1000 + 1);
    expect(await other.runOnce()).toBe(1);
    expect(await other.runOnce()).toBe(0);
    expect(second.sent).toHaveLength(1);
    expect(await notificationOf(store, order.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('lets exactly one of two relays send a row they both see due (P4)', async () => {
    const store = await aTestStore();
    const orders = await Promise.all(Array.from({ length: 5 }, () => anOrderWithText(store)));
    const clock = aClock();
    const a = scriptedSms([accepted]);
    const b = scriptedSms([accepted]);
    const relays = [a, b].map(({ comms }) =>
      createRelay({ store, comms, log: recordingLog().log, now: clock.now, onOrderChanged: () => undefined }),
    );
    await Promise.all(relays.map((relay) => relay.runOnce()));
    expect(a.sent.length + b.sent.length).toBe(5);
    const references = [...a.sent, ...b.sent].map((s) => s.reference);
    expect(new Set(references).size).toBe(5);
    for (const order of orders) expect((await notificationOf(store, order.id))?.status).toBe('sent');
  });

  it('dead-letters a text after the last attempt, with an alert, and stops trying (P5)', async () => {
    const store = await aTestStore();
    const order = await anOrderWithText(store);
    const { comms, sent } = scriptedSms([down]);
    const { log, lines } = recordingLog();
    const clock = aClock();
    const relay = createRelay({ store, comms, log, now: clock.now, onOrderChanged: () => undefined });
    for (let i = 0; i < RELAY_POLICY.maxAttempts + 3; i += 1) {
      await relay.runOnce();
      clock.advance(RELAY_POLICY.maxRetrySeconds * 1000);
    }
    expect(sent).toHaveLength(RELAY_POLICY.maxAttempts);
    expect(await notificationOf(store, order.id)).toMatchObject({
      status: 'dead',
      attempts: RELAY_POLICY.maxAttempts,
    });
    expect((await store.orders.get({ id: order.id }))?.outboxDueAt).toBeNull();
    expect(lines.filter((l) => l.message.startsWith('ALERT: text message dead-lettered'))).toHaveLength(1);
  });
});
