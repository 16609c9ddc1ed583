// The customer and the kitchen in two browsers: an order appears on the board with an alert,
// the cook taps it through to ready, the customer's page follows live, and one "ready" text
// reaches the customer's phone. On SQLite and on MongoDB.
import { describe, expect, it } from 'vitest';
import {
  chromiumIsAvailable,
  saveScreenshot,
  seriousAccessibilityViolations,
  openKitchenBoard,
  signInAsStaff,
  useChromium,
  waitForCode,
  watchConsole,
} from '../support/browser.js';
import { addAccount, STRONG_PASSWORD } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';
import { createTestDatabase, testMongoUri } from '../support/test-store.js';

describe.skipIf(!chromiumIsAvailable())('the kitchen board with a customer', () => {
  const { openPage } = useChromium();

  for (const mongo of [false, true]) {
    it.skipIf(mongo && !testMongoUri())(
      `shows a new order at once and texts "ready" once (${mongo ? 'MongoDB' : 'SQLite'})`,
      async () => {
        const database = await createTestDatabase(mongo ? 'mongodb' : 'sqlite');
        try {
          const { baseUrl, store, sandbox } = await startSandboxApp({ database });
          await addAccount(store, { username: 'chef', phone: '15556660999', role: 'staff' });

          // The cook signs in on the tablet.
          const board = await openPage({ viewport: { width: 1366, height: 1024 }, reducedMotion: 'reduce' });
          const boardProblems = watchConsole(board);
          await board.goto(`${baseUrl}/staff/kitchen`);
          await board.waitForURL(`${baseUrl}/staff/login`);
          await openKitchenBoard(board, { baseUrl, sandbox }, { username: 'chef', phone: '15556660999' });

          // The customer registers and orders.
          const customer = await openPage({
            viewport: { width: 390, height: 844 },
            isMobile: true,
            hasTouch: true,
          });
          await customer.goto(`${baseUrl}/website/register`);
          await customer.getByLabel('Username or email').fill('dora@example.com');
          await customer.getByLabel('Password').fill(STRONG_PASSWORD);
          await customer.getByLabel('Mobile number').fill('15556661234');
          await customer.getByRole('button', { name: 'Create account' }).click();
          await customer.getByLabel('Code').fill(await waitForCode(sandbox.simulator, '15556661234'));
          await customer.getByRole('button', { name: 'Confirm my number' }).click();
          await customer.waitForURL(`${baseUrl}/website/order`);
          await customer.getByRole('button', { name: 'Add Hamburger to the cart' }).click();
          await customer.goto(`${baseUrl}/website/checkout`);
          await customer.getByRole('button', { name: /Place order/ }).click();
          await customer.waitForURL(/\/website\/orders\/[0-9a-f]{24}$/);
          const number = (await customer.getByTestId('order-number').textContent())?.replace('#', '') ?? '';

          // The ticket appears on the board with an alert.
          await board.getByTestId('new-order-alert').getByText(`#${number}`).waitFor({ timeout: 5000 });
          const ticket = board.getByRole('article', { name: `Order ${number} for dora` });
          await ticket.waitFor();
          expect(await ticket.textContent()).toContain('1 × Hamburger');
          expect(await seriousAccessibilityViolations(board)).toEqual([]);
          if (!mongo) {
            await saveScreenshot(board, 'kitchen-board.png');
          }

          // Tap: preparing, then ready. The customer's page follows.
          await ticket.getByRole('button', { name: `Start order ${number}` }).click();
          await customer.getByTestId('order-status').getByText('preparing').waitFor();
          await board.getByTestId(`ticket-status-${number}`).getByText('Preparing').waitFor();
          await ticket.getByRole('button', { name: `Ready order ${number}` }).click();
          await customer.getByTestId('order-status').getByText('ready').waitFor();

          // One "ready" text in the dev inbox.
          const readyText = `Von Appétit: order #${number} is ready for pickup`;
          await expect
            .poll(
              () => sandbox.simulator.sent({ to: '15556661234' }).filter((m) => m.text === readyText).length,
              { timeout: 5000 },
            )
            .toBe(1);
          const inbox = await openPage();
          await inbox.goto(`${baseUrl}/dev/inbox`);
          await inbox.getByText(readyText).waitFor();
          expect(await inbox.getByText(readyText).count()).toBe(1);
          expect(boardProblems).toEqual([]);
        } finally {
          await database.drop();
        }
      },
    );
  }

  it('lets an admin reprice and 86 a dish, which the customer menu shows as sold out, and audits both', async () => {
    const { baseUrl, store, sandbox } = await startSandboxApp();
    await addAccount(store, { username: 'owner', phone: '15556660998', role: 'admin' });
    const page = await openPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const problems = watchConsole(page);
    await signInAsStaff(page, { baseUrl, sandbox }, { username: 'owner', phone: '15556660998' });
    await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Menu' }).click();
    await page.getByRole('button', { name: 'Edit Hamburger' }).click();
    const editor = page.getByRole('dialog');
    expect(await editor.getByLabel('Price ($)').inputValue()).toBe('9.95');
    await editor.getByLabel('Price ($)').fill('10.50');
    await editor.getByRole('button', { name: 'Save Hamburger' }).click();
    await page.getByRole('status').getByText('Hamburger saved.').waitFor();

    await page.getByRole('checkbox', { name: 'Hamburger sold out' }).check();
    await page.getByRole('status').getByText('Hamburger marked sold out.').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'menu-editor.png');

    const orderable = (await (await fetch(`${baseUrl}/api/inventory`)).json()) as { name: string }[];
    expect(orderable.map((dish) => dish.name)).toEqual(['Soda']);
    const menu = (await (await fetch(`${baseUrl}/api/menu`)).json()) as {
      dishes: { name: string; price: number; available: boolean }[];
    };
    expect(menu.dishes.find((dish) => dish.name === 'Hamburger')).toMatchObject({
      price: 1050,
      available: false,
    });

    // The log says it as the pages do: the price in dollars, only what changed, who.
    await page.getByRole('link', { name: 'Audit' }).click();
    const changes = page.getByRole('list', { name: 'Changes, newest first' });
    const update = changes.getByRole('listitem').filter({ hasText: 'Changed a dish' });
    await update.waitFor();
    const said = (await update.innerText()).replace(/\s+/g, ' ');
    expect(said).toMatch(/^Changed a dish · Hamburger Menu owner, .+ Price: \$9\.95 → \$10\.50$/);
    expect(await update.textContent()).not.toContain('Description');
    expect(
      await changes.getByRole('listitem').filter({ hasText: 'Marked dishes sold out' }).textContent(),
    ).toContain('Dishes: Hamburger');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, 'audit-log.png');
    await page.getByLabel('Page').selectOption('Team');
    await page.getByText('No change matches these filters.').waitFor();
    await page.getByLabel('Page').selectOption('Menu');
    await changes.getByRole('listitem').filter({ hasText: 'Changed a dish' }).waitFor();
    expect(problems).toEqual([]);
  });
});
