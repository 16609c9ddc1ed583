// A forgotten password, over HTTP with the simulator texting the codes: by username or by phone,
// customers and staff; the old password stops working and every session ends; and nobody learns
// from the answers whether an account exists.
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { aPhone, registerCustomer, signedInStaff, STRONG_PASSWORD } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const NEW_PASSWORD = 'a brand new pass phrase';
type App = Awaited<ReturnType<typeof startSandboxApp>>;

/** The code texted to `phone` once the background send landed (a newer one than `after`). */
async function textedCode(app: App, phone: string, after?: string): Promise<string> {
  const digits = phone.replace(/\D/g, '');
  await expect.poll(() => app.sandbox.simulator.lastCode(digits), { timeout: 5000 }).not.toBe(after);
  return app.sandbox.simulator.lastCode(digits) ?? '';
}

/** Waits until `count` codes for forgotten passwords were sent or given up, in the background. */
async function backgroundSends(app: App, count: number): Promise<void> {
  const done = () =>
    app.logs.filter((line) =>
      /^password reset: (code sent|code not needed any more|no code could be sent)/.test(String(line.msg)),
    ).length;
  await expect.poll(done, { timeout: 5000 }).toBe(count);
}

const codesTo = (app: App, phone: string) =>
  app.sandbox.simulator.sent({ to: phone.replace(/\D/g, '') }).filter((m) => m.kind === 'verify-code').length;

/** What must not differ between an account and none: everything but the fresh secrets and times. */
function comparable(answer: { status: number; body: Record<string, unknown>; headers: Headers }) {
  const { csrfToken, expiresAt, requestId, ...rest } = answer.body;
  return {
    status: answer.status,
    body: rest,
    hasToken: typeof csrfToken === 'string',
    expires: typeof expiresAt === 'string',
    request: typeof requestId === 'string' || requestId === undefined,
    cookie: (answer.headers.get('set-cookie') ?? '')
      .replace(/sid=[^;]+/, 'sid=…')
      .replace(/Expires=[^;]+/i, ''),
  };
}

