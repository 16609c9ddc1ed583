// The database commands each busy operation sends on MongoDB, against the budgets in
// docs/mongodb.md. Counted by the driver's command monitoring with no relay running, until the
// store falls quiet: the request, and the live event it causes (appended after the answer).
import { describe, expect, it } from 'vitest';
import { Order } from '../../src/contract/orders.js';
import type { Store } from '../../src/server/ports/store.js';
import { commandsDuring } from '../support/commands.js';
import { registerCustomer, signedInStaff } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const HAMBURGER = '5eed00000000000000000001';

async function customerWithAnOrder() {
  const app = await startSandboxApp({ runRelay: false });
  countRestaurantReads(app.store);
  const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
  const first = await customer.client.order([{ id: HAMBURGER, quantity: 1 }]);
  expect(first.status).toBe(201);
  await quiet(app.store);
  return { ...app, ...customer, order: Order.parse(first.body) };
}

/**
 * Until no command was sent for 500 ms: what a request set off in the background (its live
 * event) is done. Gives up after 10 s, failing the test.
 */
async function quiet(store: Store): Promise<void> {
  const total = () =>
    [...(store.commandsSent?.() ?? new Map<string, number>()).values()].reduce((a, b) => a + b, 0);
  const deadline = Date.now() + 10_000;
  for (let last = -1, now = total(); now !== last; last = now, now = total()) {
    if (Date.now() > deadline) throw new Error('the store never fell quiet');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Reads of orders for the restaurant's state (the board, the kitchen's pace), by store. */
const restaurantReads = new WeakMap<Store, { count: number }>();

/** Counts the board and pace reads behind the ready estimate at the port (they are `find orders` too). */
function countRestaurantReads(store: Store): void {
  const counter = { count: 0 };
  restaurantReads.set(store, counter);
  const { listActive, listReadySince } = store.orders;
  store.orders.listActive = (args) => {
    counter.count += 1;
    return listActive(args);
  };
  store.orders.listReadySince = (args) => {
    counter.count += 1;
    return listReadySince(args);
  };
}

/** The commands of `work` and of what it set off, by "command collection". */
async function commandsOf(store: Store, work: () => Promise<void>) {
  const counter = restaurantReads.get(store);
  const before = counter?.count ?? 0;
  const sent = await commandsDuring(store, async () => {
    await work();
    await quiet(store);
  });
  return { ...sent, restaurantOrderReads: (counter?.count ?? 0) - before };
}

/**
 * Resolves once `count` "delivered" reports are recorded: watched at the port, without a
 * command of its own.
 */
function deliveredReports(store: Store, count: number): Promise<void> {
  const record = store.deliveries.record;
  let delivered = 0;
  return new Promise<void>((resolve) => {
    store.deliveries.record = async (args) => {
      const result = await record(args);
      if (result.recorded && args.report.status === 'delivered' && ++delivered === count) resolve();
      return result;
    };
  });
}

/**
 * Read at most once a second whoever needs them, so they may fall into any measurement: the menu,
 * and the restaurant's state — its profile and the kitchen's switches (`find settings`, once a
 * second), the board and the kitchen's pace behind the ready estimate (at most every 2 and 30
 * seconds; `find orders` counted at the port).
 */
const MENU = 'find inventory';
function withoutShared({
  byCommand,
  restaurantOrderReads,
}: {
  byCommand: Record<string, number>;
  restaurantOrderReads: number;
}) {
  const own = Object.fromEntries(
    Object.entries(byCommand).filter(([key]) => key !== MENU && key !== 'find settings'),
  );
  const orderReads = (own['find orders'] ?? 0) - restaurantOrderReads;
  if (orderReads > 0) own['find orders'] = orderReads;
  else delete own['find orders'];
  return own;
}
const total = (byCommand: Record<string, number>) => Object.values(byCommand).reduce((a, b) => a + b, 0);

describe('database commands per operation on MongoDB', () => {
  it('places an order with the session, one number and one insert, the restaurant state apart', async () => {
    const { store, client } = await customerWithAnOrder();
    const placing = await commandsOf(store, async () => {
      expect((await client.order([{ id: HAMBURGER, quantity: 2 }])).status).toBe(201);
    });
    expect(withoutShared(placing)).toEqual({
      // The request: who is signed in (the account comes with the session), the number, the order.
      'find sessions': 1,
      'findAndModify sequences': 2,
      'insert orders': 1,
      // Its live event, after the answer: the event's number (the second above), the event.
      'insert events': 1,
    });
  });

  it('lets a rush of orders share the writes of their numbers, inserts and live events', async () => {
    const { store, client } = await customerWithAnOrder();
    const rush = 20;
    const placing = await commandsOf(store, async () => {
      const answers = await Promise.all(
        Array.from({ length: rush }, () => client.order([{ id: HAMBURGER, quantity: 1 }])),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: rush }, () => 201));
      const numbers = answers.map((answer) => Order.parse(answer.body).number);
      expect(new Set(numbers).size).toBe(rush);
    });
    const sent = withoutShared(placing);
    // Each request still reads its session.
    expect(sent['find sessions']).toBe(rush);
    expect(sent['insert orders'] ?? 0).toBeGreaterThan(0);
    expect(sent['insert events'] ?? 0).toBeGreaterThan(0);
    // Numbers, orders and events asked for while one write was on its way went with the next:
    // fewer commands than the 40 numbers (20 orders, 20 events), the 20 orders and the 20
    // events. (How many fewer depends on how the requests overlap: about half, here.)
    expect(sent['findAndModify sequences'] ?? 0).toBeLessThan(2 * rush);
    expect(sent['insert orders'] ?? 0).toBeLessThan(rush);
    expect(sent['insert events'] ?? 0).toBeLessThan(rush);
  });

  it('answers a repeat of an order from the insert it refuses, then one read of the order', async () => {
    const { store, client } = await customerWithAnOrder();
    const key = crypto.randomUUID();
    expect((await client.order([{ id: HAMBURGER, quantity: 1 }], key)).status).toBe(201);
    await quiet(store);
    const repeating = await commandsOf(store, async () => {
      const repeat = await client.order([{ id: HAMBURGER, quantity: 1 }], key);
      expect(repeat.headers.get('idempotency-replayed')).toBe('true');
    });
    expect(withoutShared(repeating)).toEqual({
      'find sessions': 1,
      'findAndModify sequences': 1,
      'insert orders': 1,
      'find orders': 1,
    });
  });

  it("reads an order's status with the session and the order, its account and delivery reports inside", async () => {
    const { store, client, order } = await customerWithAnOrder();
    const reading = await commandsOf(store, async () => {
      expect((await client.get(`/api/website/orders/${order.id}`)).status).toBe(200);
    });
    expect(withoutShared(reading)).toEqual({
      'find sessions': 1,
      'find orders': 1,
    });
  });

  it('serves the menu from one read a second, shared with the prices of orders', async () => {
    const { store, client } = await customerWithAnOrder();
    const reading = await commandsOf(store, async () => {
      for (let i = 0; i < 5; i += 1) {
        expect((await client.get('/api/inventory')).status).toBe(200);
        expect((await client.get('/api/menu')).status).toBe(200);
      }
    });
    // Ten reads within a second (or two, if one fell on the second's edge): at most two reads of
    // the dishes, and of the order of categories (one small settings document) for the sections.
    const dishes = reading.byCommand['find inventory'] ?? 0;
    const order = reading.byCommand['find settings'] ?? 0;
    expect(dishes).toBeLessThanOrEqual(2);
    expect(order).toBeLessThanOrEqual(2);
    expect(reading.total).toBe(dishes + order);
  });

  it('moves an order on the board in at most eight commands, its live event included', async () => {
    const app = await customerWithAnOrder();
    const staff = await signedInStaff(app);
    await quiet(app.store);
    const moving = await commandsOf(app.store, async () => {
      const moved = await staff.post(`/api/staff/orders/${app.order.id}/status`, {
        move: 'advance',
        version: 0,
      });
      expect(moved.status).toBe(200);
    });
    expect(total(withoutShared(moving)), JSON.stringify(moving.byCommand)).toBeLessThanOrEqual(8);
  });

  it('places an order, texts its confirmation and records its delivery report: 12 commands, 14 if the report is slow', async () => {
    const app = await startSandboxApp();
    countRestaurantReads(app.store);
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    await quiet(app.store);
    // The relay's look for due texts (`find orders`) is a poll shared by all the texts due then:
    // counted apart.
    let polls = 0;
    const list = app.store.orders.listWithDueNotifications;
    app.store.orders.listWithDueNotifications = (args) => {
      polls += 1;
      return list(args);
    };
    // Done when the delivery report is recorded (watched without a command of its own).
    const recorded = deliveredReports(app.store, 1);
    const all = await commandsOf(app.store, async () => {
      const placed = await customer.client.order([{ id: HAMBURGER, quantity: 1 }]);
      expect(placed.status).toBe(201);
      await recorded;
    });
    const { 'find orders': outboxPolls = 0, ...sent } = withoutShared(all);
    expect(outboxPolls).toBe(polls);
    // Live events: one round for the order; the text's sent and delivered states share one when
    // they come within its wait, else one each.
    const rounds = sent['insert events'] ?? 0;
    expect(rounds).toBeGreaterThanOrEqual(2);
    expect(rounds).toBeLessThanOrEqual(3);
    expect(sent).toEqual({
      // The request: the session, the number, the order.
      'find sessions': 1,
      'findAndModify sequences': 1 + rounds,
      'insert orders': 1,
      // The relay: the claim and the outcome (each answering the order with its reports), the
      // text budget's hour and day; the delivery report: set, the order returned for its event.
      'findAndModify orders': 3,
      'findAndModify counters': 2,
      'insert events': rounds,
    });
  });

  it('places a rush of 20 orders, texts them and records their reports in 8 commands an order, all in', async () => {
    const app = await startSandboxApp();
    countRestaurantReads(app.store);
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    await quiet(app.store);
    const rush = 20;
    const recorded = deliveredReports(app.store, rush);
    const all = await commandsOf(app.store, async () => {
      const answers = await Promise.all(
        Array.from({ length: rush }, () => customer.client.order([{ id: HAMBURGER, quantity: 1 }])),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: rush }, () => 201));
      await recorded;
    });
    // Everything counts here: the requests, the relay's looks for due texts and its sends, the
    // restaurant's text budget, the delivery reports, the live events, the menu's reads and the
    // restaurant's state behind the pickup checks and the ready estimate.
    // The orders' numbers, inserts, events and budget hits are shared; each text's claim, outcome and
    // report are its own (3 an order). Measured here: 6.5–7.2 an order.
    expect(all.byCommand['findAndModify orders']).toBe(3 * rush);
    expect(all.total / rush, JSON.stringify(all.byCommand)).toBeLessThanOrEqual(8);
  });
});
