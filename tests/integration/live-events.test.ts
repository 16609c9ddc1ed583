// Live order events on the run's store: rounds of announcements, one event per order per round,
// never an older state after a newer one; this instance's streams hear at once, others by polling.
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Order } from '../../src/server/domain/order.js';
import type { Store } from '../../src/server/ports/store.js';
import { createLiveEvents } from '../../src/server/background/live-events.js';
import { aConfirmationText, anOrder } from '../support/factories.js';
import { quietLog } from '../support/logs.js';
import { aTestStore } from '../support/test-store.js';

const USER = '0123456789abcdef01234567';

function liveEvents(store: Store, pollMs = 250) {
  const live = createLiveEvents({
    store,
    log: quietLog,
    now: () => new Date(),
    present: (order) => ({ id: order.id, status: order.status, version: order.version }),
    pollMs,
  });
  onTestFinished(() => {
    live.stop();
  });
  return live;
}

/** Everything `live` hands to a kitchen stream, as "<id> <status>". */
async function kitchenStream(live: ReturnType<typeof liveEvents>): Promise<string[]> {
  const heard: string[] = [];
  await live.subscribe({
    userId: '*',
    lastSeq: undefined,
    listener: (event) => heard.push(`${String(event.payload.id)} ${String(event.payload.status)}`),
  });
  return heard;
}

const payloads = async (store: Store) =>
  (await store.events.since({ after: 0, limit: 100 })).map((event) => event.payload);

describe('live order events', () => {
  it('writes one event per order per round, with the newest state announced for it', async () => {
    const store = await aTestStore();
    const live = liveEvents(store);
    const first = await store.orders.add({ order: anOrder(USER) });
    const second = await store.orders.add({ order: anOrder(USER) });
    const preparing: Order = { ...first, status: 'preparing', version: 1 };
    void live.announceOrder(first);
    void live.announceOrder(second);
    void live.announceOrder(preparing);
    // An older state announced late does not replace the newer one waiting.
    void live.announceOrder(first);
    await live.drained();
    expect(await payloads(store)).toEqual([
      { id: first.id, status: 'preparing', version: 1 },
      { id: second.id, status: 'received', version: 0 },
    ]);
  });

  it('starts streams that open together from one read of the newest event, each then hearing every event once', async () => {
    const store = await aTestStore();
    const before = await store.orders.add({ order: anOrder(USER) });
    const live = liveEvents(store);
    await live.announceOrder(before);
    let reads = 0;
    let failNext = true;
    const counted: Store = {
      ...store,
      events: {
        ...store.events,
        latestSeq: () => {
          reads += 1;
          if (failNext) {
            failNext = false;
            return Promise.reject(new Error('the store is busy'));
          }
          return store.events.latestSeq();
        },
      },
    };
    const watched = liveEvents(counted);
    onTestFinished(() => {
      watched.stop();
    });
    const heard: string[][] = [[], [], [], [], []];
    const subscribeAll = () =>
      Promise.allSettled(
        heard.map((events) =>
          watched.subscribe({
            userId: '*',
            lastSeq: undefined,
            listener: (e) => events.push(String(e.payload.id)),
          }),
        ),
      );
    // The one read fails: every stream waiting on it is refused, none half-started…
    expect((await subscribeAll()).map((r) => r.status)).toEqual(Array(5).fill('rejected'));
    expect(reads).toBe(1);
    // …and the next ones read again, once for all of them.
    expect((await subscribeAll()).map((r) => r.status)).toEqual(Array(5).fill('fulfilled'));
    expect(reads).toBe(2);
    const next = await store.orders.add({ order: anOrder(USER) });
    await watched.announceOrder(next);
    await expect
      .poll(() => heard.map((events) => events.length), { timeout: 3000 })
      .toEqual(Array(5).fill(1));
    expect(heard).toEqual(Array(5).fill([next.id]));
  });

  it('never announces an older state after a newer one, even a round later', async () => {
    const store = await aTestStore();
    const live = liveEvents(store);
    const order = await store.orders.add({ order: anOrder(USER) });
    await live.announceOrder({ ...order, status: 'ready', version: 2 });
    await live.announceOrder({ ...order, status: 'preparing', version: 1 });
    // The same version again is announced: a delivery report changes an order, not its version.
    await live.announceOrder({ ...order, status: 'ready', version: 2 });
    expect(await payloads(store)).toEqual([
      { id: order.id, status: 'ready', version: 2 },
      { id: order.id, status: 'ready', version: 2 },
    ]);
  });

  it("hands an event written here to this instance's streams at once, and only once", async () => {
    const store = await aTestStore();
    // Polls far apart: what the stream hears before the first poll came without one.
    const slow = liveEvents(store, 60_000);
    const heard = await kitchenStream(slow);
    const order = await store.orders.add({ order: anOrder(USER) });
    await slow.announceOrder(order);
    expect(heard).toEqual([`${order.id} received`]);
    // Polls close together find the same event in the store and do not hand it over again.
    const quick = liveEvents(store, 20);
    const heardQuick = await kitchenStream(quick);
    const next = { ...order, status: 'preparing' as const, version: 1 };
    await quick.announceOrder(next);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heardQuick).toEqual([`${order.id} preparing`]);
  });

  it("hears another instance's events through the store within a poll", async () => {
    const store = await aTestStore();
    const here = liveEvents(store, 50);
    const there = liveEvents(store, 50);
    const heardHere = await kitchenStream(here);
    const heardThere = await kitchenStream(there);
    const orders = await Promise.all([1, 2, 3].map(() => store.orders.add({ order: anOrder(USER) })));
    await Promise.all(orders.map((order) => there.announceOrder(order)));
    const expected = orders.map((order) => `${order.id} received`).sort();
    await expect.poll(() => [...heardHere].sort(), { timeout: 3000 }).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([...heardHere].sort()).toEqual(expected);
    expect([...heardThere].sort()).toEqual(expected);
  });
});

