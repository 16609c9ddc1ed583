// The kitchen over HTTP: staff sign in apart from customers, see every active order, and move
// orders through the one state machine, which texts the customer when an order is ready.
import { describe, expect, it } from 'vitest';
import { KitchenBoard, Order, StaffOrder } from '../../src/contract/orders.js';
import { ApiClient } from '../support/api-client.js';
import { registerCustomer, signedInStaff, STRONG_PASSWORD } from '../support/customers.js';
import { openEventStream } from '../support/event-stream.js';
import { startSandboxApp } from '../support/sandbox-app.js';

type SandboxApp = Awaited<ReturnType<typeof startSandboxApp>>;

const HAMBURGER = '5eed00000000000000000001';

async function anOrderPlaced(app: SandboxApp) {
  const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
  const order = Order.parse((await customer.client.order([{ id: HAMBURGER, quantity: 2 }])).body);
  return { customer, order };
}

/** Moves one order as a board would, from the version its last move answered. */
function aMover(staff: ApiClient, orderId: string) {
  const path = `/api/staff/orders/${orderId}/status`;
  let version = 0;
  return {
    path,
    version: () => version,
    move: async (kind: string) => {
      const answer = await staff.post(path, { move: kind, version });
      if (answer.status === 200) version = StaffOrder.parse(answer.body).version;
      return answer;
    },
  };
}

const textsTo = (app: SandboxApp, phone: string) =>
  app.sandbox.simulator
    .sent({ to: phone })
    .filter((m) => m.kind === 'message')
    .map((m) => m.text);

describe('staff sign-in', () => {
  it('keeps staff and customers on their own surfaces', async () => {
    const app = await startSandboxApp();
    const staff = await signedInStaff(app);
    const { customer } = await anOrderPlaced(app);
    // A customer account cannot sign in as staff, and the answer is the generic one.
    const asStaff = await new ApiClient(app.baseUrl).post('/api/staff/authenticate', {
      username: customer.username,
      password: STRONG_PASSWORD,
    });
    expect(asStaff.body).toMatchObject({ status: 401, code: 'invalid_credentials' });
    // A staff session reaches no customer route, and the reverse.
    expect((await staff.get('/api/website/orders')).body).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await customer.client.get('/api/staff/kitchen/orders')).body).toMatchObject({ status: 403 });
    expect((await staff.get('/api/staff/session')).body).toMatchObject({ stage: 'full' });
    expect((await customer.client.get('/api/staff/session')).status).toBe(204);
  });

  it('refuses every staff route to anonymous and customer sessions (A1)', async () => {
    const app = await startSandboxApp();
    const { customer, order } = await anOrderPlaced(app);
    const anonymous = new ApiClient(app.baseUrl);
    const routes = [
      (c: ApiClient) => c.get('/api/staff/kitchen/orders'),
      (c: ApiClient) => c.post(`/api/staff/orders/${order.id}/status`, { move: 'advance', version: 0 }),
      (c: ApiClient) => c.get('/api/staff/kitchen/events'),
    ];
    for (const route of routes) {
      expect((await route(anonymous)).status).toBe(401);
      expect((await route(customer.client)).status).toBe(403);
    }
    expect((await app.store.orders.get({ id: order.id }))?.status).toBe('received');
  });
});

