// The restaurant's budget of text messages (H5): ceilings an hour and a day, codes and
// notifications apart, shared by every instance; texts only to the countries allowed.
import { describe, expect, it } from 'vitest';
import { Invitation } from '../../src/contract/team.js';
import { Order } from '../../src/contract/orders.js';
import { ApiClient } from '../support/api-client.js';
import {
  addAccount,
  aPhone,
  aUsername,
  codeFor,
  registerCustomer,
  signedInStaff,
  STRONG_PASSWORD,
} from '../support/customers.js';
import { anOrder } from '../support/factories.js';
import { aClock } from '../support/clock.js';
import { startSandboxApp } from '../support/sandbox-app.js';
import { buildTestApp } from '../support/test-app.js';
import { quietLog } from '../support/logs.js';
import { createLimiter } from '../../src/server/services/limiter.js';
import { createTextBudget } from '../../src/server/services/text-budget.js';
import { newTextMessage } from '../../src/server/domain/order.js';

type App = Awaited<ReturnType<typeof startSandboxApp>>;
const HAMBURGER = '5eed00000000000000000001';

const sent = (app: App, kind: 'verify-code' | 'message') =>
  app.sandbox.simulator.sent().filter((m) => m.kind === kind);

const alerts = (app: App) =>
  app.logs
    .filter((line) => line.level === 50 && String(line.msg).startsWith('ALERT'))
    .map((line) => line.msg);

