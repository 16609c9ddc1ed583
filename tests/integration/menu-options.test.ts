// A restaurant-sized menu over HTTP: 40 dishes in 6 categories moved in from a file, options
// chosen, priced and kept on the order (ticket, history), refused when they do not fit, the
// order of categories, an 86 pushed to open menus, and a menu moved out and into an empty store.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CustomerMenu, MenuItem } from '../../src/contract/menu.js';
import { MenuImportReport } from '../../src/contract/menu-admin.js';
import { lineLabel } from '../../src/contract/order-lines.js';
import { KitchenBoard, Order, OrderPage } from '../../src/contract/orders.js';
import { formatMoney } from '../../src/contract/money.js';
import { ApiClient } from '../support/api-client.js';
import { registerCustomer, signedInStaff } from '../support/customers.js';
import { openEventStream, type EventStream } from '../support/event-stream.js';
import { fortyDishMenu, HAMBURGER_ID, LARGE_BACON_NO_ONIONS, SODA_ID } from '../support/menu-fixture.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const usd = (cents: number) => formatMoney(cents, 'USD', 'en-US');

async function restaurantWithFortyDishes() {
  const app = await startSandboxApp();
  const admin = await signedInStaff(app, 'admin');
  const imported = await admin.post('/api/staff/menu/import', fortyDishMenu());
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  expect(MenuImportReport.parse(imported.body)).toMatchObject({ added: 38, replaced: 2, dryRun: false });
  return { app, admin };
}

describe('a menu with categories and options', () => {
  it('lists 40 dishes in 6 sections, in the order the file gives', async () => {
    const { app } = await restaurantWithFortyDishes();
    const menu = CustomerMenu.parse((await new ApiClient(app.baseUrl).get('/api/menu')).body);
    expect(menu.categories).toEqual(['Burgers', 'Sandwiches', 'Sides', 'Salads', 'Desserts', 'Drinks']);
    expect(menu.dishes).toHaveLength(40);
    // Section by section, each dish in its category's place.
    const sectionOrder = menu.dishes.map((dish) => menu.categories.indexOf(dish.category));
    expect(sectionOrder).toEqual([...sectionOrder].sort((a, b) => a - b));
    expect(menu.dishes.slice(0, 2).map((dish) => dish.name)).toEqual(['Hamburger', 'Cheeseburger']);
  });

  it('prices "Hamburger — Large (+$2.00), + bacon ($1.50), no onions" ×2 and keeps it on the ticket and in history', async () => {
    const { app } = await restaurantWithFortyDishes();
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const placed = await customer.client.order([
      { id: HAMBURGER_ID, quantity: 2, options: LARGE_BACON_NO_ONIONS },
      { id: SODA_ID, quantity: 1 },
    ]);
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const order = Order.parse(placed.body);
    const [burger] = order.items;
    expect(burger).toMatchObject({ quantity: 2, unitPrice: 995 + 200 + 150 });
    expect(lineLabel(burger?.name ?? '', burger?.options ?? [], usd)).toBe(
      'Hamburger — Large (+$2.00), + bacon ($1.50), no onions',
    );
    expect(order.total).toBe(2 * 1345 + 199);

    const cook = await signedInStaff(app, 'staff');
    const board = KitchenBoard.parse((await cook.get('/api/staff/kitchen/orders')).body);
    const ticket = board.orders.find((o) => o.id === order.id);
    expect(ticket?.items[0]?.options.map((o) => o.name)).toEqual(['Large', 'Bacon', 'Onions']);

    const history = OrderPage.parse((await customer.client.get('/api/website/orders')).body);
    expect(history.orders[0]?.items[0]).toEqual(burger);
  });

  it('takes the preselected options when none are sent (the original app sends dish ids only)', async () => {
    const { app } = await restaurantWithFortyDishes();
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const order = Order.parse((await customer.client.order([HAMBURGER_ID])).body);
    expect(order.items[0]).toMatchObject({ unitPrice: 995, options: [{ name: 'Regular', price: 0 }] });
  });

  it('refuses options that do not fit the dish, naming why, and stores nothing', async () => {
    const { app, admin } = await restaurantWithFortyDishes();
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const burger = (options: string[]) => customer.client.order([{ id: HAMBURGER_ID, quantity: 1, options }]);

    expect((await burger(['large', 'truffle'])).body).toMatchObject({
      status: 422,
      code: 'unknown_item',
      errors: [
        { field: 'items.0.options', message: 'Hamburger: an option chosen (truffle) is no longer offered.' },
      ],
    });
    expect((await burger(['bacon'])).body).toMatchObject({
      code: 'item_unavailable',
      errors: [{ message: 'Hamburger: choose exactly 1 for Size.' }],
    });
    expect((await burger(['regular', 'large'])).body).toMatchObject({ code: 'item_unavailable' });
    expect((await burger(['regular', 'bacon', 'cheese', 'avocado', 'egg'])).body).toMatchObject({
      errors: [{ message: 'Hamburger: choose 0 to 3 for Extras.' }],
    });

    // An option 86'd on its own: the dish is still sold, that option is not.
    const dish = MenuItem.parse(
      CustomerMenu.parse((await admin.get('/api/menu')).body).dishes.find((d) => d.id === HAMBURGER_ID),
    );
    const { name, price, description, category, available, position, tags, allergens } = dish;
    const input = { name, price, description, category, available, position, tags, allergens };
    const options = dish.options.map((group) => ({
      ...group,
      options: group.options.map((o) => (o.id === 'bacon' ? { ...o, available: false } : o)),
    }));
    expect((await admin.put(`/api/staff/menu/${HAMBURGER_ID}`, { ...input, options })).status).toBe(200);
    expect((await burger(['large', 'bacon'])).body).toMatchObject({
      code: 'item_unavailable',
      errors: [{ message: 'Hamburger: Bacon is sold out.' }],
    });
    expect((await burger(['large'])).status).toBe(201);
    expect(OrderPage.parse((await customer.client.get('/api/website/orders')).body).orders).toHaveLength(1);
  });

  it('refuses option groups that cannot be met: too few options, a priced removal, duplicate ids', async () => {
    const { admin } = await restaurantWithFortyDishes();
    const base = { name: 'Wrap', price: 800, category: 'Sandwiches' };
    const option = { id: 'a', name: 'A', price: 0 };
    for (const options of [
      [{ id: 'g', name: 'Size', kind: 'choice', min: 2, max: 2, options: [option] }],
      [{ id: 'g', name: 'Remove', kind: 'removal', min: 0, max: 1, options: [{ ...option, price: 50 }] }],
      [{ id: 'g', name: 'Size', kind: 'choice', min: 0, max: 1, options: [option, option] }],
    ]) {
      const answer = await admin.post('/api/staff/menu', { ...base, options });
      expect(answer.status, JSON.stringify(options)).toBe(400);
      expect(answer.body).toMatchObject({ code: 'validation_failed' });
    }
  });
});

