// Two-way SMS over HTTP: a customer's "HERE" reaches the kitchen's live stream on the open order,
// any other text lands on the ticket, a forged webhook is refused, and a text from anyone without
// an open order gets one polite answer a day, never more — on each store.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Order, StaffOrder } from '../../src/contract/orders.js';
import { registerCustomer, signedInStaff } from '../support/customers.js';
import { openEventStream } from '../support/event-stream.js';
import { startSandboxApp } from '../support/sandbox-app.js';
import { signLikeVonage } from '../support/vonage-webhooks.js';

const HAMBURGER = '5eed00000000000000000001';

async function customerWithAnOrder() {
  const app = await startSandboxApp();
  const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
  const order = Order.parse((await customer.client.order([{ id: HAMBURGER, quantity: 1 }])).body);
  const cook = await signedInStaff(app);
  return { ...app, customer, order, cook };
}

async function ticketOf(cook: Awaited<ReturnType<typeof customerWithAnOrder>>['cook'], id: string) {
  const board = (await cook.get<{ orders: unknown[] }>('/api/staff/kitchen/orders')).body;
  return StaffOrder.parse(board.orders.find((o) => (o as { id: string }).id === id));
}

const autoAnswers = (app: Awaited<ReturnType<typeof startSandboxApp>>, phone: string) =>
  app.sandbox.simulator
    .sent({ to: phone })
    .filter((m) => m.kind === 'message' && m.text.includes('cannot read replies'));

describe('texts from customers', () => {
  it('puts "HERE" from the phone of an open order on the kitchen\'s live stream as an arrival', async () => {
    const app = await customerWithAnOrder();
    const stream = await openEventStream(app.cook, '/api/staff/kitchen/events');
    await stream.connected;
    expect(await app.sandbox.simulator.reply({ from: app.customer.phone, text: 'here!' })).toBe(true);
    const event = await stream.next(1000);
    const ticket = StaffOrder.parse(JSON.parse(event.data));
    expect(ticket.id).toBe(app.order.id);
    expect(ticket.messages).toEqual([{ at: expect.any(String) as string, text: 'here!', arrival: true }]);
    stream.close();
  });

  it('shows any other text on the ticket as plain text, cut to 300 characters, never as an arrival', async () => {
    const app = await customerWithAnOrder();
    await app.sandbox.simulator.reply({
      from: app.customer.phone,
      text: 'No pickles\u0007 <script>x</script>',
    });
    await app.sandbox.simulator.reply({ from: app.customer.phone, text: 'y'.repeat(400) });
    const ticket = await ticketOf(app.cook, app.order.id);
    expect(ticket.messages.map((m) => [m.text.length > 50 ? m.text.length : m.text, m.arrival])).toEqual([
      ['No pickles <script>x</script>', false],
      [300, false],
    ]);
    expect(autoAnswers(app, app.customer.phone)).toEqual([]);
  });

  it('adds a text Vonage delivers twice once', async () => {
    const app = await customerWithAnOrder();
    const body = JSON.stringify({
      channel: 'sms',
      message_uuid: randomUUID(),
      from: app.customer.phone,
      to: 'VonAppetit',
      text: 'HERE',
      timestamp: new Date().toISOString(),
    });
    for (let i = 0; i < 2; i += 1) {
      const token = signLikeVonage({
        body,
        secret: app.sandbox.credentials.signatureSecret,
        issuedAt: new Date(),
      });
      const answer = await fetch(`${app.baseUrl}/api/webhooks/vonage/inbound-message`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      expect(answer.status).toBe(200);
    }
    expect((await ticketOf(app.cook, app.order.id)).messages).toHaveLength(1);
  });

  it('refuses a forged inbound text, writing nothing', async () => {
    const app = await customerWithAnOrder();
    const body = JSON.stringify({ message_uuid: randomUUID(), from: app.customer.phone, text: 'HERE' });
    for (const authorization of [
      undefined,
      `Bearer ${signLikeVonage({ body, secret: 'not the secret', issuedAt: new Date() })}`,
      `Bearer ${signLikeVonage({ body: '{"text":"other"}', secret: app.sandbox.credentials.signatureSecret, issuedAt: new Date() })}`,
    ]) {
      const answer = await fetch(`${app.baseUrl}/api/webhooks/vonage/inbound-message`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body,
      });
      expect(answer.status).toBe(401);
      expect(((await answer.json()) as { code: string }).code).toBe('invalid_signature');
    }
    expect((await ticketOf(app.cook, app.order.id)).messages).toEqual([]);
  });

  it('answers a number without an open order once a day, whatever it sends', async () => {
    const app = await startSandboxApp();
    for (const text of ['HERE', 'rm -rf /', 'hello?']) {
      expect(await app.sandbox.simulator.reply({ from: '15556669876', text })).toBe(true);
    }
    expect(autoAnswers(app, '15556669876')).toHaveLength(1);
  });

  it('answers a customer whose order is done instead of adding to it', async () => {
    const app = await customerWithAnOrder();
    for (const move of ['advance', 'advance', 'advance'] as const) {
      const ticket = await ticketOf(app.cook, app.order.id);
      expect(
        (await app.cook.post(`/api/staff/orders/${app.order.id}/status`, { move, version: ticket.version }))
          .status,
      ).toBe(200);
    }
    await app.sandbox.simulator.reply({ from: app.customer.phone, text: 'HERE' });
    const done = Order.parse((await app.customer.client.get(`/api/website/orders/${app.order.id}`)).body);
    expect(done.status).toBe('completed');
    expect(autoAnswers(app, app.customer.phone)).toHaveLength(1);
  });
});
