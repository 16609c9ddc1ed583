// Support calls from an order: the owner asks, the kitchen sees it live and joins; tokens only
// ever go to the order's owner (publisher) and staff (moderator); a call back when video fails.
import { describe, expect, it } from 'vitest';
import { JoinedCall } from '../../src/contract/calls.js';
import { KitchenBoard, Order } from '../../src/contract/orders.js';
import { ApiClient } from '../support/api-client.js';
import { codeFor, registerCustomer, signedInStaff, STRONG_PASSWORD } from '../support/customers.js';
import { openEventStream } from '../support/event-stream.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const HAMBURGER = '5eed00000000000000000001';
type App = Awaited<ReturnType<typeof startSandboxApp>>;

async function anOrderPlaced(app: App) {
  const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
  const order = Order.parse((await customer.client.order([{ id: HAMBURGER, quantity: 1 }])).body);
  return { customer, order };
}

function claimsOf(token: string): Record<string, unknown> {
  const [, payload] = token.split('.');
  return JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
}

describe('support calls', () => {
  it('goes from request to the kitchen, join and hang up, each side with its own token', async () => {
    const app = await startSandboxApp();
    const staff = await signedInStaff(app);
    const { customer, order } = await anOrderPlaced(app);
    const board = await openEventStream(staff, '/api/staff/kitchen/events');

    const asked = await customer.client.post(`/api/website/orders/${order.id}/call`, {});
    expect(asked.status).toBe(201);
    const mine = JoinedCall.parse(asked.body);
    expect(mine.call).toMatchObject({ id: 'c1', kind: 'video', state: 'requested', joinedBy: null });
    expect(mine.connection).toMatchObject({ provider: 'sandbox', role: 'publisher' });
    const publisher = claimsOf(mine.connection.token);
    expect(publisher).toMatchObject({ session_id: mine.connection.sessionId, role: 'publisher' });
    expect(JSON.parse(String(publisher.connection_data))).toEqual({ name: customer.username.split('@')[0] });
    const lifetime = Number(publisher.exp) - Math.floor(Date.now() / 1000);
    expect(lifetime).toBeGreaterThan(2 * 3600 - 30);
    expect(lifetime).toBeLessThanOrEqual(2 * 3600);

    // The kitchen hears of it at once, without the session id.
    for (;;) {
      const event = await board.next();
      const seen = Order.parse(JSON.parse(event.data));
      if (seen.id === order.id && seen.calls.length === 1) {
        expect(seen.calls[0]).toMatchObject({ state: 'requested' });
        expect(event.data).not.toContain(mine.connection.sessionId);
        break;
      }
    }
    board.close();

    // Asking again (a reload) gives the same call, not a second room.
    const again = JoinedCall.parse(
      (await customer.client.post(`/api/website/orders/${order.id}/call`, {})).body,
    );
    expect(again.call.id).toBe('c1');
    expect(again.connection.sessionId).toBe(mine.connection.sessionId);

    const joined = JoinedCall.parse(
      (await staff.post(`/api/staff/orders/${order.id}/calls/c1/join`, {})).body,
    );
    expect(joined.call.state).toBe('joined');
    // The cook chose no name: the customer sees the kitchen, never the cook's login.
    expect(joined.call.joinedBy).toBe('the kitchen');
    expect(claimsOf(joined.connection.token)).toMatchObject({
      session_id: mine.connection.sessionId,
      role: 'moderator',
    });
    // Another cook cannot take over a call in progress.
    const other = await signedInStaff(app);
    expect((await other.post(`/api/staff/orders/${order.id}/calls/c1/join`, {})).body).toMatchObject({
      status: 409,
      code: 'call_taken',
    });

    const ended = Order.parse(
      (await customer.client.post(`/api/website/orders/${order.id}/calls/c1/end`, {})).body,
    );
    expect(ended.calls).toEqual([
      expect.objectContaining({
        id: 'c1',
        state: 'ended',
        endedBy: 'customer',
        joinedBy: joined.call.joinedBy,
      }),
    ]);
    expect((await staff.post(`/api/staff/orders/${order.id}/calls/c1/join`, {})).body).toMatchObject({
      status: 409,
      code: 'call_ended',
    });
    const stored = await app.store.orders.get({ id: order.id });
    expect(stored?.calls[0]?.endedAt).toBeInstanceOf(Date);
  });

  it("shows customers the name a cook chose, never the cook's login name, phone or email (H8)", async () => {
    const app = await startSandboxApp();
    const login = 'chef.sam@example.com';
    const staff = await signedInStaff(app, 'staff', login);
    const { customer, order } = await anOrderPlaced(app);
    const watching = await openEventStream(customer.client, '/api/website/orders/events');
    const seenByCustomer: string[] = [];
    const callAndJoin = async (callId: string) => {
      await customer.client.post(`/api/website/orders/${order.id}/call`, {});
      await staff.post(`/api/staff/orders/${order.id}/calls/${callId}/join`, {});
      const page = await customer.client.get(`/api/website/orders/${order.id}`);
      seenByCustomer.push(JSON.stringify(page.body));
      return Order.parse(page.body).calls.find((c) => c.id === callId);
    };
    expect(await callAndJoin('c1')).toMatchObject({ state: 'joined', joinedBy: 'the kitchen' });

    // Names that would give the login, a phone or an address away are refused, with the reason.
    for (const displayName of [login, 'chef.sam', 'Sam 555 666 1234', 'sam@kitchen']) {
      const refused = await staff.put('/api/staff/profile', { displayName });
      expect(refused.body).toMatchObject({ status: 400, code: 'validation_failed' });
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'displayName' })]);
    }
    const chosen = await staff.put('/api/staff/profile', { displayName: '  Sam   from the kitchen ' });
    expect(chosen.body).toEqual({ username: login, role: 'staff', displayName: 'Sam from the kitchen' });
    expect((await staff.get('/api/staff/profile')).body).toMatchObject({
      displayName: 'Sam from the kitchen',
    });
    await customer.client.post(`/api/website/orders/${order.id}/calls/c1/end`, {});
    expect(await callAndJoin('c2')).toMatchObject({ joinedBy: 'Sam from the kitchen' });

    // Not on the order page, not in a live event: the login is nowhere the customer can look.
    // Every event up to the one that shows the second call joined (how many: the texts' changes
    // may share an event with the calls').
    for (let seen = ''; !seen.includes('Sam from the kitchen');) {
      seen = (await watching.next()).data;
      seenByCustomer.push(seen);
    }
    watching.close();
    for (const seen of seenByCustomer) {
      expect(seen).not.toContain('chef.sam');
      expect(seen).not.toContain('@example.com');
    }
    // Only the staff member chooses it, and any member may (the audit log says who changed it).
    const customerTry = await customer.client.put('/api/staff/profile', { displayName: 'Boss' });
    expect(customerTry.status).toBe(403);
  });

  it('gives no token to another customer, an anonymous client or a session still waiting for its code', async () => {
    const app = await startSandboxApp();
    const { customer, order } = await anOrderPlaced(app);
    JoinedCall.parse((await customer.client.post(`/api/website/orders/${order.id}/call`, {})).body);
    const stranger = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const anonymous = new ApiClient(app.baseUrl);
    const pending = new ApiClient(app.baseUrl);
    const signIn = await pending.post('/api/website/authenticate', {
      username: customer.username,
      password: STRONG_PASSWORD,
    });
    expect(signIn.body).toMatchObject({ stage: 'pending_2fa' });

    const attempts = [
      (c: ApiClient) => c.post(`/api/website/orders/${order.id}/call`, {}),
      (c: ApiClient) => c.post(`/api/website/orders/${order.id}/callback`, {}),
      (c: ApiClient) => c.post(`/api/website/orders/${order.id}/calls/c1/end`, {}),
      (c: ApiClient) => c.post(`/api/website/orders/${order.id}/calls/c1/signals`, { type: 'bye' }),
      (c: ApiClient) => c.get(`/api/website/orders/${order.id}/calls/c1/signals`),
    ];
    const staffJoin = (c: ApiClient) => c.post(`/api/staff/orders/${order.id}/calls/c1/join`, {});
    for (const attempt of attempts) {
      expect((await attempt(anonymous)).status).toBe(401);
      expect((await attempt(pending)).body).toMatchObject({ status: 403, code: 'mfa_required' });
      // Someone else's order does not exist for them (SEC-11).
      expect((await attempt(stranger.client)).status).toBe(404);
    }
    // The staff side is not theirs at all.
    expect((await staffJoin(anonymous)).status).toBe(401);
    for (const client of [pending, stranger.client, customer.client]) {
      expect((await staffJoin(client)).body).toMatchObject({ status: 403, code: 'forbidden' });
    }
    const stored = await app.store.orders.get({ id: order.id });
    expect(stored?.calls.map((c) => c.state)).toEqual(['requested']);
  });

  it('offers a call back when video cannot be set up; the kitchen closes it once called', async () => {
    const app = await startSandboxApp();
    const staff = await signedInStaff(app);
    const { customer, order } = await anOrderPlaced(app);
    app.sandbox.simulator.setScenario('video', 'provider-down');
    const refused = await customer.client.post(`/api/website/orders/${order.id}/call`, {});
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.body).toMatchObject({ code: 'video_unavailable' });
    app.sandbox.simulator.setScenario('video', undefined);

    const asked = await customer.client.post(`/api/website/orders/${order.id}/callback`, {
      reason: 'Video did not work',
    });
    expect(asked.status).toBe(201);
    expect(Order.parse(asked.body).calls).toEqual([
      expect.objectContaining({
        kind: 'callback',
        state: 'callback_requested',
        phone: `+${customer.phone}`,
        reason: 'Video did not work',
      }),
    ]);
    await expect
      .poll(() => app.sandbox.simulator.sent({ to: customer.phone }).map((m) => m.text))
      .toContain(`Von Appétit: we will call you back about order #${order.number} shortly.`);
    // The order is on the board with its request, whatever its status.
    await staff.post(`/api/staff/orders/${order.id}/status`, { move: 'advance', version: 0 });
    const onBoard = KitchenBoard.parse((await staff.get('/api/staff/kitchen/orders')).body).orders;
    expect(onBoard.find((o) => o.id === order.id)?.calls[0]).toMatchObject({ phone: `+${customer.phone}` });
    expect((await customer.client.post(`/api/website/orders/${order.id}/calls/c1/end`, {})).status).toBe(403);
    const done = await staff.post(`/api/staff/orders/${order.id}/calls/c1/end`, {});
    expect(Order.parse(done.body).calls[0]).toMatchObject({ state: 'called_back', endedBy: 'staff' });
  });

  it('opens one call for two tabs asking at once, and none for an order older than a day', async () => {
    let clock = new Date();
    const app = await startSandboxApp({ now: () => clock });
    const { customer, order } = await anOrderPlaced(app);
    const [first, second] = await Promise.all([
      customer.client.post(`/api/website/orders/${order.id}/call`, {}),
      customer.client.post(`/api/website/orders/${order.id}/call`, {}),
    ]);
    expect(JoinedCall.parse(first.body).call.id).toBe(JoinedCall.parse(second.body).call.id);
    expect((await app.store.orders.get({ id: order.id }))?.calls).toHaveLength(1);
    await customer.client.post(`/api/website/orders/${order.id}/calls/c1/end`, {});

    clock = new Date(clock.getTime() + 25 * 3600 * 1000);
    const again = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const old = Order.parse((await again.client.order([{ id: HAMBURGER, quantity: 1 }])).body);
    clock = new Date(clock.getTime() + 25 * 3600 * 1000);
    const signedIn = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    expect((await signedIn.client.post(`/api/website/orders/${old.id}/call`, {})).status).toBe(404);
    // Its owner signs in again (the session of a day ago has ended) and is told to phone.
    const owner = new ApiClient(app.baseUrl);
    await owner.post('/api/website/authenticate', { username: again.username, password: STRONG_PASSWORD });
    await owner.post('/api/website/authenticate/verify', {
      tfaPin: codeFor(app.sandbox.simulator, again.phone),
    });
    for (const path of ['call', 'callback']) {
      expect((await owner.post(`/api/website/orders/${old.id}/${path}`, {})).body).toMatchObject({
        status: 409,
        code: 'call_ended',
      });
    }
  });

  it('limits how often one customer can ring the kitchen', async () => {
    const app = await startSandboxApp();
    const { customer, order } = await anOrderPlaced(app);
    const answers: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const path = i % 2 === 0 ? 'call' : 'callback';
      answers.push((await customer.client.post(`/api/website/orders/${order.id}/${path}`, {})).status);
    }
    expect(answers.slice(0, 6).every((s) => s === 201)).toBe(true);
    expect(answers.slice(6)).toEqual([429, 429]);
  });

  it('relays sandbox signalling between the owner and the cook who joined, in the right direction only', async () => {
    const app = await startSandboxApp();
    const staff = await signedInStaff(app);
    const { customer, order } = await anOrderPlaced(app);
    await customer.client.post(`/api/website/orders/${order.id}/call`, {});
    const path = `/api/website/orders/${order.id}/calls/c1/signals`;
    const staffPath = `/api/staff/orders/${order.id}/calls/c1/signals`;
    expect((await staff.post(staffPath, { type: 'offer', id: 1, sdp: 'v=0' })).status).toBe(403); // not joined
    await staff.post(`/api/staff/orders/${order.id}/calls/c1/join`, {});

    const customerSide = await openEventStream(customer.client, path);
    expect(await customerSide.next()).toMatchObject({ event: 'peer', data: '{"present":false}' });
    const staffSide = await openEventStream(staff, staffPath);
    expect(await staffSide.next()).toMatchObject({ event: 'peer', data: '{"present":true}' });
    expect(await customerSide.next()).toMatchObject({ event: 'peer', data: '{"present":true}' });

    expect((await staff.post(staffPath, { type: 'offer', id: 1, sdp: 'v=0 offer' })).status).toBe(202);
    expect(JSON.parse((await customerSide.next()).data)).toEqual({ type: 'offer', id: 1, sdp: 'v=0 offer' });
    expect((await customer.client.post(path, { type: 'offer', id: 2, sdp: 'v=0' })).status).toBe(400);
    expect((await customer.client.post(path, { type: 'answer', id: 1, sdp: 'v=0 answer' })).status).toBe(202);
    expect(JSON.parse((await staffSide.next()).data)).toEqual({ type: 'answer', id: 1, sdp: 'v=0 answer' });
    const candidate = {
      candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
    };
    await customer.client.post(path, { type: 'candidate', id: 1, candidate });
    expect(JSON.parse((await staffSide.next()).data)).toEqual({ type: 'candidate', id: 1, candidate });
    expect(
      (await customer.client.post(path, { type: 'answer', id: 1, sdp: 'x'.repeat(30_000) })).status,
    ).toBe(400);

    expect((await customer.client.post(path, { type: 'bye' })).status).toBe(400); // the server's to say
    // A few tabs may follow the call; a session cannot open streams without end.
    const more = [await openEventStream(customer.client, path), await openEventStream(customer.client, path)];
    expect((await openEventStream(customer.client, path)).status).toBe(429);
    for (const stream of more) stream.close();

    // Hanging up ends both streams.
    await staff.post(`/api/staff/orders/${order.id}/calls/c1/end`, {});
    await customerSide.ended;
    await staffSide.ended;
    expect((await customer.client.post(path, { type: 'bye' })).body).toMatchObject({ code: 'call_ended' });
  });

  it('in live mode gives the Video SDK what it needs and keeps signalling out of the app', async () => {
    const app = await startSandboxApp({ liveMode: true });
    const staff = await signedInStaff(app);
    // Live mode texts real numbers only (no fictional 555 ones).
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator, { phone: '16502530000' });
    const order = Order.parse((await customer.client.order([{ id: HAMBURGER, quantity: 1 }])).body);
    const mine = JoinedCall.parse(
      (await customer.client.post(`/api/website/orders/${order.id}/call`, {})).body,
    );
    expect(mine.connection).toMatchObject({
      provider: 'vonage',
      applicationId: app.sandbox.credentials.applicationId,
      role: 'publisher',
    });
    expect(mine.connection.sessionId).toMatch(/^1_/);
    expect(claimsOf(mine.connection.token)).toMatchObject({
      application_id: app.sandbox.credentials.applicationId,
      scope: 'session.connect',
    });
    const joined = JoinedCall.parse(
      (await staff.post(`/api/staff/orders/${order.id}/calls/c1/join`, {})).body,
    );
    expect(claimsOf(joined.connection.token)).toMatchObject({ role: 'moderator' });
    // The page may reach Vonage's video servers (and only in live mode).
    const csp = (await fetch(`${app.baseUrl}/website/order`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' https://*.opentok.com wss://*.opentok.com");
    expect(
      (await customer.client.post(`/api/website/orders/${order.id}/calls/c1/signals`, { type: 'bye' }))
        .status,
    ).toBe(404);
  });
});
