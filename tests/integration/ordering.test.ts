// Ordering over HTTP, against docs/security.md's rows D (ordering), RT (live events) and W
// (delivery webhooks): the server prices, the key makes retries safe, the text is queued.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Order, OrderPage } from '../../src/contract/orders.js';
import { DependencyUnavailableError } from '../../src/server/domain/errors.js';
import { ApiClient } from '../support/api-client.js';
import { aDish } from '../support/factories.js';
import { registerCustomer, signedInStaff } from '../support/customers.js';
import { openEventStream } from '../support/event-stream.js';
import { startSandboxApp } from '../support/sandbox-app.js';
import { signLikeVonage } from '../support/vonage-webhooks.js';

const HAMBURGER = '5eed00000000000000000001';
const SODA = '5eed00000000000000000002';
const ARTICLE_CART = [
  { id: HAMBURGER, quantity: 1 },
  { id: SODA, quantity: 2 },
];

async function signedInCustomer() {
  const app = await startSandboxApp();
  const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
  return { ...app, ...customer };
}

const textsTo = (app: Awaited<ReturnType<typeof startSandboxApp>>, phone: string) =>
  app.sandbox.simulator.sent({ to: phone }).filter((m) => m.kind === 'message');

describe('placing an order', () => {
  it('needs a signed-in session (D1)', async () => {
    const app = await startSandboxApp();
    const answer = await new ApiClient(app.baseUrl).order(ARTICLE_CART);
    expect(answer.body).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it("accepts the original app's plain list of dish ids", async () => {
    const { client } = await signedInCustomer();
    const answer = await client.order([HAMBURGER, SODA, SODA]);
    expect(answer.status).toBe(201);
    expect(Order.parse(answer.body)).toMatchObject({
      total: 1393,
      items: [{ quantity: 1 }, { quantity: 2 }],
    });
  });

  it('refuses client prices, totals, statuses and owners instead of trusting them (D2, D14)', async () => {
    const { client, store } = await signedInCustomer();
    for (const body of [
      { items: [{ id: HAMBURGER, quantity: 1, price: 1 }] },
      { items: ARTICLE_CART, total: 1 },
      { items: ARTICLE_CART, discount: 100 },
      { items: [{ id: HAMBURGER, quantity: 1, name: 'Free burger' }] },
      { items: ARTICLE_CART, status: 'completed' },
      { items: ARTICLE_CART, user_id: '0123456789abcdef01234567' },
      { items: ARTICLE_CART, createdAt: '2020-01-01T00:00:00Z' },
    ]) {
      const answer = await client.post('/api/website/order', body, { 'idempotency-key': randomUUID() });
      expect(answer.body, JSON.stringify(body)).toMatchObject({ status: 400, code: 'validation_failed' });
    }
    expect(
      await store.orders.listWithDueNotifications({ at: new Date(Date.now() + 3_600_000), limit: 10 }),
    ).toEqual([]);
  });

  it('refuses unknown, malformed and unavailable dishes by name, storing nothing (D3)', async () => {
    const { client, store } = await signedInCustomer();
    // Put on the menu before any order reads it (a change made outside the app shows within a second).
    const salad = await store.menu.add({
      item: aDish({
        name: 'Salad',
        price: 650,
        description: '',
        category: '',
        available: false,
        position: 9,
      }),
      at: new Date(),
    });
    const unknown = await client.order([...ARTICLE_CART, { id: 'ffffffffffffffffffffffff', quantity: 1 }]);
    expect(unknown.body).toMatchObject({ status: 422, code: 'unknown_item' });
    expect(unknown.body.errors).toEqual([
      {
        field: 'items.2.id',
        code: 'unknown_item',
        message: 'No dish on the menu has the id ffffffffffffffffffffffff.',
      },
    ]);
    expect((await client.order([{ id: 'not-an-id', quantity: 1 }])).body).toMatchObject({ status: 400 });
    const off = await client.order([{ id: salad.id, quantity: 1 }, ...ARTICLE_CART]);
    expect(off.body).toMatchObject({ status: 422, code: 'item_unavailable' });
    expect(off.body.errors).toEqual([
      { field: 'items.0.id', code: 'item_unavailable', message: 'Salad is sold out.' },
    ]);
    expect(
      await store.orders.listWithDueNotifications({ at: new Date(Date.now() + 3_600_000), limit: 10 }),
    ).toEqual([]);
  });

  it('refuses quantities that are not whole numbers from 1 to 99, empty carts and huge ones (D4, D15)', async () => {
    const { client } = await signedInCustomer();
    for (const quantity of [0, -1, 1.5, '2', 1e9, null]) {
      const answer = await client.order([{ id: HAMBURGER, quantity }]);
      expect(answer.status, String(quantity)).toBe(400);
    }
    expect((await client.order([])).status).toBe(400);
    const many = Array.from({ length: 51 }, (_, i) => ({
      id: i.toString(16).padStart(24, 'a'),
      quantity: 1,
    }));
    expect((await client.order(many)).status).toBe(400);
    expect((await client.order([{ id: { $gt: '' }, quantity: 1 }])).status).toBe(400);
    expect((await client.order([{ id: HAMBURGER, quantity: 1, $where: '1' }])).status).toBe(400);
  });

  it('returns the same order for a retried Idempotency-Key, storing it and its text once (D6)', async () => {
    const app = await signedInCustomer();
    const key = randomUUID();
    const first = await app.client.order(ARTICLE_CART, key);
    const again = await app.client.order(ARTICLE_CART, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual({
      ...first.body,
      confirmation: again.body.confirmation,
      lastUpdated: again.body.lastUpdated,
    });
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    const page = OrderPage.parse((await app.client.get('/api/website/orders')).body);
    expect(page.orders).toHaveLength(1);
    await expect.poll(() => textsTo(app, app.phone).length, { timeout: 5000 }).toBe(1);
  });

  it('creates exactly one order when retries with one key race each other (LD4)', async () => {
    const { client } = await signedInCustomer();
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => client.order(ARTICLE_CART, key)));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect(OrderPage.parse((await client.get('/api/website/orders')).body).orders).toHaveLength(1);
  });

  it('answers a retried Idempotency-Key with its order even after a dish in it left the menu (D6)', async () => {
    const app = await signedInCustomer();
    const key = randomUUID();
    const first = await app.client.order(ARTICLE_CART, key);
    expect(first.status).toBe(201);
    const admin = await signedInStaff(app, 'admin');
    expect((await admin.request('DELETE', `/api/staff/menu/${SODA}`)).status).toBe(204);
    const again = await app.client.order(ARTICLE_CART, key);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(again.body).toMatchObject({ id: first.body.id, total: first.body.total });
    // A new order with the dish gone is refused.
    expect((await app.client.order(ARTICLE_CART)).body).toMatchObject({ status: 422 });
  });

  it('refuses a key reused for a different order (D7)', async () => {
    const { client } = await signedInCustomer();
    const key = randomUUID();
    await client.order(ARTICLE_CART, key);
    const other = await client.order([{ id: SODA, quantity: 5 }], key);
    expect(other.body).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(OrderPage.parse((await client.get('/api/website/orders')).body).orders).toHaveLength(1);
  });

  it('needs a well-formed Idempotency-Key (D9)', async () => {
    const { client } = await signedInCustomer();
    const send = (headers: Record<string, string>) =>
      client.post('/api/website/order', { items: ARTICLE_CART }, headers);
    expect((await send({})).body).toMatchObject({ status: 400, code: 'idempotency_key_required' });
    expect((await send({ 'idempotency-key': '' })).body).toMatchObject({
      status: 400,
      code: 'idempotency_key_required',
    });
    expect((await send({ 'idempotency-key': 'order-1' })).body).toMatchObject({
      status: 400,
      code: 'idempotency_key_invalid',
    });
    expect((await send({ 'idempotency-key': 'x'.repeat(300) })).status).toBe(400);
    expect(OrderPage.parse((await client.get('/api/website/orders')).body).orders).toEqual([]);
  });

  it('answers an order without waiting for a provider that hangs (D13)', async () => {
    const app = await signedInCustomer();
    // The simulator stalls every Messages call for 30 s: an order that waited would time out.
    app.sandbox.simulator.setScenario('messages', 'too-slow');
    const answer = await app.client.order(ARTICLE_CART);
    expect(answer.status).toBe(201);
    expect(await app.store.orders.get({ id: String(answer.body.id) })).toMatchObject({ total: 1393 });
  });

  it('takes the order in full while the SMS provider is down, and texts it once it recovers (D13, P1)', async () => {
    const app = await signedInCustomer();
    app.sandbox.simulator.setScenario('messages', 'provider-down');
    const answer = await app.client.order(ARTICLE_CART);
    expect(answer.status).toBe(201);
    expect(answer.body.confirmation).toEqual({ status: 'pending', delivery: null });
    await expect
      .poll(
        async () => (await app.store.orders.get({ id: String(answer.body.id) }))?.notifications[0]?.attempts,
        { timeout: 5000 },
      )
      .toBeGreaterThanOrEqual(1);
    expect(textsTo(app, app.phone)).toEqual([]);
    app.sandbox.simulator.setScenario('messages', undefined);
    await expect
      .poll(async () => (await app.store.orders.get({ id: String(answer.body.id) }))?.notifications[0], {
        timeout: 10_000,
      })
      .toMatchObject({ status: 'sent', lastError: null });
    expect(textsTo(app, app.phone)).toHaveLength(1);
  }, 20_000);
});

describe('reading orders', () => {
  it("shows a customer their own orders only: others' are 404, lists are theirs and paginated (D11)", async () => {
    const app = await startSandboxApp();
    const alice = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const bob = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push(String((await alice.client.order(ARTICLE_CART)).body.id));
    const bobs = String((await bob.client.order([HAMBURGER])).body.id);
    expect((await alice.client.get(`/api/website/orders/${bobs}`)).body).toMatchObject({
      status: 404,
      code: 'not_found',
    });
    expect((await bob.client.get(`/api/website/orders/${ids[0]}`)).status).toBe(404);
    const first = OrderPage.parse((await alice.client.get('/api/website/orders?limit=2')).body);
    expect(first.orders.map((o) => o.id)).toEqual([ids[2], ids[1]]);
    const second = OrderPage.parse(
      (await alice.client.get(`/api/website/orders?limit=2&before=${first.nextBefore}`)).body,
    );
    expect(second).toEqual({ orders: [expect.objectContaining({ id: ids[0] })], nextBefore: null });
    expect((await alice.client.get('/api/website/orders?limit=51')).status).toBe(400);
    expect((await alice.client.get(`/api/website/orders?before=${bobs}`)).status).toBe(400);
    // Explicit fields only: no phone numbers, provider ids or owners in an order.
    const text = JSON.stringify((await alice.client.get(`/api/website/orders/${ids[0]}`)).body);
    expect(text).not.toMatch(/\+1555|providerMessageId|userId|user_id|idempotency/i);
  });
});

describe('live order events', () => {
  it('streams changes of the caller’s own orders, and never anyone else’s (RT2)', async () => {
    const app = await startSandboxApp();
    const alice = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const bob = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const stream = await openEventStream(alice.client, '/api/website/orders/events');
    expect(stream.status).toBe(200);
    // Said once the stream follows her orders (one that could not, the store busy, ends before).
    await stream.connected;
    await bob.client.order([HAMBURGER]);
    const mine = Order.parse((await alice.client.order(ARTICLE_CART)).body);
    const event = await stream.next();
    expect(event.event).toBe('order');
    expect(event.id).toMatch(/^\d+$/);
    expect(JSON.parse(event.data)).toMatchObject({ id: mine.id, total: 1393 });
    // Whatever follows is about Alice's order too (the text being sent and delivered).
    const later = await stream.next();
    expect(JSON.parse(later.data)).toMatchObject({ id: mine.id });
    stream.close();
  });

  it('ends a stream that cannot follow the orders yet (the store busy) before `: connected`; the retry gets one that does', async () => {
    const app = await startSandboxApp();
    const alice = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const { events } = app.store;
    const latestSeq = events.latestSeq.bind(events);
    events.latestSeq = () =>
      Promise.reject(new DependencyUnavailableError('store', 'events.latestSeq: timed out'));
    const refused = await openEventStream(alice.client, '/api/website/orders/events');
    // HTTP 200 all the same, so that the browser's EventSource tries again (it would give up on a 503).
    expect(refused.status).toBe(200);
    await refused.ended;
    let said = false;
    void refused.connected.then(() => (said = true));
    await Promise.resolve();
    expect(said).toBe(false);
    expect(app.logs).toContainEqual(expect.objectContaining({ msg: 'live stream could not start' }));

    events.latestSeq = latestSeq;
    const retried = await openEventStream(alice.client, '/api/website/orders/events');
    await retried.connected;
    const mine = Order.parse((await alice.client.order([HAMBURGER])).body);
    expect(JSON.parse((await retried.next()).data)).toMatchObject({ id: mine.id });
    retried.close();
  });

  it('replays what a reconnecting stream missed, from Last-Event-ID', async () => {
    const app = await startSandboxApp();
    const alice = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const first = await openEventStream(alice.client, '/api/website/orders/events');
    const one = Order.parse((await alice.client.order([HAMBURGER])).body);
    const seen = await first.next();
    expect(JSON.parse(seen.data)).toMatchObject({ id: one.id });
    first.close();
    const two = Order.parse((await alice.client.order([SODA])).body);
    const again = await openEventStream(alice.client, '/api/website/orders/events', {
      'last-event-id': seen.id ?? '',
    });
    const ids: string[] = [];
    for (;;) {
      const event = await again.next();
      ids.push((JSON.parse(event.data) as { id: string }).id);
      if (ids.includes(two.id)) break;
    }
    expect(ids).toContain(two.id);
    again.close();
  });

  it('refuses streams without a full session or from another site (RT1, RT3)', async () => {
    const app = await startSandboxApp();
    expect((await openEventStream(new ApiClient(app.baseUrl), '/api/website/orders/events')).status).toBe(
      401,
    );
    const alice = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const crossSite = await openEventStream(alice.client, '/api/website/orders/events', {
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
  });

  it('ends the stream when its session signs out (RT4)', async () => {
    const app = await startSandboxApp();
    const alice = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const stream = await openEventStream(alice.client, '/api/website/orders/events');
    await alice.client.post('/api/website/logout');
    await expect(
      Promise.race([
        stream.ended.then(() => 'ended'),
        new Promise((r) =>
          setTimeout(() => {
            r('open');
          }, 5000),
        ),
      ]),
    ).resolves.toBe('ended');
  });
});

describe('delivery reports', () => {
  it('records a report once however often Vonage repeats it, and acknowledges unknown ones (W4, W6)', async () => {
    const app = await signedInCustomer();
    const order = Order.parse((await app.client.order(ARTICLE_CART)).body);
    await expect
      .poll(async () => (await app.store.orders.get({ id: order.id }))?.notifications[0]?.status, {
        timeout: 5000,
      })
      .toBe('sent');
    const secret = app.sandbox.credentials.signatureSecret;
    const report = (reference: string, status: string) => {
      const body = JSON.stringify({
        message_uuid: randomUUID(),
        to: app.phone,
        timestamp: new Date().toISOString(),
        status,
        client_ref: reference,
      });
      return fetch(`${app.baseUrl}/api/webhooks/vonage/message-status`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${signLikeVonage({ body, secret, issuedAt: new Date() })}`,
        },
        body,
      });
    };
    const reference = `${order.id}-n1`;
    // Apart by more than a round of live events (250 ms), so an announcement of each would show.
    for (let i = 0; i < 3; i += 1) {
      expect((await report(reference, 'read')).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect((await report('ffffffffffffffffffffffff-n1', 'delivered')).status).toBe(200);
    expect((await report('made up', 'delivered')).status).toBe(200);
    await expect
      .poll(async () => (await app.client.get(`/api/website/orders/${order.id}`)).body.confirmation, {
        timeout: 5000,
      })
      .toEqual({ status: 'sent', delivery: 'read' });
    // Announced once: one event of this order shows the report, however often it came.
    const announcingRead = async () =>
      (await app.store.events.since({ after: 0, limit: 1000 })).filter((event) => {
        const shown = event.payload as { id?: string; confirmation?: { delivery?: string } };
        return shown.id === order.id && shown.confirmation?.delivery === 'read';
      }).length;
    await expect.poll(announcingRead, { timeout: 5000 }).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await announcingRead()).toBe(1);
  });

  it('answers 503 when the report cannot be stored, so Vonage delivers it again later (W8)', async () => {
    const app = await signedInCustomer();
    const order = Order.parse((await app.client.order(ARTICLE_CART)).body);
    await app.store.close();
    const body = JSON.stringify({
      message_uuid: randomUUID(),
      timestamp: new Date().toISOString(),
      status: 'delivered',
      client_ref: `${order.id}-n1`,
    });
    const answer = await fetch(`${app.baseUrl}/api/webhooks/vonage/message-status`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${signLikeVonage({ body, secret: app.sandbox.credentials.signatureSecret, issuedAt: new Date() })}`,
      },
      body,
    });
    expect(answer.status).toBe(503);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
