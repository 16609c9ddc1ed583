// Ordering as a guest, over HTTP with the simulator texting: a name and a phone proven by a code,
// the order, and a private link in the confirmation text that shows the order to whoever holds
// it — and nothing for another order's link or a guessed one. A returning guest finds their
// earlier orders by proving the phone again, and can keep them in an account of their own.
import { createHash } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { aPhone, STRONG_PASSWORD } from '../support/customers.js';
import { aClock } from '../support/clock.js';
import { everythingStored } from '../support/raw-store.js';
import { startSandboxApp } from '../support/sandbox-app.js';
import { createTestDatabase } from '../support/test-store.js';

type App = Awaited<ReturnType<typeof startSandboxApp>>;

async function textedCode(app: App, phone: string, before?: string): Promise<string> {
  await expect.poll(() => app.sandbox.simulator.lastCode(phone), { timeout: 5000 }).not.toBe(before);
  return app.sandbox.simulator.lastCode(phone) ?? '';
}

/** A guest who proved the phone, ready to order. */
async function guest(app: App, name: string, phone: string): Promise<ApiClient> {
  const client = new ApiClient(app.baseUrl);
  const before = app.sandbox.simulator.lastCode(phone);
  const started = await client.post('/api/website/guest', { name, phone });
  expect(started.body).toMatchObject({
    next: 'verify_guest',
    stage: 'pending_guest',
    guest: true,
  });
  const verified = await client.post('/api/website/authenticate/verify', {
    tfaPin: await textedCode(app, phone, before),
  });
  expect(verified.body).toMatchObject({ stage: 'full', username: name, guest: true, role: 'customer' });
  return client;
}

async function firstDish(client: ApiClient): Promise<string> {
  const menu = (await client.get('/api/menu')).body as { dishes: { id: string }[] };
  return menu.dishes[0]?.id ?? '';
}

/** The private links in the confirmation texts to `phone`, once `count` texts arrived. */
async function privateLinks(app: App, phone: string, count: number): Promise<string[]> {
  const texts = () => app.sandbox.simulator.sent({ to: phone }).filter((m) => m.kind === 'message');
  await expect.poll(() => texts().length, { timeout: 5000 }).toBe(count);
  return texts().map((text) => /Follow it: (\S+)/.exec(text.text)?.[1] ?? 'no private link in the text');
}

describe('ordering as a guest', () => {
  it('orders with a name and a proven phone; the text links privately to the live order', async () => {
    const database = await createTestDatabase();
    onTestFinished(() => database.drop());
    const app = await startSandboxApp({ database });
    const phone = aPhone();
    const client = await guest(app, 'Sam Rivera', phone);
    const placed = await client.order([{ id: await firstDish(client), quantity: 1 }]);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ pickup: { name: 'Sam Rivera' } });
    const [link = ''] = await privateLinks(app, phone, 1);
    expect(link).toMatch(new RegExp(`^${app.baseUrl}/website/track/[\\w-]{22}$`));
    const secret = link.split('/').at(-1) ?? '';

    // Whoever holds the link sees the order: no session, no cookie.
    const stranger = new ApiClient(app.baseUrl);
    const seen = await stranger.get(`/api/track/${secret}`);
    expect(seen.body).toMatchObject({ id: (placed.body as { id: string }).id, status: 'received' });
    expect(JSON.stringify(seen.body)).not.toContain(phone);
    expect(seen.body).toMatchObject({ calls: [] });
    // Made as the text went out: only the text holds the secret; the store holds its digest.
    const stored = await everythingStored(database);
    expect(stored).not.toContain(secret);
    expect(stored).toContain(createHash('sha256').update(secret).digest('hex'));
    // The secret is stored only as a digest; a guessed or altered link shows nothing.
    const flipped = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const guess of [flipped, 'A'.repeat(22), 'not-a-link']) {
      expect((await stranger.get(`/api/track/${guess}`)).status, guess).toBe(guess.length === 22 ? 404 : 400);
    }
  });

  it('gives a second order its own link, and a link never leads to another order', async () => {
    const app = await startSandboxApp();
    const phone = aPhone();
    const client = await guest(app, 'Sam', phone);
    const dish = await firstDish(client);
    const first = await client.order([{ id: dish, quantity: 1 }]);
    const second = await client.order([{ id: dish, quantity: 3 }]);
    const links = await privateLinks(app, phone, 2);
    const stranger = new ApiClient(app.baseUrl);
    const track = async (link: string) =>
      ((await stranger.get(`/api/track/${link.split('/').at(-1) ?? ''}`)).body as { id: string }).id;
    const ids = [(first.body as { id: string }).id, (second.body as { id: string }).id];
    expect((await Promise.all(links.map(track))).sort()).toEqual(ids.sort());
  });

  it('finds a returning guest by the phone, and turns the guest into an account', async () => {
    const app = await startSandboxApp();
    const phone = aPhone();
    const first = await guest(app, 'Sam', phone);
    const placed = await first.order([{ id: await firstDish(first), quantity: 1 }]);
    await first.post('/api/website/logout');
    const again = await guest(app, 'Sam R', phone);
    const orders = (await again.get('/api/website/orders')).body as { orders: { id: string }[] };
    expect(orders.orders.map((o) => o.id)).toEqual([(placed.body as { id: string }).id]);
    // A username and a password: the same account, the phone already proven.
    const claimed = await again.post('/api/website/guest/account', {
      username: 'sam.rivera',
      password: STRONG_PASSWORD,
    });
    expect(claimed.status).toBe(204);
    const session = await again.get('/api/website/session');
    expect(session.body).toMatchObject({ username: 'sam.rivera', guest: false });
    expect(((await again.get('/api/website/orders')).body as { orders: unknown[] }).orders).toHaveLength(1);
    const signIn = await new ApiClient(app.baseUrl).post('/api/website/authenticate', {
      username: 'sam.rivera',
      password: STRONG_PASSWORD,
    });
    expect(signIn.body).toMatchObject({ next: 'otp' });
  });

  it('lets a guest choose a username only within an hour of the code', async () => {
    const clock = aClock();
    const app = await startSandboxApp({ now: clock.now });
    const client = await guest(app, 'Sam', aPhone());
    // Still signed in (busy following the order), but past the hour.
    clock.advance(50 * 60 * 1000);
    expect((await client.get('/api/website/orders')).status).toBe(200);
    clock.advance(15 * 60 * 1000);
    const late = await client.post('/api/website/guest/account', {
      username: 'sam.late',
      password: STRONG_PASSWORD,
    });
    expect(late.body).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await app.store.users.findByUsername({ username: 'sam.late' })).toBeNull();
  });

  it('refuses a wrong name or phone in sentences, and nothing is texted', async () => {
    const app = await startSandboxApp();
    const client = new ApiClient(app.baseUrl);
    const empty = await client.post('/api/website/guest', { name: '', phone: '' });
    expect(empty.body).toMatchObject({
      status: 400,
      errors: [
        { field: 'body.name', code: 'required' },
        { field: 'body.phone', code: 'required' },
      ],
    });
    const wrong = await client.post('/api/website/guest', { name: 'R2-D2 <b>', phone: aPhone() });
    expect(wrong.body).toMatchObject({
      status: 400,
      errors: [{ field: 'name', message: expect.stringMatching(/^Use letters/) as unknown }],
    });
    expect(app.sandbox.simulator.sent()).toEqual([]);
  });
});