describe('the kitchen board', () => {
  it('moves an order to ready, texting the customer once, and the customer sees it live', async () => {
    const app = await startSandboxApp();
    const staff = await signedInStaff(app);
    const { customer, order } = await anOrderPlaced(app);
    const board = KitchenBoard.parse((await staff.get('/api/staff/kitchen/orders')).body);
    const ticket = board.orders.find((o) => o.id === order.id);
    expect(ticket).toMatchObject({
      status: 'received',
      customerName: customer.username.split('@')[0],
      version: 0,
    });

    const watching = await openEventStream(customer.client, '/api/website/orders/events');
    const move = async (body: Record<string, unknown>) =>
      staff.post(`/api/staff/orders/${order.id}/status`, body);
    const preparing = StaffOrder.parse((await move({ move: 'advance', version: 0 })).body);
    expect(preparing.status).toBe('preparing');
    // A board that had not seen that move gets 409, and nothing moves.
    expect((await move({ move: 'advance', version: 0 })).body).toMatchObject({
      status: 409,
      code: 'version_conflict',
    });
    const ready = StaffOrder.parse((await move({ move: 'advance', version: preparing.version })).body);
    expect(ready.status).toBe('ready');
    // Undo and redo: the customer is still told only once.
    const recalled = StaffOrder.parse((await move({ move: 'recall', version: ready.version })).body);
    const readyAgain = StaffOrder.parse((await move({ move: 'advance', version: recalled.version })).body);
    expect(readyAgain.status).toBe('ready');

    for (;;) {
      const event = await watching.next();
      const seen = JSON.parse(event.data) as Record<string, unknown>;
      expect(seen).not.toHaveProperty('customerName');
      if (seen.status === 'ready') break;
    }
    watching.close();
    const phone = customer.phone;
    await expect
      .poll(() => textsTo(app, phone).filter((t) => t.includes('is ready for pickup')).length, {
        timeout: 5000,
      })
      .toBe(1);
    expect(textsTo(app, phone)).toContain(`Von Appétit: order #${order.number} is ready for pickup`);
    // Completed orders leave the board.
    StaffOrder.parse((await move({ move: 'advance', version: readyAgain.version })).body);
    expect(
      KitchenBoard.parse((await staff.get('/api/staff/kitchen/orders')).body).orders.map((o) => o.id),
    ).not.toContain(order.id);
  });

  it('cancels only with a reason, which the customer is texted, and refuses impossible moves', async () => {
    const app = await startSandboxApp();
    const staff = await signedInStaff(app);
    const { customer, order } = await anOrderPlaced(app);
    const path = `/api/staff/orders/${order.id}/status`;
    expect((await staff.post(path, { move: 'cancel', version: 0 })).body).toMatchObject({ status: 400 });
    expect((await staff.post(path, { move: 'recall', version: 0 })).body).toMatchObject({
      status: 409,
      code: 'invalid_transition',
    });
    const cancelled = StaffOrder.parse(
      (await staff.post(path, { move: 'cancel', version: 0, reason: 'out of buns' })).body,
    );
    expect(cancelled.status).toBe('cancelled');
    // Nothing comes after cancelled: no move on, no undo.
    for (const move of ['advance', 'recall']) {
      expect((await staff.post(path, { move, version: cancelled.version })).body).toMatchObject({
        status: 409,
        code: 'invalid_transition',
      });
    }
    await expect
      .poll(
        () =>
          textsTo(app, customer.phone).some((t) =>
            t.endsWith(`order #${order.number} was cancelled (out of buns)`),
          ),
        { timeout: 5000 },
      )
      .toBe(true);
  });

  it('undoes only the last move, once, within 2 minutes, and never shortens the history (H7)', async () => {
    let at = Date.now();
    const app = await startSandboxApp({ now: () => new Date(at) });
    const staff = await signedInStaff(app);
    const { order } = await anOrderPlaced(app);
    const { move, path, version } = aMover(staff, order.id);
    for (let step = 0; step < 3; step += 1) expect((await move('advance')).status).toBe(200);
    const undone = StaffOrder.parse((await move('recall')).body);
    expect(undone.status).toBe('ready');
    expect(undone.undoUntil).toBeNull();
    // Undo again would take the finished order further back: refused, as is every later try.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await move('recall')).body).toMatchObject({ status: 409, code: 'invalid_transition' });
    }
    const completed = StaffOrder.parse((await move('advance')).body);
    expect(Date.parse(completed.undoUntil ?? '')).toBe(at + 120_000);
    at += 121_000;
    expect((await move('recall')).body).toMatchObject({ status: 409, code: 'invalid_transition' });
    // A stale board still learns so first.
    expect((await staff.post(path, { move: 'recall', version: version() - 1 })).body).toMatchObject({
      status: 409,
      code: 'version_conflict',
    });
    const stored = await app.store.orders.get({ id: order.id });
    expect(stored?.status).toBe('completed');
    expect(stored?.statusHistory.map((h) => (h.undo ? `undo→${h.status}` : h.status))).toEqual([
      'received',
      'preparing',
      'ready',
      'completed',
      'undo→ready',
      'completed',
    ]);
  });

  it('lists "Done today", and brings a pickup back within 30 minutes, audited, never later', async () => {
    let at = Date.now();
    const app = await startSandboxApp({ now: () => new Date(at) });
    const staff = await signedInStaff(app, 'staff', 'mia.line');
    const { order } = await anOrderPlaced(app);
    const { move } = aMover(staff, order.id);
    const done = async () => KitchenBoard.parse((await staff.get('/api/staff/kitchen/done')).body).orders;
    // Not done while the kitchen works on it, and a ready order cannot be "brought back".
    expect(await done()).toEqual([]);
    for (let step = 0; step < 2; step += 1) expect((await move('advance')).status).toBe(200);
    expect((await move('reopen')).body).toMatchObject({ status: 409, code: 'invalid_transition' });
    expect((await move('advance')).status).toBe(200);
    expect((await done()).map((o) => [o.id, o.status])).toEqual([[order.id, 'completed']]);

    // Picked up by mistake: 29 minutes later it is back on the board as ready, and off "Done today".
    at += 29 * 60_000;
    const back = StaffOrder.parse((await move('reopen')).body);
    expect(back.status).toBe('ready');
    expect(await done()).toEqual([]);
    const board = KitchenBoard.parse((await staff.get('/api/staff/kitchen/orders')).body);
    expect(board.orders.find((o) => o.id === order.id)?.status).toBe('ready');
    const [entry] = await app.store.audit.list({ limit: 5 });
    expect(entry).toMatchObject({
      actorName: 'mia.line',
      action: 'order.reopen',
      target: order.id,
      before: { status: 'completed' },
      after: { status: 'ready' },
    });

    // Collected again, and 31 minutes later it stays done, with the reason said.
    expect((await move('advance')).status).toBe(200);
    at += 31 * 60_000;
    expect((await move('reopen')).body).toMatchObject({
      status: 409,
      code: 'invalid_transition',
      detail:
        'Not possible: it was picked up more than 30 minutes ago: it can no longer be brought back to the board.',
    });
    expect((await app.store.orders.get({ id: order.id }))?.status).toBe('completed');
    // "Ready" was texted once, though the order was ready twice.
    const texts = (await app.store.orders.get({ id: order.id }))?.notifications.map((n) => n.id) ?? [];
    expect(texts.filter((id) => id === 'onready')).toHaveLength(1);
  });

  it("streams every customer's orders to the board, with who ordered", async () => {
    const app = await startSandboxApp();
    const staff = await signedInStaff(app);
    const board = await openEventStream(staff, '/api/staff/kitchen/events');
    expect(board.status).toBe(200);
    const first = await anOrderPlaced(app);
    const second = await anOrderPlaced(app);
    const seen = new Set<string>();
    while (seen.size < 2) {
      const event = StaffOrder.parse(JSON.parse((await board.next()).data));
      expect(event.customerName).not.toBeNull();
      seen.add(event.id);
    }
    expect(seen).toEqual(new Set([first.order.id, second.order.id]));
    board.close();
  });
});