describe('the text budget', () => {
  it('holds under a 60-second storm of code requests from 200 addresses, and orders still queue their texts (H5)', async () => {
    const clock = aClock();
    const app = await startSandboxApp({
      env: { TRUST_PROXY_HOPS: '1', SMS_CODES_PER_HOUR: '20', EXPOSE_METRICS: 'true' },
      now: clock.now,
    });
    const customers = [];
    for (let i = 0; i < 2; i += 1) {
      customers.push(
        await registerCustomer(app.baseUrl, app.sandbox.simulator, {
          headers: { 'x-forwarded-for': `192.0.2.${i + 1}` },
        }),
      );
    }
    const storm = async (i: number) => {
      const client = new ApiClient(app.baseUrl, {
        'x-forwarded-for': `10.${i % 250}.${Math.floor(i / 250)}.9`,
      });
      const answer = await client.post('/api/website/register', {
        username: aUsername(),
        password: STRONG_PASSWORD,
        phone: aPhone(),
      });
      clock.advance(300);
      return answer;
    };
    const answers = [];
    const orders = [];
    for (let wave = 0; wave < 10; wave += 1) {
      answers.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => storm(wave * 20 + i)))));
      // Customers keep ordering through it: every order is taken, its confirmation queued.
      const customer = customers[wave % customers.length];
      if (customer) orders.push(await customer.client.order([{ id: HAMBURGER, quantity: 1 }]));
    }
    // Registrations may spend half the code ceiling (10 of 20), two of it before the storm: every
    // hit counted once, on either store, however the requests race.
    const accepted = answers.filter((a) => a.status === 202).length;
    expect(accepted).toBe(8);
    expect(sent(app, 'verify-code')).toHaveLength(2 + accepted);
    const refused = answers.filter((a) => a.status === 503);
    expect(refused).toHaveLength(200 - accepted);
    for (const answer of refused) {
      expect(answer.body).toMatchObject({ code: 'sms_budget_exhausted' });
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    for (const order of orders) {
      expect(order.status).toBe(201);
      expect(Order.parse(order.body).confirmation).not.toBeNull();
    }
    // The other half is the sign-ins': a customer signs in in the middle of it.
    const [first] = customers;
    if (!first) throw new Error('no customer');
    await first.client.post('/api/website/logout');
    const again = new ApiClient(app.baseUrl, { 'x-forwarded-for': '192.0.2.1' });
    expect(
      (await again.post('/api/website/authenticate', { username: first.username, password: STRONG_PASSWORD }))
        .body,
    ).toMatchObject({ next: 'otp' });
    const code = codeFor(app.sandbox.simulator, first.phone);
    expect((await again.post('/api/website/authenticate/verify', { tfaPin: code })).body).toMatchObject({
      stage: 'full',
    });
    // Said once each, at error level: 80 %, and spent (in either order, as requests race).
    expect(alerts(app)).toHaveLength(2);
    expect(alerts(app)).toEqual(
      expect.arrayContaining([
        'ALERT: 80 % of the hourly registration code budget is spent',
        expect.stringMatching(/^ALERT: the hourly registration code budget is spent: no more until /),
      ]),
    );
    const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
    const ratio = Math.round(((2 + accepted) / 10) * 1000) / 1000;
    const series = (name: string, kind: string, value: number) =>
      `von_appetit_sms_budget_${name}{kind="${kind}",window="hour"} ${value}\n`;
    expect(metrics).toContain(series('used_ratio', 'registration_codes', ratio));
    expect(metrics).toContain(series('sent', 'sign_in_codes', 1));
    expect(metrics).toContain(series('ceiling', 'sign_in_codes', 10));
  });

  it('keeps notifications past their ceiling in the outbox until the next window (H5)', async () => {
    const clock = aClock();
    const app = await startSandboxApp({ env: { SMS_NOTIFICATIONS_PER_HOUR: '2' }, now: clock.now });
    const placed = [];
    for (let i = 0; i < 3; i += 1) {
      const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
      placed.push(Order.parse((await customer.client.order([{ id: HAMBURGER, quantity: 1 }])).body));
    }
    await expect.poll(() => sent(app, 'message').length, { timeout: 5000 }).toBe(2);
    // An invitation meanwhile is not texted: the admin is told to hand the link over.
    const admin = await signedInStaff(app, 'admin');
    const invited = Invitation.parse(
      (await admin.post('/api/staff/team', { username: 'new-cook', phone: aPhone(), role: 'staff' })).body,
    );
    expect(invited.texted).toBe(false);
    const waiting = await Promise.all(placed.map((order) => app.store.orders.get({ id: order.id })));
    expect(waiting.map((order) => order?.notifications[0]?.status).sort()).toEqual([
      'pending',
      'sent',
      'sent',
    ]);
    expect(alerts(app)).toEqual([expect.stringMatching(/^ALERT: the hourly notification budget is spent/)]);
    clock.advance(60 * 60_000);
    await expect.poll(() => sent(app, 'message').length, { timeout: 5000 }).toBe(3);
  });

  it('texts only the countries allowed: an account elsewhere gets no code and no text (H5)', async () => {
    const app = await startSandboxApp({ env: { PHONE_COUNTRIES: 'US' } });
    await addAccount(app.store, { username: 'abroad', phone: '447700900123', role: 'customer' });
    const client = new ApiClient(app.baseUrl);
    const signIn = await client.post('/api/website/authenticate', {
      username: 'abroad',
      password: STRONG_PASSWORD,
    });
    expect(signIn.body).toMatchObject({ status: 400, code: 'phone_not_supported' });
    // An order of such an account (placed before the list changed) keeps its text unsent.
    const user = await app.store.users.findByUsername({ username: 'abroad' });
    if (!user) throw new Error('no account');
    const at = new Date();
    await app.store.orders.add({
      order: anOrder(user.id, {
        notifications: [newTextMessage({ id: 'n1', to: '+447700900123', text: 'Your order', at })],
        outboxDueAt: at,
      }),
    });
    await expect
      .poll(
        async () =>
          (await app.store.orders.listOfUser({ userId: user.id, limit: 1 }))[0]?.notifications[0]?.status,
        {
          timeout: 5000,
        },
      )
      .toBe('failed');
    expect(app.sandbox.simulator.sent({ to: '447700900123' })).toEqual([]);
  });

  it('counts a text only when the provider accepted it, even when sending throws (H5)', async () => {
    const { store } = await buildTestApp();
    const now = () => new Date();
    const budget = createTextBudget({
      store,
      limiter: createLimiter(store, now),
      log: quietLog,
      now,
      ceilings: { codesPerHour: 10, codesPerDay: 10, notificationsPerHour: 2, notificationsPerDay: 2 },
    });
    const sentThisHour = async () =>
      (await budget.usage()).find((u) => u.kind === 'notifications' && u.window === 'hour')?.sent;
    await expect(
      budget.sendNotification(() => Promise.reject(new Error('socket hang up'))),
    ).rejects.toThrow();
    expect(await budget.sendNotification(() => Promise.resolve('rejected'))).toEqual({ sent: 'rejected' });
    expect(await budget.sendNotification(() => Promise.resolve(null))).toEqual({ sent: null });
    expect(await sentThisHour()).toBe(0);
    expect(await budget.sendNotification(() => Promise.resolve('accepted'))).toEqual({ sent: 'accepted' });
    expect(await budget.sendNotification(() => Promise.resolve('accepted'))).toEqual({ sent: 'accepted' });
    expect(await sentThisHour()).toBe(2);
    let called = false;
    const spent = await budget.sendNotification(() => {
      called = true;
      return Promise.resolve('accepted');
    });
    expect(spent).toHaveProperty('spentUntil');
    expect(called).toBe(false);
  });
});
