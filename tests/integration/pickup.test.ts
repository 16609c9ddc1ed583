// Pickup a restaurant can go live with, over HTTP: the owner's profile (hours, tax, payment),
// the derived "open now" state, pickup times checked on the server's clock, the kitchen's pause
// and busy switches, notes, and money lines that add up — on each store.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Order, StaffOrder } from '../../src/contract/orders.js';
import type { RestaurantProfile } from '../../src/contract/restaurant-profile.js';
import { RestaurantInfo } from '../../src/contract/restaurant.js';
import { aClock } from '../support/clock.js';
import { registerCustomer, signedInStaff } from '../support/customers.js';
import { NEW_YORK_PROFILE } from '../support/factories.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const HAMBURGER = '5eed00000000000000000001';
const SODA = '5eed00000000000000000002';
const ARTICLE_CART = [
  { id: HAMBURGER, quantity: 1 },
  { id: SODA, quantity: 2 },
];

const PROFILE = NEW_YORK_PROFILE;

/** Monday 7 December 2026, 10:00 in New York: closed all day; opens Tuesday at 11:00. */
const MONDAY_MORNING = Date.parse('2026-12-07T15:00:00Z');

async function restaurantAt(start: number, profile: RestaurantProfile = PROFILE) {
  const clock = aClock(start);
  const app = await startSandboxApp({ now: clock.now, env: { TIME_ZONE: 'America/New_York' } });
  const admin = await signedInStaff(app, 'admin');
  expect((await admin.put('/api/staff/restaurant', profile)).status).toBe(200);
  const { client: customer } = await registerCustomer(app.baseUrl, app.sandbox.simulator);
  const info = async () => RestaurantInfo.parse((await customer.get('/api/restaurant')).body);
  const order = (body: Record<string, unknown>) =>
    customer.post(
      '/api/website/order',
      { items: ARTICLE_CART, ...body },
      { 'idempotency-key': randomUUID() },
    );
  return { ...app, clock, admin, customer, info, order };
}

describe("the restaurant's profile", () => {
  it('is set by an admin, audited, and served with where the restaurant stands now', async () => {
    const { admin, info } = await restaurantAt(MONDAY_MORNING);
    expect((await admin.get('/api/staff/restaurant')).body).toEqual(PROFILE);
    const audit = await admin.get<{ entries: { action: string }[] }>('/api/staff/audit');
    expect(audit.body.entries.map((e) => e.action)).toContain('settings.restaurant-profile');

    const now = await info();
    expect(now).toMatchObject({
      address: PROFILE.address,
      phone: PROFILE.phone,
      tax: PROFILE.tax,
      payment: 'pay_at_pickup',
    });
    expect(now.now).toMatchObject({ open: false, takingOrders: false, closesAt: null, today: [] });
    // Tuesday 8 December, 11:00 in New York.
    expect(now.now?.nextOpening).toBe('2026-12-08T16:00:00.000Z');
  });

  it('says when it closes while open, and stops ASAP orders at the last-order time', async () => {
    // Tuesday 21:20 in New York: open until 22:00, last orders at 21:30.
    const { info, clock, order } = await restaurantAt(Date.parse('2026-12-09T02:20:00Z'));
    expect((await info()).now).toMatchObject({
      open: true,
      takingOrders: true,
      closesAt: '2026-12-09T03:00:00.000Z',
      lastOrderAt: '2026-12-09T02:30:00.000Z',
    });
    clock.advance(11 * 60_000);
    expect((await info()).now).toMatchObject({ open: true, takingOrders: false });
    const late = await order({});
    expect(late.body).toMatchObject({ status: 409, code: 'restaurant_closed' });
  });

  it('refuses hours, dates and rates that make no sense, in sentences', async () => {
    const { admin } = await restaurantAt(MONDAY_MORNING);
    for (const [change, field] of [
      [
        {
          hours: {
            ...PROFILE.hours,
            weekly: { ...PROFILE.hours.weekly, mon: [{ opens: '25:00', closes: '26:00' }] },
          },
        },
        'hours.weekly.mon.0.opens',
      ],
      [
        {
          hours: {
            ...PROFILE.hours,
            exceptions: [
              { date: '2026-12-25', ranges: [] },
              { date: '2026-12-25', ranges: [] },
            ],
          },
        },
        'hours.exceptions',
      ],
      [{ hours: { ...PROFILE.hours, lastOrderMinutes: -5 } }, 'hours.lastOrderMinutes'],
      [{ tax: { rateBps: 887.123, included: false } }, 'tax.rateBps'],
      [{ payment: 'bitcoin' }, 'payment'],
    ] as const) {
      const answer = await admin.put('/api/staff/restaurant', { ...PROFILE, ...change });
      expect(answer.body, field).toMatchObject({ status: 400, code: 'validation_failed' });
      expect(JSON.stringify(answer.body), field).toContain(field);
    }
    expect((await admin.get('/api/staff/restaurant')).body).toEqual(PROFILE);
  });
});

