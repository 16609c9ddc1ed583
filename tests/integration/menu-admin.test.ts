// Menu editing by admins: who may, what is refused, what customers see, and the audit log.
import { describe, expect, it } from 'vitest';
import { MenuItem, MenuList } from '../../src/contract/menu.js';
import { Order } from '../../src/contract/orders.js';
import { ApiClient } from '../support/api-client.js';
import { registerCustomer, signedInStaff } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const HAMBURGER = '5eed00000000000000000001';
const fries = {
  name: 'Fries',
  price: 349,
  description: 'Hand-cut',
  category: 'Sides',
  available: true,
  position: 3,
};

describe('menu editing', () => {
  it('is for admins only: anonymous, customer and kitchen sessions are refused on every route (A1)', async () => {
    const app = await startSandboxApp();
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const cook = await signedInStaff(app, 'staff');
    const routes = [
      (c: ApiClient) => c.get('/api/staff/menu'),
      (c: ApiClient) => c.post('/api/staff/menu', fries),
      (c: ApiClient) =>
        c.request('PUT', `/api/staff/menu/${HAMBURGER}`, { body: { ...fries, name: 'Free' } }),
      (c: ApiClient) => c.request('DELETE', `/api/staff/menu/${HAMBURGER}`),
      (c: ApiClient) => c.get('/api/staff/audit'),
    ];
    for (const route of routes) {
      expect((await route(new ApiClient(app.baseUrl))).status).toBe(401);
      expect((await route(customer.client)).status).toBe(403);
      expect((await route(cook)).status).toBe(403);
    }
    expect((await app.store.menu.list({ availableOnly: false })).map((d) => d.name)).toEqual([
      'Hamburger',
      'Soda',
    ]);
  });

  it('refuses bad names and prices: empty, too long, negative, fractional, text, too large (A3)', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    for (const bad of [
      { ...fries, name: '' },
      { ...fries, name: 'x'.repeat(500) },
      { ...fries, price: -1 },
      { ...fries, price: 0.5 },
      { ...fries, price: '12' },
      { ...fries, price: 1e9 },
      { ...fries, $set: { price: 0 } },
    ]) {
      expect((await admin.post('/api/staff/menu', bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect(await app.store.menu.count()).toBe(2);
  });

  it("takes an 86'd dish off the customer menu at once and refuses to sell it", async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const hamburger = MenuList.parse((await admin.get('/api/staff/menu')).body).find(
      (d) => d.id === HAMBURGER,
    );
    const off = await admin.request('PUT', `/api/staff/menu/${HAMBURGER}`, {
      body: {
        name: 'Hamburger',
        price: hamburger?.price,
        description: '',
        category: 'Burgers',
        available: false,
        position: 0,
      },
    });
    expect(MenuItem.parse(off.body).available).toBe(false);
    const menu = MenuList.parse((await customer.client.get('/api/inventory')).body);
    expect(menu.map((d) => d.name)).toEqual(['Soda']);
    expect((await customer.client.order([{ id: HAMBURGER, quantity: 1 }])).body).toMatchObject({
      status: 422,
      code: 'item_unavailable',
    });
  });

  it('leaves orders already placed at their price, and records every change in the audit log (A9)', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const placed = Order.parse((await customer.client.order([{ id: HAMBURGER, quantity: 1 }])).body);
    await admin.request('PUT', `/api/staff/menu/${HAMBURGER}`, {
      body: { name: 'Hamburger', price: 1295, category: 'Burgers', position: 0 },
    });
    const added = MenuItem.parse((await admin.post('/api/staff/menu', fries)).body);
    expect((await admin.request('DELETE', `/api/staff/menu/${added.id}`)).status).toBe(204);
    expect((await admin.request('DELETE', `/api/staff/menu/${added.id}`)).status).toBe(404);

    const again = Order.parse((await customer.client.get(`/api/website/orders/${placed.id}`)).body);
    expect(again.total).toBe(995);
    expect(again.items[0]?.unitPrice).toBe(995);
    const audit = (await admin.get('/api/staff/audit')).body as { entries: Record<string, unknown>[] };
    expect(audit.entries.map((e) => e.action)).toEqual(['menu.delete', 'menu.add', 'menu.update']);
    expect(audit.entries[2]).toMatchObject({
      target: HAMBURGER,
      before: expect.objectContaining({ price: 995 }) as unknown,
      after: expect.objectContaining({ price: 1295 }) as unknown,
    });
  });

  it('lets admins choose which statuses text the customer, audited; cooks may only read it', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    const cook = await signedInStaff(app, 'staff');
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    expect((await cook.get('/api/staff/settings/status-texts')).body).toEqual({
      statuses: ['ready', 'cancelled'],
    });
    const texts = { statuses: ['preparing'] };
    expect((await cook.request('PUT', '/api/staff/settings/status-texts', { body: texts })).status).toBe(403);
    expect((await customer.client.get('/api/staff/settings/status-texts')).status).toBe(403);
    expect(
      (await admin.request('PUT', '/api/staff/settings/status-texts', { body: { statuses: ['paid'] } }))
        .status,
    ).toBe(400);
    expect((await admin.request('PUT', '/api/staff/settings/status-texts', { body: texts })).body).toEqual(
      texts,
    );

    const placed = Order.parse((await customer.client.order([{ id: HAMBURGER, quantity: 1 }])).body);
    const move = (version: number) =>
      cook.post(`/api/staff/orders/${placed.id}/status`, { move: 'advance', version });
    expect((await move(0)).status).toBe(200);
    expect((await move(1)).status).toBe(200);
    const texted = () =>
      app.sandbox.simulator
        .sent({ to: customer.phone })
        .filter((m) => m.kind === 'message')
        .map((m) => m.text);
    await expect
      .poll(() => texted().some((t) => t.endsWith('is being prepared')), { timeout: 5000 })
      .toBe(true);
    expect(texted().some((t) => t.includes('ready for pickup'))).toBe(false);
    const audit = (await admin.get('/api/staff/audit')).body as { entries: Record<string, unknown>[] };
    expect(audit.entries[0]).toMatchObject({
      action: 'settings.status-texts',
      before: { statuses: ['ready', 'cancelled'] },
      after: { statuses: ['preparing'] },
    });
  });
});