describe('a forgotten password', () => {
  it('lets a customer set a new one by username: the old one stops working, every session ends', async () => {
    const app = await startSandboxApp();
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const elsewhere = await registerCustomerSession(app, customer.username);
    const before = app.sandbox.simulator.lastCode(customer.phone);
    const browser = new ApiClient(app.baseUrl);
    const started = await browser.post('/api/website/password-reset', { login: customer.username });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ stage: 'pending_reset', resendsLeft: 2 });
    await backgroundSends(app, 1);
    const code = await textedCode(app, customer.phone, before);
    // A new password is refused until the code proved the phone.
    expect(
      (await browser.post('/api/website/password-reset/complete', { password: NEW_PASSWORD })).status,
    ).toBe(403);
    const proven = await browser.post('/api/website/password-reset/verify', { tfaPin: code });
    expect(proven.body).toMatchObject({ stage: 'reset_proven' });
    // The rules of a new account, and a refused password keeps the proven step.
    const weak = await browser.post('/api/website/password-reset/complete', { password: 'short' });
    expect(weak.body).toMatchObject({
      status: 400,
      errors: [{ field: 'password', message: 'Use at least 8 characters.' }],
    });
    const done = await browser.post('/api/website/password-reset/complete', { password: NEW_PASSWORD });
    expect(done.body).toEqual({ username: customer.username });
    // Every session of the account ended, the reset's own too.
    for (const client of [customer.client, elsewhere, browser]) {
      expect((await client.get('/api/website/orders')).status).toBe(401);
    }
    const oldPassword = await new ApiClient(app.baseUrl).post('/api/website/authenticate', {
      username: customer.username,
      password: STRONG_PASSWORD,
    });
    expect(oldPassword.body).toMatchObject({ status: 401, code: 'invalid_credentials' });
    const newPassword = await new ApiClient(app.baseUrl).post('/api/website/authenticate', {
      username: customer.username,
      password: NEW_PASSWORD,
    });
    expect(newPassword.body).toMatchObject({ next: 'otp' });
  });

  it('finds the account by its proven phone, and tells the username to sign in with', async () => {
    const app = await startSandboxApp();
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const before = app.sandbox.simulator.lastCode(customer.phone);
    const browser = new ApiClient(app.baseUrl);
    await browser.post('/api/website/password-reset', { login: `+${customer.phone}` });
    await backgroundSends(app, 1);
    const code = await textedCode(app, customer.phone, before);
    await browser.post('/api/website/password-reset/verify', { tfaPin: code });
    const done = await browser.post('/api/website/password-reset/complete', { password: NEW_PASSWORD });
    expect(done.body).toEqual({ username: customer.username });
  });

  it('works for staff on their own surface, never across', async () => {
    const app = await startSandboxApp();
    const phone = aPhone();
    const kitchen = await signedInStaff(app, 'staff', 'cook-reset', phone);
    const before = app.sandbox.simulator.lastCode(phone);
    // A customer's reset form does not reach a staff account: no code goes out.
    await new ApiClient(app.baseUrl).post('/api/website/password-reset', { login: 'cook-reset' });
    const browser = new ApiClient(app.baseUrl);
    await browser.post('/api/staff/password-reset', { login: 'cook-reset' });
    await backgroundSends(app, 1);
    const code = await textedCode(app, phone, before);
    expect(codesTo(app, phone)).toBe(2);
    await browser.post('/api/staff/password-reset/verify', { tfaPin: code });
    expect(
      (await browser.post('/api/staff/password-reset/complete', { password: NEW_PASSWORD })).body,
    ).toEqual({
      username: 'cook-reset',
    });
    expect((await kitchen.get('/api/staff/profile')).status).toBe(401);
  });

  it('answers alike for an account and for none, wrong codes and resends included', async () => {
    const app = await startSandboxApp();
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const before = app.sandbox.simulator.lastCode(customer.phone);
    const real = new ApiClient(app.baseUrl);
    const none = new ApiClient(app.baseUrl);
    // `sent`: once the real account's code is in (a person reads it off their phone first).
    const steps = async (client: ApiClient, login: string, sent: (count: number) => Promise<void>) => {
      const answers = [await client.post('/api/website/password-reset', { login })];
      await sent(1);
      for (let i = 0; i < 3; i += 1) {
        answers.push(await client.post('/api/website/password-reset/verify', { tfaPin: '000000' }));
      }
      // The code is used up: a new one may be asked for at once, then not again for a minute.
      answers.push(await client.post('/api/website/password-reset/resend'));
      await sent(2);
      answers.push(await client.post('/api/website/password-reset/resend'));
      answers.push(await client.post('/api/website/password-reset/verify', { tfaPin: '000000' }));
      answers.push(await client.post('/api/website/password-reset/verify', { tfaPin: '000000' }));
      return answers.map(comparable);
    };
    const forReal = await steps(real, customer.username, (count) => backgroundSends(app, count));
    const forNone = await steps(none, 'nobody-by-this-name', () => Promise.resolve());
    expect(forReal).toEqual(forNone);
    expect(forReal.map((answer) => answer.status)).toEqual([202, 400, 400, 410, 200, 429, 400, 429]);
    expect(forReal[7]?.body).toMatchObject({ code: 'otp_locked' });
    // The account's owner got the codes; nobody else was texted.
    expect(app.sandbox.simulator.lastCode(customer.phone)).not.toBe(before);
    expect(app.sandbox.simulator.sent().filter((m) => m.kind === 'verify-code')).toHaveLength(1 + 2);
  });

  it("never ends the owner's sign-in, nor an earlier reset, so neither tells an account apart", async () => {
    const app = await startSandboxApp();
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    await customer.client.post('/api/website/logout');
    const before = app.sandbox.simulator.lastCode(customer.phone);
    const owner = new ApiClient(app.baseUrl);
    await owner.post('/api/website/authenticate', { username: customer.username, password: STRONG_PASSWORD });
    const code = await textedCode(app, customer.phone, before);
    // A stranger starts two resets of the account, and two of a name nobody has.
    const answers = [];
    for (const login of [customer.username, 'nobody-by-this-name']) {
      const first = new ApiClient(app.baseUrl);
      await first.post('/api/website/password-reset', { login });
      await new ApiClient(app.baseUrl).post('/api/website/password-reset', { login });
      answers.push(comparable(await first.post('/api/website/password-reset/verify', { tfaPin: '000000' })));
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toMatchObject({ status: 400, body: { code: 'invalid_code' } });
    // The owner's sign-in still stands.
    expect((await owner.post('/api/website/authenticate/verify', { tfaPin: code })).body).toMatchObject({
      stage: 'full',
    });
  });

  it("counts a stranger's resets apart from the owner's sign-in codes (H1)", async () => {
    const app = await startSandboxApp();
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    await customer.client.post('/api/website/logout');
    const stranger = new ApiClient(app.baseUrl);
    for (let i = 0; i < 5; i += 1) {
      await stranger.post('/api/website/password-reset', { login: customer.username });
      for (let j = 0; j < 3; j += 1) {
        await stranger.post('/api/website/password-reset/verify', { tfaPin: '000000' });
      }
    }
    await backgroundSends(app, 5);
    // At most three reset codes an hour reach the phone; the owner still signs in with a code.
    expect(codesTo(app, customer.phone)).toBeLessThanOrEqual(1 + 3);
    const owner = new ApiClient(app.baseUrl);
    const signIn = await owner.post('/api/website/authenticate', {
      username: customer.username,
      password: STRONG_PASSWORD,
    });
    expect(signIn.body).toMatchObject({ next: 'otp' });
    const code = await textedCode(app, customer.phone);
    expect((await owner.post('/api/website/authenticate/verify', { tfaPin: code })).body).toMatchObject({
      stage: 'full',
    });
  });
});

/** A second signed-in session of the account (another device). */
async function registerCustomerSession(app: App, username: string): Promise<ApiClient> {
  const client = new ApiClient(app.baseUrl);
  const phone = (await app.store.users.findByUsername({ username }))?.phone ?? '';
  const before = app.sandbox.simulator.lastCode(phone.replace(/\D/g, ''));
  await client.post('/api/website/authenticate', { username, password: STRONG_PASSWORD });
  const code = await textedCode(app, phone, before);
  await client.post('/api/website/authenticate/verify', { tfaPin: code });
  return client;
}
