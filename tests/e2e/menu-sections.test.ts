// A restaurant-sized menu as a customer on a phone and an admin live it, in Chromium: 40 dishes in
// 6 sections with tabs that follow the scroll, "Hamburger — Large (+$2.00), + bacon ($1.50), no
// onions" ordered twice and priced the same on checkout, the ticket and in history; an 86 by the
// admin reaching an open menu and cart within 2 s. On SQLite and on MongoDB.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chromiumIsAvailable,
  openKitchenBoard,
  registerDora,
  saveScreenshot,
  seriousAccessibilityViolations,
  signInAsStaff,
  useChromium,
  watchConsole,
} from '../support/browser.js';
import { addAccount, signedInStaff } from '../support/customers.js';
import { fortyDishMenu, HAMBURGER_ID, SODA_ID } from '../support/menu-fixture.js';
import { aPhoneJpegWithGps } from '../support/photos.js';
import { startSandboxApp } from '../support/sandbox-app.js';
import { createTestDatabase, testMongoUri } from '../support/test-store.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const LABEL = 'Hamburger — Large (+$2.00), + bacon ($1.50), no onions';

async function restaurant(database: Awaited<ReturnType<typeof createTestDatabase>>) {
  const app = await startSandboxApp({ database });
  const admin = await signedInStaff(app, 'admin', 'owner', '15556660001');
  expect((await admin.post('/api/staff/menu/import', fortyDishMenu())).status).toBe(200);
  // The Hamburger has a photo from the owner's phone; every other dish shows its category's tile.
  const photo = await admin.request('PUT', `/api/staff/menu/${HAMBURGER_ID}/photo`, {
    raw: await aPhoneJpegWithGps(),
    headers: { 'content-type': 'image/jpeg' },
  });
  expect(photo.status).toBe(200);
  await addAccount(app.store, { username: 'chef', phone: '15556660999', role: 'staff' });
  return { ...app, admin };
}

/** How many dish rows are wholly on the phone's screen now, below the sticky bars. */
async function dishesOnScreen(page: Page): Promise<number> {
  const height = page.viewportSize()?.height ?? 0;
  const bars = (await page.getByTestId('menu-tabs').boundingBox()) ?? { y: 0, height: 0 };
  let count = 0;
  for (const card of await page.getByTestId('dish').all()) {
    const box = await card.boundingBox();
    if (box && box.y >= bars.y + bars.height && box.y + box.height <= height) count += 1;
  }
  return count;
}

