// Support calls nobody answered are closed by housekeeping: off the kitchen board, "not
// answered" in the customer's history, and a joined call ends with its tokens' lifetime.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config/config.js';
import type { Order } from '../../src/server/domain/order.js';
import type { Comms } from '../../src/server/ports/comms.js';
import type { Store } from '../../src/server/ports/store.js';
import { createCallSignals } from '../../src/server/services/call-signals.js';
import { createLimiter } from '../../src/server/services/limiter.js';
import { createSupportCalls } from '../../src/server/services/support-calls.js';
import { aCustomer, anOrder } from '../support/factories.js';
import { quietLog } from '../support/logs.js';
import { strictFake } from '../support/strict-fake.js';
import { createTestDatabase, openTestStore, type TestDatabase } from '../support/test-store.js';

const T0 = new Date('2026-11-28T12:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

let database: TestDatabase | undefined;
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  await database?.drop();
});

async function setUp() {
  database = await createTestDatabase();
  const opened = openTestStore(loadConfig({ NODE_ENV: 'test', ...database.env }));
  store = opened;
  await opened.whenReady();
  let clock = T0;
  const changed: Order[] = [];
  const comms = strictFake<Comms>({
    kind: 'sandbox',
    video: {
      applicationId: 'app',
      createSession: () => Promise.resolve({ outcome: 'created', sessionId: '1_session' }),
      mintToken: () => 'token',
    },
  });
  const calls = createSupportCalls({
    store: opened,
    comms,
    limiter: createLimiter(opened, () => clock),
    signals: createCallSignals(),
    log: quietLog,
    now: () => clock,
    restaurantName: 'Von Appétit',
    onOrderChanged: (order) => changed.push(order),
  });
  const customer = await opened.users.add({ user: aCustomer(), at: T0 });
  const order = await opened.orders.add({
    order: anOrder(customer.id, { status: 'completed', orderTime: T0 }),
  });
  return {
    store: opened,
    calls,
    customer,
    order,
    changed,
    setClock: (at: Date) => {
      clock = at;
    },
  };
}

describe('support calls nobody answered', () => {
  it('are closed after 30 minutes, leave the board, and read as not answered', async () => {
    const { store, calls, customer, order, changed, setClock } = await setUp();
    await calls.requestVideo({ user: customer, orderId: order.id });
    expect((await store.orders.listActive({ limit: 10 })).map((o) => o.id)).toEqual([order.id]);

    setClock(minutes(29));
    expect(await calls.closeAbandoned()).toBe(0);
    setClock(minutes(31));
    expect(await calls.closeAbandoned()).toBe(1);
    const closed = await store.orders.get({ id: order.id });
    expect(closed?.calls[0]).toMatchObject({ state: 'ended', endedBy: null, endedAt: minutes(31) });
    expect(await store.orders.listActive({ limit: 10 })).toEqual([]);
    expect(changed.at(-1)?.calls[0]?.state).toBe('ended'); // the board and the customer hear of it
    expect(await calls.closeAbandoned()).toBe(0);
  });

  it('leave a joined call alone until its tokens run out', async () => {
    const { store, calls, customer, order, setClock } = await setUp();
    await calls.requestVideo({ user: customer, orderId: order.id });
    const cook = await store.users.add({ user: aCustomer({ username: 'cook', role: 'staff' }), at: T0 });
    await calls.join({ staff: cook, orderId: order.id, callId: 'c1' });
    setClock(minutes(90));
    expect(await calls.closeAbandoned()).toBe(0);
    setClock(minutes(121));
    expect(await calls.closeAbandoned()).toBe(1);
    expect((await store.orders.get({ id: order.id }))?.calls[0]).toMatchObject({
      state: 'ended',
      joinedBy: 'cook',
    });
  });
});
