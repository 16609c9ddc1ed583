// Nobody can lock the owner of a proven phone out of signing in (H1), and of several sign-ins of
// one account only the newest may enter the code (H3). The simulator stands in for Vonage.
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import {
  aPhone,
  aUsername,
  codeFor,
  registerCustomer,
  signedInStaff,
  STRONG_PASSWORD,
} from '../support/customers.js';
import { aClock } from '../support/clock.js';
import { startSandboxApp } from '../support/sandbox-app.js';
import { hashPassword } from '../../src/server/infrastructure/passwords.js';

type App = Awaited<ReturnType<typeof startSandboxApp>>;

let network = 0;
/** A client of its own network each time (an attacker with many addresses), behind one proxy hop. */
const stranger = (app: App) =>
  new ApiClient(app.baseUrl, { 'x-forwarded-for': `10.${(network += 1) % 250}.3.9` });

const codesTo = (app: App, phone: string) =>
  app.sandbox.simulator.sent({ to: phone }).filter((m) => m.kind === 'verify-code').length;

/** A registration naming someone else's number: its answer, and the client that holds its session. */
async function registerWithTheirNumber(app: App, phone: string, username = aUsername()) {
  const attacker = stranger(app);
  const answer = await attacker.post('/api/website/register', {
    username,
    password: STRONG_PASSWORD,
    phone,
  });
  return { attacker, answer };
}