describe.skipIf(!chromiumIsAvailable())('a restaurant-sized menu in the browser', () => {
  const { openPage } = useChromium();

  for (const mongo of [false, true]) {
    it.skipIf(mongo && !testMongoUri())(
      `shows 40 dishes in sections on a phone and orders a Hamburger with options twice (${mongo ? 'MongoDB' : 'SQLite'})`,
      async () => {
        const database = await createTestDatabase(mongo ? 'mongodb' : 'sqlite');
        const app = await restaurant(database);
        const phone = await openPage(PHONE);
        const problems = watchConsole(phone);
        await registerDora(phone, app);

        // Compact rows: several dishes a screen; tabs for the six sections.
        await phone.getByRole('heading', { name: 'Hamburger' }).waitFor();
        // The photo is sized before it loads (no layout shift) and offers both renditions.
        const picture = phone.getByTestId('dish').first().locator('img');
        expect(await picture.getAttribute('width')).toBe('960');
        expect(await picture.getAttribute('height')).toBe('720');
        expect(await picture.getAttribute('srcset')).toMatch(/-400\.webp 400w, .*-960\.webp 960w$/);
        expect(await picture.getAttribute('loading')).toBe('lazy');
        await expect
          .poll(() => picture.evaluate((img) => (img as unknown as { complete: boolean }).complete))
          .toBe(true);
        const tabs = phone.getByTestId('menu-tabs');
        expect(await tabs.getByRole('button').allTextContents()).toEqual([
          'Burgers',
          'Sandwiches',
          'Sides',
          'Salads',
          'Desserts',
          'Drinks',
        ]);
        if (!mongo) await saveScreenshot(phone, 'menu-sections-phone.png');
        // Scrolled to a section, as a customer reads the menu: several dishes a screen.
        await tabs.getByRole('button', { name: 'Sandwiches' }).click();
        await tabs
          .getByRole('button', { name: 'Sandwiches' })
          .and(phone.locator('[aria-current="true"]'))
          .waitFor();
        await phone.waitForTimeout(800);
        if (!mongo) await saveScreenshot(phone, 'menu-phone-scrolled.png');
        expect(await dishesOnScreen(phone)).toBeGreaterThanOrEqual(5);

        // The tabs follow the scroll: scrolled by hand until Desserts is at the top, the Desserts
        // tab is the current one, scrolled into the tab bar's view.
        const desserts = await phone.getByRole('heading', { name: 'Desserts', level: 2 }).boundingBox();
        await phone.evaluate(`window.scrollBy(0, ${String((desserts?.y ?? 0) - 170)})`);
        await tabs
          .getByRole('button', { name: 'Desserts' })
          .and(phone.locator('[aria-current="true"]'))
          .waitFor();
        expect(await phone.getByTestId('menu-tabs').isVisible()).toBe(true);
        // A tab takes you to its section.
        await tabs.getByRole('button', { name: 'Burgers' }).click();
        await tabs
          .getByRole('button', { name: 'Burgers' })
          .and(phone.locator('[aria-current="true"]'))
          .waitFor();

        // The dish dialog: Large, bacon, no onions, two of them.
        await phone.getByRole('button', { name: 'Choose options for Hamburger' }).click();
        const dialog = phone.getByTestId('dish-dialog');
        await dialog.waitFor();
        await dialog.getByRole('radio', { name: /Large/ }).check();
        await dialog.getByRole('checkbox', { name: /Bacon/ }).check();
        await dialog.getByRole('checkbox', { name: /No onions/ }).check();
        await dialog.getByRole('button', { name: 'One more Hamburger' }).click();
        expect((await dialog.getByTestId('dish-add').textContent())?.trim()).toBe('Add 2 · $26.90');
        expect(await seriousAccessibilityViolations(phone)).toEqual([]);
        if (!mongo) await saveScreenshot(phone, 'menu-dish-dialog-phone.png');
        await dialog.getByTestId('dish-add').click();
        await dialog.waitFor({ state: 'detached' });

        // The phone's cart bar, then checkout.
        expect((await phone.getByTestId('view-cart').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
          'View cart · 2 items · $26.90',
        );
        await phone.goto(`${app.baseUrl}/website/checkout`);
        // The label comes with the menu (the cart keeps ids and the choice, not the prices).
        await phone.getByTestId('checkout-line').getByText(LABEL).waitFor();
        await phone
          .getByTestId('pickup-time')
          .or(phone.getByRole('radio', { name: /As soon as possible/ }))
          .first()
          .waitFor();
        await phone.getByRole('button', { name: /Place order · \$26\.90/ }).click();
        await phone.waitForURL(/\/website\/orders\/[0-9a-f]{24}$/);
        expect(await phone.getByRole('table').textContent()).toContain(LABEL);
        expect((await phone.getByTestId('order-total').textContent())?.trim()).toBe('$26.90');
        const number = (await phone.getByTestId('order-number').textContent())?.replace('#', '') ?? '';

        // The ticket: what to cook, without prices.
        const board = await openPage({ viewport: { width: 1366, height: 1024 }, reducedMotion: 'reduce' });
        await openKitchenBoard(board, app, { username: 'chef', phone: '15556660999' });
        const ticket = board.getByRole('article', { name: `Order ${number} for dora` });
        await ticket.waitFor();
        expect(await ticket.getByTestId('ticket-options').textContent()).toBe('Large, + bacon, no onions');

        // History: the same line, and Order again puts it back in the cart as it was.
        await phone.goto(`${app.baseUrl}/website/orders`);
        await phone.getByRole('heading', { name: `Order #${number}` }).waitFor();
        expect(await phone.getByRole('main').textContent()).toContain(`2 × ${LABEL}`);
        await phone.getByRole('button', { name: /Order again/ }).click();
        await phone.getByTestId('cart-line').getByText(LABEL).waitFor();

        // Bacon leaves the menu: ordering again says which option is gone, and adds nothing for it.
        const file = fortyDishMenu();
        const burger = file.dishes.find((dish) => dish.id === HAMBURGER_ID);
        const withoutBacon = burger && {
          ...burger,
          options: burger.options.map((group) => ({
            ...group,
            options: group.options.filter((option) => option.id !== 'bacon'),
          })),
        };
        expect(
          (await app.admin.post('/api/staff/menu/import', { ...file, dishes: [withoutBacon] })).status,
        ).toBe(200);
        await phone.reload();
        await phone.getByRole('button', { name: /Order again/ }).click();
        expect(await phone.getByTestId('reorder-problems').textContent()).toContain(
          'Hamburger was not added: Bacon is no longer offered.',
        );
        expect(problems).toEqual([]);
      },
    );
  }

  it('lands each tab on its section just under the bars, the last section on the first tap too', async () => {
    // Sections off screen are not laid out at first (a phone's first paint is spared them): the
    // first tap must still land where the section truly is, on a phone and on a laptop.
    const app = await restaurant(await createTestDatabase('sqlite'));
    for (const viewport of [PHONE.viewport, { width: 1366, height: 768 }]) {
      const page = await openPage({ viewport });
      await page.goto(`${app.baseUrl}/website/order`);
      const tabs = page.getByTestId('menu-tabs');
      for (const name of ['Drinks', 'Salads', 'Burgers']) {
        await tabs.getByRole('button', { name }).click();
        await tabs.getByRole('button', { name }).and(page.locator('[aria-current="true"]')).waitFor();
        const gap = async () => {
          const bars = await page.locator('.sticky', { has: tabs }).boundingBox();
          const heading = await page.getByRole('heading', { name, level: 2 }).boundingBox();
          return Math.round((heading?.y ?? 0) - ((bars?.y ?? 0) + (bars?.height ?? 0)));
        };
        // Smooth scrolling settles where the section's top margin puts it: 24 px under the bars.
        await expect.poll(gap, { timeout: 5000 }).toBe(24);
      }
    }
  });

  it("shows an 86 on an open menu and cart within 2 s, keeping the dish's name and blocking checkout", async () => {
    const app = await restaurant(await createTestDatabase('sqlite'));
    const phone = await openPage({ ...PHONE, reducedMotion: 'reduce' });
    await registerDora(phone, app);
    await phone.getByRole('button', { name: 'Add Soda to the cart' }).click();
    await phone.getByTestId('view-cart').waitFor();

    expect(
      (await app.admin.post('/api/staff/menu/availability', { ids: [SODA_ID], available: false })).status,
    ).toBe(200);
    const soda = phone
      .getByTestId('dish')
      .filter({ has: phone.getByRole('heading', { name: 'Soda', exact: true }) });
    await soda.getByTestId('sold-out').waitFor({ timeout: 2000 });
    expect(await phone.getByRole('button', { name: 'Add Soda to the cart' }).count()).toBe(0);

    expect(await phone.getByTestId('view-cart').textContent()).toContain(
      'View cart · 1 item · a dish changed',
    );
    await phone.getByTestId('view-cart').click();
    const problem = phone.getByTestId('cart-line').getByTestId('line-problem');
    expect(await problem.textContent()).toContain('Soda — sold out, remove it to check out');
    expect(await phone.getByRole('button', { name: 'Check out' }).isDisabled()).toBe(true);
    await saveScreenshot(phone, 'cart-sold-out-phone.png');
  });

  it('lets an admin 86 a dish with one switch and undo it, and reorder categories', async () => {
    const app = await restaurant(await createTestDatabase('sqlite'));
    const page = await openPage({ viewport: { width: 1280, height: 900 } });
    await signInAsStaff(page, app, { username: 'owner', phone: '15556660001' });
    await page.goto(`${app.baseUrl}/staff/menu`);
    const row = page.getByTestId('editor-dish').filter({ hasText: 'Lemonade' });
    await row.getByTestId('sold-out-switch').check();
    await page.getByTestId('undo').waitFor();
    await expect
      .poll(
        async () =>
          (await app.store.menu.list({ availableOnly: false })).find((d) => d.name === 'Lemonade')?.available,
      )
      .toBe(false);
    await page.getByTestId('undo').click();
    await expect
      .poll(
        async () =>
          (await app.store.menu.list({ availableOnly: false })).find((d) => d.name === 'Lemonade')?.available,
      )
      .toBe(true);

    await page.getByRole('button', { name: 'Move Drinks up' }).click();
    await expect
      .poll(
        async () => (await app.admin.get<{ categories: string[] }>('/api/staff/menu/layout')).body.categories,
      )
      .toEqual(['Burgers', 'Sandwiches', 'Sides', 'Salads', 'Drinks', 'Desserts']);
    await page.getByRole('button', { name: 'Edit Hamburger' }).click();
    await page.getByRole('dialog').getByTestId('dish-name').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'menu-dish-editor.png');
  });
});