describe('pickup times', () => {
  it('offers only scheduled slots while closed, and takes one for tomorrow with tax added', async () => {
    const { order, sandbox, customer } = await restaurantAt(MONDAY_MORNING);
    const asap = await order({});
    expect(asap.body).toMatchObject({ status: 409, code: 'restaurant_closed' });

    const times = (
      await customer.get<{ asap: { available: boolean }; slots: { at: string }[] }>(
        '/api/pickup-times?dishes=3',
      )
    ).body;
    expect(times.asap.available).toBe(false);
    expect(times.slots[0]?.at).toBe('2026-12-08T16:00:00.000Z');

    // Tuesday 12:30 in New York.
    const placed = await order({ pickupAt: '2026-12-08T17:30:00.000Z' });
    expect(placed.status).toBe(201);
    const scheduled = Order.parse(placed.body);
    expect(scheduled.charges).toEqual({
      subtotal: 1393,
      tax: 124,
      taxIncluded: false,
      payment: 'pay_at_pickup',
    });
    expect(scheduled.total).toBe(1517);
    expect(scheduled.pickup).toMatchObject({
      scheduledFor: '2026-12-08T17:30:00.000Z',
      readyBy: '2026-12-08T17:30:00.000Z',
    });
    await expect
      .poll(() => sandbox.simulator.sent().find((m) => m.kind === 'message')?.text, { timeout: 5000 })
      .toBe(
        `Von Appétit: order #${scheduled.number} received, for pickup Tue Dec 8 12:30 PM. Pay at pickup, total $15.17. Reply HERE when you arrive.`,
      );
  });

  it('refuses a time off the quarter hour, in the past, outside the hours or beyond a week', async () => {
    const { order } = await restaurantAt(MONDAY_MORNING);
    for (const pickupAt of [
      '2026-12-08T17:31:00.000Z', // Tuesday 12:31
      '2026-12-07T14:00:00.000Z', // an hour ago
      '2026-12-08T19:30:00.000Z', // Tuesday 14:30, between lunch and dinner
      '2026-12-09T02:45:00.000Z', // Tuesday 21:45, after the last-order time
      '2026-12-14T17:00:00.000Z', // next Monday, closed
      '2026-12-15T17:00:00.000Z', // a week from tomorrow
    ]) {
      const answer = await order({ pickupAt });
      expect(answer.body, pickupAt).toMatchObject({ status: 409, code: 'slot_unavailable' });
    }
  });

  it('answers a repeat of a scheduled order with that order, even once the restaurant has closed', async () => {
    // Tuesday 21:20 in New York: last orders at 21:30.
    const { customer, clock } = await restaurantAt(Date.parse('2026-12-09T02:20:00Z'));
    const key = randomUUID();
    const body = { items: ARTICLE_CART, pickupAt: '2026-12-09T16:00:00.000Z', note: 'Extra napkins' };
    const first = await customer.post('/api/website/order', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    // 21:35: after the last-order time.
    clock.advance(15 * 60_000);
    const again = await customer.post('/api/website/order', body, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect((again.body as { id: string }).id).toBe((first.body as { id: string }).id);
    // The same key with another note is another request: refused, not a second order.
    const changed = await customer.post(
      '/api/website/order',
      { ...body, note: 'No napkins' },
      { 'idempotency-key': key },
    );
    expect(changed.body).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
  });

  it('fills a slot up to its capacity', async () => {
    const { order } = await restaurantAt(MONDAY_MORNING, {
      ...PROFILE,
      slotCapacity: { orders: 1, items: null },
    });
    expect((await order({ pickupAt: '2026-12-08T17:30:00.000Z' })).status).toBe(201);
    const second = await order({ pickupAt: '2026-12-08T17:30:00.000Z' });
    expect(second.body).toMatchObject({ status: 409, code: 'slot_unavailable' });
    expect(second.body.detail).toContain('fully booked');
    expect((await order({ pickupAt: '2026-12-08T17:45:00.000Z' })).status).toBe(201);
  });

  it('puts a scheduled order on the board to start at its pickup time minus its estimate', async () => {
    const app = await restaurantAt(MONDAY_MORNING);
    const placed = Order.parse((await app.order({ pickupAt: '2026-12-08T17:30:00.000Z' })).body);
    const cook = await signedInStaff(app);
    const board = (await cook.get<{ orders: unknown[] }>('/api/staff/kitchen/orders')).body;
    const ticket = StaffOrder.parse(board.orders.find((o) => (o as { id: string }).id === placed.id));
    // No history yet: the default 15 minutes before 12:30.
    expect(ticket.prepareFrom).toBe('2026-12-08T17:15:00.000Z');
  });
});

describe("the kitchen's switches", () => {
  it('pause online ordering at once for customers, and resume it', async () => {
    // Tuesday 12:00 in New York: open.
    const app = await restaurantAt(Date.parse('2026-12-08T17:00:00Z'));
    const cook = await signedInStaff(app);
    expect((await cook.put('/api/staff/ordering-pause', { paused: true, forMinutes: null })).body).toEqual({
      paused: true,
      until: null,
      busyMinutes: 0,
    });
    expect((await app.info()).now).toMatchObject({
      open: true,
      takingOrders: false,
      pause: { paused: true },
    });
    const refused = await app.order({});
    expect(refused.body).toMatchObject({ status: 409, code: 'ordering_paused' });
    expect((await app.order({ pickupAt: '2026-12-08T18:30:00.000Z' })).body).toMatchObject({
      code: 'ordering_paused',
    });

    await cook.put('/api/staff/ordering-pause', { paused: false });
    expect((await app.order({})).status).toBe(201);
  });

  it('lift a pause for some minutes by itself, and add busy minutes to every estimate', async () => {
    const app = await restaurantAt(Date.parse('2026-12-08T17:00:00Z'));
    const cook = await signedInStaff(app);
    const before = (await app.info()).now?.estimateMinutes ?? 0;
    await cook.put('/api/staff/ordering-pause', { paused: true, forMinutes: 20 });
    expect((await app.order({})).body).toMatchObject({ code: 'ordering_paused' });
    app.clock.advance(21 * 60_000);
    await cook.put('/api/staff/ordering-pause', { busyMinutes: 15 });
    const after = await app.info();
    expect(after.now?.pause).toMatchObject({ paused: false, busyMinutes: 15 });
    expect(after.now?.estimateMinutes).toBe(before + 15);
    const placed = Order.parse((await app.order({})).body);
    const readyIn = Date.parse(placed.pickup?.readyBy ?? '') - Date.parse(placed.orderTime);
    expect(readyIn).toBeGreaterThanOrEqual((15 + 15) * 60_000);
  });

  it('are refused to customers and checked like any request', async () => {
    const app = await restaurantAt(Date.parse('2026-12-08T17:00:00Z'));
    expect(
      (await app.customer.put('/api/staff/ordering-pause', { paused: true, forMinutes: null })).status,
    ).toBe(403);
    const cook = await signedInStaff(app);
    const answer = await cook.put('/api/staff/ordering-pause', { busyMinutes: 500 });
    expect(answer.body).toMatchObject({ status: 400, code: 'validation_failed' });
  });
});

describe('notes and names', () => {
  it('carry a pickup name, an order note and line notes to the ticket as plain text', async () => {
    const app = await restaurantAt(Date.parse('2026-12-08T17:00:00Z'));
    const answer = await app.customer.post(
      '/api/website/order',
      {
        items: [
          { id: HAMBURGER, quantity: 1, note: 'No onions <b>please</b>' },
          { id: HAMBURGER, quantity: 1 },
        ],
        pickupName: 'Dora',
        note: 'Extra napkins',
      },
      { 'idempotency-key': randomUUID() },
    );
    const placed = Order.parse(answer.body);
    expect(placed.items.map((l) => [l.quantity, l.note])).toEqual([
      [1, 'No onions <b>please</b>'],
      [1, null],
    ]);
    expect(placed.pickup).toMatchObject({ name: 'Dora', note: 'Extra napkins' });
  });

  it('refuses notes longer than 140 characters or with control characters', async () => {
    const app = await restaurantAt(Date.parse('2026-12-08T17:00:00Z'));
    for (const body of [
      { note: 'x'.repeat(141) },
      { note: 'two\nlines' },
      { items: [{ id: HAMBURGER, quantity: 1, note: 'bell\u0007' }] },
      { pickupName: 'n'.repeat(61) },
    ]) {
      expect((await app.order(body)).body, JSON.stringify(body)).toMatchObject({
        status: 400,
        code: 'validation_failed',
      });
    }
  });
});
