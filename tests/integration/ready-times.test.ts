// Ready times after an order is placed, over HTTP: a cook's own time, and estimates moved later
// when the kitchen falls behind — shown to the customer at once, texted only past 10 minutes.
import { describe, expect, it } from 'vitest';
import { Order, StaffOrder } from '../../src/contract/orders.js';
import { aClock } from '../support/clock.js';
import { registerCustomer, signedInStaff } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const HAMBURGER = '5eed00000000000000000001';
const MINUTE = 60_000;

async function anOrderPlaced(options: { readyWatchEveryMs?: number } = {}) {
  const clock = aClock();
  const app = await startSandboxApp({ now: clock.now, ...options });
  const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
  const order = Order.parse((await customer.client.order([{ id: HAMBURGER, quantity: 1 }])).body);
  const cook = await signedInStaff(app);
  // Read from the store: a customer's session would not outlast the hours the clock moves here.
  const readyBy = async () => (await app.store.orders.get({ id: order.id }))?.pickup?.readyBy.toISOString();
  const lateTexts = () =>
    app.sandbox.simulator.sent({ to: customer.phone }).filter((m) => m.text.includes('running late'));
  return { ...app, clock, customer, order, cook, readyBy, lateTexts };
}

describe('ready times', () => {
  it("take a cook's own time, texting the customer only when it is more than 10 minutes later", async () => {
    const app = await anOrderPlaced();
    const placedReadyBy = Date.parse(app.order.pickup?.readyBy ?? '');
    const setTo = (minutesLater: number) =>
      app.cook.put(`/api/staff/orders/${app.order.id}/ready-by`, {
        readyBy: new Date(placedReadyBy + minutesLater * MINUTE).toISOString(),
      });

    const ten = await setTo(10);
    expect(ten.status).toBe(200);
    expect(StaffOrder.parse(ten.body).pickup?.readyBy).toBe(
      new Date(placedReadyBy + 10 * MINUTE).toISOString(),
    );
    expect(await app.readyBy()).toBe(new Date(placedReadyBy + 10 * MINUTE).toISOString());
    expect(app.lateTexts()).toEqual([]);

    expect((await setTo(15)).status).toBe(200);
    await expect
      .poll(() => app.lateTexts().map((m) => m.text), { timeout: 5000 })
      .toEqual([
        expect.stringMatching(
          /^Von Appétit: sorry, order #\d+ is running late: now ready around \d{1,2}:\d\d [AP]M\.$/,
        ),
      ]);
  });

  it('refuse a time in the past, and an order already ready', async () => {
    const app = await anOrderPlaced();
    const past = await app.cook.put(`/api/staff/orders/${app.order.id}/ready-by`, {
      readyBy: new Date(app.clock.now().getTime() - 10 * MINUTE).toISOString(),
    });
    expect(past.body).toMatchObject({ status: 400, code: 'validation_failed' });
    for (const version of [0, 1]) {
      await app.cook.post(`/api/staff/orders/${app.order.id}/status`, { move: 'advance', version });
    }
    const ready = await app.cook.put(`/api/staff/orders/${app.order.id}/ready-by`, {
      readyBy: new Date(app.clock.now().getTime() + 10 * MINUTE).toISOString(),
    });
    expect(ready.body).toMatchObject({ status: 409, code: 'invalid_transition' });
  });

  it('move later by themselves when the kitchen falls behind, texted once past 10 minutes', async () => {
    const app = await anOrderPlaced({ readyWatchEveryMs: 50 });
    const placedReadyBy = Date.parse(app.order.pickup?.readyBy ?? '');
    const movedBy = async () => (Date.parse((await app.readyBy()) ?? '') - placedReadyBy) / MINUTE;
    // No history yet: 15 minutes. Twenty minutes on it is not ready: five more minutes from now,
    // ten past what the customer was told — shown on their page, not texted.
    app.clock.advance(20 * MINUTE);
    await expect.poll(movedBy, { timeout: 2000 }).toBe(10);
    expect(app.lateTexts()).toEqual([]);
    // Six minutes later, still not ready: sixteen past what they were told, so a text.
    app.clock.advance(6 * MINUTE);
    await expect.poll(movedBy, { timeout: 2000 }).toBe(16);
    await expect.poll(() => app.lateTexts().length, { timeout: 5000 }).toBe(1);
    // Once more: six past the time just texted, so no second text.
    app.clock.advance(6 * MINUTE);
    await expect.poll(movedBy, { timeout: 2000 }).toBe(22);
    expect(app.lateTexts()).toHaveLength(1);
    // Twelve past it: a second text. After that, however late, never a third.
    app.clock.advance(6 * MINUTE);
    await expect.poll(movedBy, { timeout: 2000 }).toBe(28);
    await expect.poll(() => app.lateTexts().length, { timeout: 5000 }).toBe(2);
    app.clock.advance(60 * MINUTE);
    await expect.poll(movedBy, { timeout: 2000 }).toBe(88);
    expect(app.lateTexts()).toHaveLength(2);
  });

  it('leave a scheduled order at the slot the customer chose', async () => {
    const clock = aClock();
    const app = await startSandboxApp({ now: clock.now, readyWatchEveryMs: 50 });
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const slots = (await customer.client.get<{ slots: { at: string }[] }>('/api/pickup-times?dishes=1')).body
      .slots;
    const slot = slots[4]?.at ?? '';
    const placed = await customer.client.post(
      '/api/website/order',
      { items: [{ id: HAMBURGER, quantity: 1 }], pickupAt: slot },
      { 'idempotency-key': crypto.randomUUID() },
    );
    const order = Order.parse(placed.body);
    // Long past its slot, still not ready: the slot stands, no text.
    clock.advance(3 * 60 * MINUTE);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stored = await app.store.orders.get({ id: order.id });
    expect(stored?.pickup?.readyBy.toISOString()).toBe(slot);
    expect(
      app.sandbox.simulator.sent({ to: customer.phone }).filter((m) => m.text.includes('running late')),
    ).toEqual([]);
  });
});
