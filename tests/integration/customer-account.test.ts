// A customer's own account over HTTP, on each store: a new password, signing out everywhere, a
// copy of their data, and erasing the account — after which no username, phone or name of the
// person is left in any table or collection, while the restaurant's orders still add up.
import { describe, expect, it, onTestFinished } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { aPhone, registerCustomer, STRONG_PASSWORD } from '../support/customers.js';
import { everythingStored } from '../support/raw-store.js';
import { startSandboxApp } from '../support/sandbox-app.js';
import { createTestDatabase } from '../support/test-store.js';

const NEW_PASSWORD = 'a brand new pass phrase';
type App = Awaited<ReturnType<typeof startSandboxApp>>;

async function textedCode(app: App, phone: string, before: string | undefined): Promise<string> {
  await expect.poll(() => app.sandbox.simulator.lastCode(phone), { timeout: 5000 }).not.toBe(before);
  return app.sandbox.simulator.lastCode(phone) ?? '';
}

async function secondDevice(app: App, username: string, phone: string, password = STRONG_PASSWORD) {
  const client = new ApiClient(app.baseUrl);
  const before = app.sandbox.simulator.lastCode(phone);
  await client.post('/api/website/authenticate', { username, password });
  await client.post('/api/website/authenticate/verify', { tfaPin: await textedCode(app, phone, before) });
  return client;
}

describe("a customer's account", () => {
  it('changes the password with the current one, signing the other devices out', async () => {
    const app = await startSandboxApp();
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const other = await secondDevice(app, customer.username, customer.phone);
    const overview = await customer.client.get('/api/website/account');
    expect(overview.body).toMatchObject({
      username: customer.username,
      phoneHint: `•••• ${customer.phone.slice(-2)}`,
      devices: [{ current: false }, { current: true }],
    });
    const wrong = await customer.client.put('/api/website/account/password', {
      currentPassword: 'not my password',
      password: NEW_PASSWORD,
    });
    expect(wrong.body).toMatchObject({ status: 401, code: 'invalid_credentials' });
    const weak = await customer.client.put('/api/website/account/password', {
      currentPassword: STRONG_PASSWORD,
      password: 'short',
    });
    expect(weak.body).toMatchObject({ status: 400, errors: [{ field: 'password' }] });
    const changed = await customer.client.put('/api/website/account/password', {
      currentPassword: STRONG_PASSWORD,
      password: NEW_PASSWORD,
    });
    expect(changed.status).toBe(204);
    // This browser stays signed in (with a new session); the other device is out.
    expect((await customer.client.get('/api/website/orders')).status).toBe(200);
    expect((await other.get('/api/website/orders')).status).toBe(401);
  });

  it('signs out everywhere, this device too', async () => {
    const app = await startSandboxApp();
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const other = await secondDevice(app, customer.username, customer.phone);
    expect((await customer.client.post('/api/website/account/sign-out-everywhere')).status).toBe(204);
    for (const client of [customer.client, other]) {
      expect((await client.get('/api/website/orders')).status).toBe(401);
    }
  });

  it('erases the person from every table and collection, keeping the orders without them', async () => {
    const database = await createTestDatabase();
    onTestFinished(() => database.drop());
    const app = await startSandboxApp({ database });
    const username = 'dora.erased@example.com';
    const phone = aPhone();
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator, { username, phone });
    const menu = (await customer.client.get('/api/menu')).body as { dishes: { id: string; price: number }[] };
    const dish = menu.dishes[0];
    const placed = await customer.client.order([{ id: dish?.id, quantity: 2 }]);
    expect(placed.status).toBe(201);
    const { id: orderId, total } = placed.body as { id: string; total: number };
    await expect
      .poll(() => app.sandbox.simulator.sent({ to: phone }).filter((m) => m.kind === 'message').length)
      .toBe(1);
    // A wrong password once (counted), then the copy of the data.
    await new ApiClient(app.baseUrl).post('/api/website/authenticate', { username, password: 'wrong one' });
    const exported = await customer.client.get('/api/website/account/export');
    expect(exported.headers.get('content-disposition')).toMatch(/attachment/);
    expect(exported.body).toMatchObject({
      format: 'von-appetit.account/1',
      profile: { username, phone: `+${phone}` },
      orders: [{ id: orderId, total }],
    });
    expect(await everythingStored(database)).toContain(username);

    // Step 1 needs the password; step 2 the code texted to the account's phone.
    const refused = await customer.client.post('/api/website/account/erasure', { password: 'not it' });
    expect(refused.body).toMatchObject({ status: 401, code: 'invalid_credentials' });
    const before = app.sandbox.simulator.lastCode(phone);
    const started = await customer.client.post('/api/website/account/erasure', { password: STRONG_PASSWORD });
    expect(started.body).toMatchObject({ phoneHint: `•••• ${phone.slice(-2)}` });
    const code = await textedCode(app, phone, before);
    const erased = await customer.client.post('/api/website/account/erasure/confirm', { tfaPin: code });
    expect(erased.status).toBe(204);

    const stored = await everythingStored(database);
    for (const trace of [username, 'dora.erased', phone, `+${phone}`]) expect(stored).not.toContain(trace);
    // The restaurant's record of the order is whole, its customer a "deleted customer".
    const order = await app.store.orders.get({ id: orderId });
    expect(order).toMatchObject({
      customerName: 'deleted customer',
      total,
      pickup: { name: 'deleted customer' },
    });
    expect(order?.items.map((line) => line.quantity)).toEqual([2]);
    // Nobody signs in as the person any more; the browser is signed out.
    expect((await customer.client.get('/api/website/orders')).status).toBe(401);
    const signIn = await new ApiClient(app.baseUrl).post('/api/website/authenticate', {
      username,
      password: STRONG_PASSWORD,
    });
    expect(signIn.body).toMatchObject({ status: 401, code: 'invalid_credentials' });
  });
});
