// Live order events on the run's store: rounds of announcements, one event per order per round,
// never an older state after a newer one.
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Order } from '../../src/server/domain/order.js';
import type { Store } from '../../src/server/ports/store.js';
import { createLiveEvents } from '../../src/server/background/live-events.js';
import { anOrder } from '../support/factories.js';
import { quietLog } from '../support/logs.js';
import { aTestStore } from '../support/test-store.js';

const USER = '0123456789abcdef01234567';

function liveEvents(store: Store, readFresh: boolean) {
  return createLiveEvents({
    store,
    log: quietLog,
    now: () => new Date(),
    present: (order) => ({ id: order.id, status: order.status, version: order.version }),
    readFresh,
  });
}

const payloads = async (store: Store) =>
  (await store.events.since({ after: 0, limit: 100 })).map((event) => event.payload);

describe('live order events', () => {
  it('writes one event per order per round, with the newest state announced for it', async () => {
    const store = await aTestStore();
    const live = liveEvents(store, false);
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
    const live = liveEvents(store, false);
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
    const watched = liveEvents(counted, false);
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

  it('reads each order afresh when other instances may have changed it', async () => {
    const store = await aTestStore();
    const live = liveEvents(store, true);
    const order = await store.orders.add({ order: anOrder(USER) });
    await store.orders.update({ order: { ...order, status: 'ready' }, expectedVersion: 0 });
    // Announced with the state this instance had: the event shows the stored one.
    await live.announceOrder(order);
    expect(await payloads(store)).toEqual([{ id: order.id, status: 'ready', version: 1 }]);
  });
});