describe('text-only changes', () => {
  it("reach the owner's streams but not the kitchen's, live, through another instance, or replayed", async () => {
    const store = await aTestStore();
    const here = liveEvents(store, 50);
    const there = liveEvents(store, 50);
    const kitchen = await kitchenStream(here);
    const owner: string[] = [];
    await here.subscribe({
      userId: USER,
      lastSeq: undefined,
      listener: (event) => owner.push(`${String(event.payload.status)} ${event.topic}`),
    });
    const order = await store.orders.add({ order: anOrder(USER) });
    await here.announceOrder(order);
    // The confirmation is sent (here), then the kitchen moves it (there): one each.
    await here.announceOrder({ ...order, version: 1 }, { textsOnly: true });
    await there.announceOrder({ ...order, status: 'preparing', version: 2 });
    await expect
      .poll(() => owner, { timeout: 3000 })
      .toEqual(['received order', 'received texts', 'preparing order']);
    expect(kitchen).toEqual([`${order.id} received`, `${order.id} preparing`]);
    // A kitchen stream reconnecting from the start is not replayed the texts either.
    const replayed: string[] = [];
    await there.subscribe({
      userId: '*',
      lastSeq: 0,
      listener: (event) => replayed.push(String(event.payload.status)),
    });
    expect(replayed).toEqual(['received', 'preparing']);
  });

  it('count as a change of the order when another change of it waits for the same round', async () => {
    const store = await aTestStore();
    const live = liveEvents(store);
    const order = await store.orders.add({ order: anOrder(USER) });
    void live.announceOrder(order);
    void live.announceOrder({ ...order, status: 'preparing', version: 1 });
    void live.announceOrder({ ...order, status: 'preparing', version: 2 }, { textsOnly: true });
    await live.drained();
    // One round, one event: the newest state, for everyone, since the status changed in it.
    const events = await store.events.since({ after: 0, limit: 10 });
    expect(events.map((event) => `${String(event.payload.version)} ${event.topic}`)).toEqual(['2 order']);
  });
});