describe('locking someone out of signing in', () => {
  it('leaves a customer signing in at once after 20 registrations naming their number and 20 wrong passwords (H1)', async () => {
    const clock = aClock();
    const app = await startSandboxApp({ env: { TRUST_PROXY_HOPS: '1' }, now: clock.now });
    const home = { 'x-forwarded-for': '192.0.2.44' };
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator, { headers: home });
    await customer.client.post('/api/website/logout');

    // Spread over two hours, so that codes in flight expire and the number's budget is spent.
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      statuses.push((await registerWithTheirNumber(app, customer.phone)).answer.status);
      clock.advance(6 * 60_000);
    }
    for (let i = 0; i < 20; i += 1) {
      const guess = await stranger(app).post('/api/website/authenticate', {
        username: customer.username,
        password: `not it ${i}`,
      });
      expect(guess.status).toBe(401);
    }
    // Registrations could text the number a few times (its registration budget), never more.
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 202 || s === 429)).toBe(true);
    expect(codesTo(app, customer.phone)).toBeLessThanOrEqual(1 + 10);

    // One more, whose code (if the budget let it go) is in flight to the owner's phone.
    await registerWithTheirNumber(app, customer.phone);
    const owner = new ApiClient(app.baseUrl, home);
    const signIn = await owner.post('/api/website/authenticate', {
      username: customer.username,
      password: STRONG_PASSWORD,
    });
    expect(signIn.body).toMatchObject({ next: 'otp' });
    const code = codeFor(app.sandbox.simulator, customer.phone);
    expect((await owner.post('/api/website/authenticate/verify', { tfaPin: code })).body).toMatchObject({
      stage: 'full',
      username: customer.username,
    });
  });

  it("keeps the owner's browser signing in after 120 wrong passwords from 12 networks (H1)", async () => {
    const app = await startSandboxApp({ env: { TRUST_PROXY_HOPS: '1' } });
    const home = { 'x-forwarded-for': '192.0.2.46' };
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator, { headers: home });
    // Completing a sign-in made this browser a trusted device.
    expect(customer.client.cookies.get('device')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await customer.client.post('/api/website/logout');
    // A second account signs in on the same browser (a shared tablet): the first stays trusted.
    const second = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    await customer.client.post('/api/website/authenticate', {
      username: second.username,
      password: STRONG_PASSWORD,
    });
    await customer.client.post('/api/website/authenticate/verify', {
      tfaPin: codeFor(app.sandbox.simulator, second.phone),
    });
    await customer.client.post('/api/website/logout');
    for (let attempt = 0; attempt < 120; attempt += 1) {
      const guesser = new ApiClient(app.baseUrl, { 'x-forwarded-for': `10.${Math.floor(attempt / 10)}.7.1` });
      const guess = await guesser.post('/api/website/authenticate', {
        username: customer.username,
        password: `guess number ${attempt}`,
      });
      expect(guess.status).toBe(401);
    }
    // The account's bound (ASVS: at most 100 failures an hour) now refuses browsers it never
    // saw, including one trusted by another account only…
    for (const browser of [
      new ApiClient(app.baseUrl, { 'x-forwarded-for': '198.51.100.200' }),
      second.client,
    ]) {
      const refused = await browser.post('/api/website/authenticate', {
        username: customer.username,
        password: STRONG_PASSWORD,
      });
      expect(refused.body).toMatchObject({ status: 401, code: 'invalid_credentials' });
    }
    // …but not the owner's own browser, wherever it is.
    const signIn = await customer.client.post('/api/website/authenticate', {
      username: customer.username,
      password: STRONG_PASSWORD,
    });
    expect(signIn.body).toMatchObject({ next: 'otp' });
    const code = codeFor(app.sandbox.simulator, customer.phone);
    const verified = await customer.client.post('/api/website/authenticate/verify', { tfaPin: code });
    expect(verified.body).toMatchObject({ stage: 'full' });
    // A stolen device cookie is no skeleton key: it has 10 wrong passwords of its own to spend.
    await customer.client.post('/api/website/logout');
    const statuses = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const password = attempt < 10 ? `wrong ${attempt}` : STRONG_PASSWORD;
      statuses.push(
        (await customer.client.post('/api/website/authenticate', { username: customer.username, password }))
          .status,
      );
    }
    expect(statuses).toEqual(Array(11).fill(401));
  });

  it('gives the owner of a proven phone the code a registration naming it had texted there (H1)', async () => {
    const clock = aClock();
    const app = await startSandboxApp({ env: { TRUST_PROXY_HOPS: '1' }, now: clock.now });
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    await customer.client.post('/api/website/logout');
    const attackerName = aUsername();
    const { attacker, answer } = await registerWithTheirNumber(app, customer.phone, attackerName);
    expect(answer.status).toBe(202);
    const texted = codesTo(app, customer.phone);
    // Vonage keeps that code in flight for 10 minutes; the owner does not wait for it to end.
    const owner = stranger(app);
    const signIn = await owner.post('/api/website/authenticate', {
      username: customer.username,
      password: STRONG_PASSWORD,
    });
    expect(signIn.body).toMatchObject({ next: 'otp' });
    expect(codesTo(app, customer.phone)).toBe(texted);
    const code = codeFor(app.sandbox.simulator, customer.phone);
    // The registration lost its hold on the code: it is told to ask for another, which it cannot.
    expect((await attacker.post('/api/website/authenticate/verify', { tfaPin: code })).body).toMatchObject({
      status: 410,
      code: 'otp_used_up',
    });
    // Nor can it take the code back: not by registering again, not by asking for a new one
    // (which would cancel the owner's).
    const again = await registerWithTheirNumber(app, customer.phone, attackerName);
    expect(again.answer.body).toMatchObject({ status: 429, code: 'otp_cooldown' });
    clock.advance(61_000);
    expect((await attacker.post('/api/website/authenticate/resend')).body).toMatchObject({
      status: 429,
      code: 'otp_cooldown',
    });
    expect((await owner.post('/api/website/authenticate/verify', { tfaPin: code })).body).toMatchObject({
      stage: 'full',
    });
  });

  it('keeps a code the owner of a proven phone took over from an account whose phone is not proven (H1)', async () => {
    const clock = aClock();
    const app = await startSandboxApp({ env: { TRUST_PROXY_HOPS: '1' }, now: clock.now });
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    await customer.client.post('/api/website/logout');
    // An account of the original app that named the customer's number, never proven, whose
    // password someone else knows.
    await app.store.users.add({
      user: {
        username: 'old-account',
        phone: `+${customer.phone}`,
        passwordHash: await hashPassword(STRONG_PASSWORD),
        role: 'customer',
        phoneVerifiedAt: null,
      },
      at: new Date(),
    });
    const other = stranger(app);
    const signIn = { username: 'old-account', password: STRONG_PASSWORD };
    expect((await other.post('/api/website/authenticate', signIn)).body).toMatchObject({
      next: 'verify_phone',
    });
    const owner = stranger(app);
    await owner.post('/api/website/authenticate', { username: customer.username, password: STRONG_PASSWORD });
    const code = codeFor(app.sandbox.simulator, customer.phone);
    // The other account cannot spend the owner's tries, take the code back, or cancel it.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const wrong = await other.post('/api/website/authenticate/verify', {
        tfaPin: code === '000000' ? '111111' : '000000',
      });
      expect(wrong.body).toMatchObject({ status: 410, code: 'otp_used_up' });
    }
    expect((await stranger(app).post('/api/website/authenticate', signIn)).body).toMatchObject({
      status: 429,
      code: 'otp_cooldown',
    });
    clock.advance(61_000);
    await other.post('/api/website/authenticate/resend');
    expect((await owner.post('/api/website/authenticate/verify', { tfaPin: code })).body).toMatchObject({
      stage: 'full',
    });
  });

  it('gives a cook whose phone is not proven yet the code a registration had texted to it (H1)', async () => {
    const app = await startSandboxApp({ env: { TRUST_PROXY_HOPS: '1' } });
    const phone = aPhone();
    // As after an invitation is taken up, or an admin moved the account to a new phone.
    await app.store.users.add({
      user: {
        username: 'cook-new',
        phone: `+${phone}`,
        passwordHash: await hashPassword(STRONG_PASSWORD),
        role: 'staff',
        phoneVerifiedAt: null,
      },
      at: new Date(),
    });
    expect((await registerWithTheirNumber(app, phone)).answer.status).toBe(202);
    const cook = stranger(app);
    const signIn = await cook.post('/api/staff/authenticate', {
      username: 'cook-new',
      password: STRONG_PASSWORD,
    });
    expect(signIn.body).toMatchObject({ next: 'verify_phone' });
    const code = codeFor(app.sandbox.simulator, phone);
    expect((await cook.post('/api/staff/authenticate/verify', { tfaPin: code })).body).toMatchObject({
      stage: 'full',
    });
  });

  it('leaves a cook signing in at once after 11 registrations naming their number (H1)', async () => {
    const app = await startSandboxApp({ env: { TRUST_PROXY_HOPS: '1' } });
    const cookPhone = aPhone();
    await signedInStaff(app, 'staff', 'cook-pat', cookPhone);
    for (let i = 0; i < 11; i += 1) await registerWithTheirNumber(app, cookPhone);
    const cook = new ApiClient(app.baseUrl, { 'x-forwarded-for': '192.0.2.45' });
    expect(
      (await cook.post('/api/staff/authenticate', { username: 'cook-pat', password: STRONG_PASSWORD })).body,
    ).toMatchObject({ next: 'otp' });
    const code = codeFor(app.sandbox.simulator, cookPhone);
    expect((await cook.post('/api/staff/authenticate/verify', { tfaPin: code })).body).toMatchObject({
      stage: 'full',
    });
  });

  it('charges no budget for a code that was never texted: ten sign-ins at once all pass, one text goes out (H1)', async () => {
    const app = await startSandboxApp({ env: { TRUST_PROXY_HOPS: '1' } });
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    await customer.client.post('/api/website/logout');
    const before = codesTo(app, customer.phone);
    const clients = Array.from({ length: 10 }, () => stranger(app));
    const answers = await Promise.all(
      clients.map((client) =>
        client.post('/api/website/authenticate', { username: customer.username, password: STRONG_PASSWORD }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(codesTo(app, customer.phone) - before).toBe(1);
    // One of them is the newest, and signs in with the code; every other one was replaced.
    const code = codeFor(app.sandbox.simulator, customer.phone);
    const verified = await Promise.all(
      clients.map((client) => client.post('/api/website/authenticate/verify', { tfaPin: code })),
    );
    expect(verified.filter((v) => v.status === 200)).toHaveLength(1);
    expect(verified.filter((v) => v.status === 401)).toHaveLength(9);
    // Later sign-ins in the hour still get their codes: the burst spent one text of five.
    for (let i = 0; i < 4; i += 1) {
      const client = stranger(app);
      await client.post('/api/website/authenticate', {
        username: customer.username,
        password: STRONG_PASSWORD,
      });
      const fresh = codeFor(app.sandbox.simulator, customer.phone);
      expect((await client.post('/api/website/authenticate/verify', { tfaPin: fresh })).status).toBe(200);
    }
  });
});

describe('two sign-ins of one account', () => {
  it('let only the newest enter the code: the older pending session is replaced (H3)', async () => {
    const app = await startSandboxApp();
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    await customer.client.post('/api/website/logout');
    const tabA = new ApiClient(app.baseUrl);
    const tabB = new ApiClient(app.baseUrl);
    for (const tab of [tabA, tabB]) {
      const signIn = await tab.post('/api/website/authenticate', {
        username: customer.username,
        password: STRONG_PASSWORD,
      });
      expect(signIn.body).toMatchObject({ next: 'otp' });
    }
    const code = codeFor(app.sandbox.simulator, customer.phone);
    const older = await tabA.post('/api/website/authenticate/verify', { tfaPin: code });
    expect(older.body).toMatchObject({ status: 401 });
    expect((await tabA.post('/api/website/authenticate/resend')).status).toBe(401);
    const newer = await tabB.post('/api/website/authenticate/verify', { tfaPin: code });
    expect(newer.body).toMatchObject({ stage: 'full', username: customer.username });
  });
});