describe('the order of the menu', () => {
  it('follows the admins: categories moved and renamed, dishes moved', async () => {
    const { app, admin } = await restaurantWithFortyDishes();
    const before = CustomerMenu.parse((await admin.get('/api/menu')).body);
    const drinks = before.dishes.filter((d) => d.category === 'Drinks').map((d) => d.id);
    const answer = await admin.put('/api/staff/menu/layout', {
      categories: [
        { name: 'Drinks' },
        { name: 'Burgers' },
        { name: 'Handhelds', was: 'Sandwiches' },
        { name: 'Sides' },
        { name: 'Salads' },
        { name: 'Desserts' },
      ],
      dishes: [...drinks.reverse(), ...before.dishes.filter((d) => d.category !== 'Drinks').map((d) => d.id)],
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const after = CustomerMenu.parse((await new ApiClient(app.baseUrl).get('/api/menu')).body);
    expect(after.categories).toEqual(['Drinks', 'Burgers', 'Handhelds', 'Sides', 'Salads', 'Desserts']);
    expect(after.dishes.slice(0, drinks.length).map((d) => d.id)).toEqual(drinks);
    expect(after.dishes.filter((d) => d.category === 'Handhelds')).toHaveLength(7);
  });
});

/** Whether a menu stream says Soda is available again before the deadline (events in between skipped). */
async function sodaBackWithin(stream: EventStream, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const event = await stream.next(Math.max(1, deadline - Date.now())).catch(() => null);
    if (!event) return false;
    const menu = CustomerMenu.parse(JSON.parse(event.data));
    if (menu.dishes.find((d) => d.id === SODA_ID)?.available) return true;
  }
  return false;
}

describe('the live menu', () => {
  it('pushes an 86 to open menu pages within 2 s, the dish listed as sold out', async () => {
    const { app, admin } = await restaurantWithFortyDishes();
    const stream = await openEventStream(new ApiClient(app.baseUrl), '/api/menu/events');
    expect(stream.status).toBe(200);
    const first = await stream.next(2000);
    expect(first.event).toBe('menu');
    expect(CustomerMenu.parse(JSON.parse(first.data)).dishes.find((d) => d.id === SODA_ID)?.available).toBe(
      true,
    );

    expect(
      (await admin.post('/api/staff/menu/availability', { ids: [SODA_ID], available: false })).status,
    ).toBe(200);
    const pushed = CustomerMenu.parse(JSON.parse((await stream.next(2000)).data));
    const soda = pushed.dishes.find((d) => d.id === SODA_ID);
    expect(soda).toMatchObject({ name: 'Soda', available: false });
    // Sold out stays listed on the menu, and off the list of what can be ordered now.
    const orderable = (await new ApiClient(app.baseUrl).get<MenuItem[]>('/api/inventory')).body;
    expect(orderable.some((d) => d.id === SODA_ID)).toBe(false);

    // A change this instance did not make (another instance, a hand edit in the database) goes
    // out within the next check, even to pages opened after it.
    await app.store.menu.setAvailability({ ids: [SODA_ID], available: true, at: new Date() });
    const late = await openEventStream(new ApiClient(app.baseUrl), '/api/menu/events');
    expect(await sodaBackWithin(late, 2000)).toBe(true);
    expect(await sodaBackWithin(stream, 2000)).toBe(true);
    stream.close();
    late.close();
  });
});

describe('a menu as a file', () => {
  it('exported and imported into an empty store reproduces the same customer menu', async () => {
    const { app, admin } = await restaurantWithFortyDishes();
    expect(
      (await admin.post('/api/staff/menu/availability', { ids: [SODA_ID], available: false })).status,
    ).toBe(200);
    const exported = await admin.get('/api/staff/menu/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('menu.json');

    const other = await startSandboxApp();
    const otherAdmin = await signedInStaff(other, 'admin');
    for (const dish of await other.store.menu.list({ availableOnly: false })) {
      expect((await otherAdmin.request('DELETE', `/api/staff/menu/${dish.id}`)).status).toBe(204);
    }
    const dryRun = await otherAdmin.post('/api/staff/menu/import?dryRun=true', exported.body);
    expect(dryRun.body).toEqual({ dryRun: true, categories: 6, added: 40, replaced: 0, photos: 0 });
    expect(await other.store.menu.count()).toBe(0);
    expect((await otherAdmin.post('/api/staff/menu/import', exported.body)).status).toBe(200);

    const menuOf = async (baseUrl: string) => {
      const menu = CustomerMenu.parse((await new ApiClient(baseUrl).get('/api/menu')).body);
      // The same dishes, whenever they were written.
      return { ...menu, dishes: menu.dishes.map((dish) => ({ ...dish, createdAt: null, updatedAt: null })) };
    };
    expect(await menuOf(other.baseUrl)).toEqual(await menuOf(app.baseUrl));
  });

  it('refuses a file that is not a menu, changing nothing', async () => {
    const { admin } = await restaurantWithFortyDishes();
    const before = CustomerMenu.parse((await admin.get('/api/menu')).body);
    const file = fortyDishMenu();
    const renamed = file.dishes.map((dish) => ({ ...dish, name: `${dish.name} (new)` }));
    const [first, second] = renamed;
    const png = (
      await sharp({ create: { width: 400, height: 300, channels: 3, background: '#c33' } })
        .png()
        .toBuffer()
    ).toString('base64');
    for (const [broken, status] of [
      [{ ...file, dishes: [...renamed, { ...first, id: '7e57ffffffffffffffffffff', price: -5 }] }, 400],
      [{ ...file, dishes: [...renamed, { ...second }] }, 400],
      [{ ...file, categories: ['Drinks', 'Drinks'] }, 400],
      [{ dishes: [] }, 400],
      // Well formed, but its photo is not a rendition this app writes: found before any write.
      [{ ...file, dishes: [...renamed.slice(1), { ...first, photo: { small: png, large: png } }] }, 415],
    ] as const) {
      expect((await admin.post('/api/staff/menu/import', broken)).status).toBe(status);
    }
    expect(CustomerMenu.parse((await admin.get('/api/menu')).body)).toEqual(before);
  });
});