describe('delivery reports in a round', () => {
  it("keep a report that came just after a writer's answer of the same version", async () => {
    const store = await aTestStore();
    const live = createLiveEvents({
      store,
      log: quietLog,
      now: () => new Date(),
      present: (order) => ({ version: order.version, delivery: order.notifications[0]?.delivery ?? null }),
      pollMs: 250,
    });
    onTestFinished(() => {
      live.stop();
    });
    const order = await store.orders.add({
      order: anOrder(USER, { notifications: [aConfirmationText(new Date())] }),
    });
    const sent = { ...order, version: 1 };
    const delivered = {
      ...sent,
      notifications: sent.notifications.map((n) => ({ ...n, delivery: 'delivered' as const })),
    };
    // The report's announcement is queued first; the relay's answer, without it, second.
    void live.announceOrder(delivered, { textsOnly: true });
    void live.announceOrder(sent, { textsOnly: true });
    await live.drained();
    expect(await payloads(store)).toEqual([{ version: 1, delivery: 'delivered' }]);
  });
});

describe('rounds of announcements', () => {
  it('write a whole round as one append, numbered in the order announced', async () => {
    const store = await aTestStore();
    const live = liveEvents(store);
    const orders = await Promise.all(
      Array.from({ length: 5 }, () => store.orders.add({ order: anOrder(USER) })),
    );
    const appends: number[] = [];
    const append = store.events.append;
    store.events.append = (args) => {
      appends.push(args.events.length);
      return append(args);
    };
    for (const order of orders) void live.announceOrder(order);
    await live.drained();
    expect(appends).toEqual([5]);
    expect((await payloads(store)).map((p) => p.id)).toEqual(orders.map((o) => o.id));
  });

  it('let text-only changes wait a moment to share one write, and an order change end the wait', async () => {
    const store = await aTestStore();
    const live = liveEvents(store);
    const [a, b, c] = await Promise.all(
      Array.from({ length: 3 }, () => store.orders.add({ order: anOrder(USER) })),
    );
    if (!a || !b || !c) throw new Error('orders not stored');
    const appends: string[][] = [];
    /** Whether each append began before a moment shorter than the texts' wait had passed. */
    const beganEarly: boolean[] = [];
    let moment = { passed: false };
    const startMoment = () => {
      const started = { passed: false };
      setTimeout(() => (started.passed = true), 200);
      moment = started;
    };
    const append = store.events.append;
    store.events.append = (args) => {
      beganEarly.push(!moment.passed);
      const names = new Map([
        [a.id, 'a'],
        [b.id, 'b'],
        [c.id, 'c'],
      ]);
      appends.push(args.events.map((e) => `${e.topic} ${names.get(String(e.payload.id)) ?? '?'}`));
      return append(args);
    };
    // Two texts sent a moment apart: one write for both, after the wait.
    startMoment();
    void live.announceOrder({ ...a, version: 1 }, { textsOnly: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    void live.announceOrder({ ...b, version: 1 }, { textsOnly: true });
    await expect.poll(() => appends.length).toBe(1);
    await live.drained();
    expect(appends).toEqual([['texts a', 'texts b']]);
    // A text waiting when the kitchen moves an order: written with it, the wait ended.
    startMoment();
    void live.announceOrder({ ...a, version: 2 }, { textsOnly: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    void live.announceOrder({ ...c, status: 'preparing', version: 1 });
    await live.drained();
    expect(appends[1]).toEqual(['texts a', 'order c']);
    // A text waiting when the app closes: written without the wait.
    startMoment();
    void live.announceOrder({ ...b, version: 2 }, { textsOnly: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await live.drained();
    expect(appends[2]).toEqual(['texts b']);
    expect(beganEarly).toEqual([false, true, true]);
  });
});
