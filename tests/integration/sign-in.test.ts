// Registration, password + code sign-in and sessions, against docs/security.md's rows R, L, O and S.
// The simulator stands in for Vonage over real HTTP; its texts are the only way codes leave.
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
import { digest } from '../../src/server/services/sessions.js';
import { aClock } from '../support/clock.js';
import { startSandboxApp } from '../support/sandbox-app.js';

/** A client address per caller, trusted through one proxy hop, as behind a load balancer. */
const BEHIND_PROXY = { TRUST_PROXY_HOPS: '1' };
let nextAddress = 0;
const fromAddress = () => ({ 'x-forwarded-for': `198.51.100.${(nextAddress += 1) % 250}` });
/** A client in a network of its own (per-network limits do not add them up). */
const fromAnotherNetwork = () => ({ 'x-forwarded-for': `10.${(nextAddress += 1) % 250}.0.7` });

async function signedUpAndOut(clock = aClock()) {
  const app = await startSandboxApp({ env: BEHIND_PROXY, now: clock.now });
  const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator, { headers: fromAddress() });
  expect((await customer.client.post('/api/website/logout')).status).toBe(204);
  return { ...app, customer };
}

function smsCount(app: Awaited<ReturnType<typeof startSandboxApp>>, phone: string) {
  return app.sandbox.simulator.sent({ to: phone }).filter((m) => m.kind === 'verify-code').length;
}

describe('registration', () => {
  it('refuses wrong types, missing fields and operators with the fields named, writing nothing (R1)', async () => {
    const app = await startSandboxApp();
    const client = new ApiClient(app.baseUrl);
    const answer = await client.post('/api/website/register', {
      username: { $gt: '' },
      password: 123,
      phone: [],
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code: 'validation_failed' });
    expect(answer.body.errors).toEqual([
      { field: 'body.username', code: 'wrong_type', message: 'Enter text here.' },
      { field: 'body.password', code: 'wrong_type', message: 'Enter text here.' },
      { field: 'body.phone', code: 'wrong_type', message: 'Enter text here.' },
    ]);
    // Missing and empty are one problem, worded once; too long says the limit.
    const empty = await client.post('/api/website/register', { username: '', phone: '1'.repeat(40) });
    expect(empty.body.errors).toEqual([
      { field: 'body.username', code: 'required', message: 'Fill this in.' },
      { field: 'body.password', code: 'required', message: 'Fill this in.' },
      { field: 'body.phone', code: 'too_long', message: 'Use at most 32 characters.' },
    ]);
    // Never a validator's own words.
    expect(JSON.stringify([answer.body, empty.body])).not.toMatch(
      /expected|Too small|Too big|Invalid input/i,
    );
    expect((await client.post('/api/website/register', {})).status).toBe(400);
    expect((await client.post('/api/website/register', null)).status).toBe(400);
    expect(app.sandbox.simulator.sent()).toEqual([]);
  });

  it('words a broken rule as a sentence next to its field, with a stable code', async () => {
    const app = await startSandboxApp();
    const client = new ApiClient(app.baseUrl);
    const answer = await client.post('/api/website/register', {
      username: 'a b',
      password: 'short',
      phone: '12',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        field: 'phone',
        code: 'phone_not_supported',
        message: expect.stringMatching(/^Enter the number with its country code/) as unknown,
      },
    ]);
    const rules = await client.post('/api/website/register', {
      username: 'a b',
      password: 'short',
      phone: aPhone(),
    });
    expect(rules.body.errors).toEqual([
      {
        field: 'username',
        code: 'invalid',
        message: expect.stringMatching(/^Use 3 to 64 letters/) as unknown,
      },
      { field: 'password', code: 'invalid', message: 'Use at least 8 characters.' },
    ]);
  });

  it('refuses extra fields such as role or phoneVerified (R2)', async () => {
    const app = await startSandboxApp();
    const client = new ApiClient(app.baseUrl);
    for (const extra of [{ role: 'staff' }, { isAdmin: true }, { _id: 'x' }, { phoneVerified: true }]) {
      const answer = await client.post('/api/website/register', {
        username: aUsername(),
        password: STRONG_PASSWORD,
        phone: aPhone(),
        ...extra,
      });
      expect(answer.status).toBe(400);
    }
    expect(app.sandbox.simulator.sent()).toEqual([]);
  });

  it('refuses a common password and one that is too short or too long, never truncating (R6)', async () => {
    const app = await startSandboxApp();
    const client = new ApiClient(app.baseUrl);
    const attempt = (password: string) =>
      client.post('/api/website/register', { username: aUsername(), password, phone: aPhone() });
    expect((await attempt('password123')).body).toMatchObject({ status: 400, code: 'password_too_common' });
    expect((await attempt('short1!')).body).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((await attempt('x'.repeat(129))).body).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((await attempt('y'.repeat(2_000))).status).toBe(400);
    expect((await attempt('y'.repeat(100_000))).status).toBe(413);
    expect(app.sandbox.simulator.sent()).toEqual([]);
  });

  it('refuses numbers that cannot be texted before calling Vonage (R8)', async () => {
    const app = await startSandboxApp();
    const client = new ApiClient(app.baseUrl);
    for (const phone of ['abc', '12345', '+1 555', '0044 7700 900123', '+999123456789']) {
      const answer = await client.post('/api/website/register', {
        username: aUsername(),
        password: STRONG_PASSWORD,
        phone,
      });
      expect(answer.body, phone).toMatchObject({ status: 400, code: 'phone_not_supported' });
    }
    expect(app.sandbox.simulator.sent()).toEqual([]);
  });

  it('accepts the article phone format and a + with spaces, both stored as E.164', async () => {
    const app = await startSandboxApp();
    const a = await registerCustomer(app.baseUrl, app.sandbox.simulator, { phone: '15556661234' });
    const b = await registerCustomer(app.baseUrl, app.sandbox.simulator, { phone: '+1 (555) 666-1299' });
    const users = await Promise.all(
      [a, b].map((c) => app.store.users.findByUsername({ username: c.username })),
    );
    expect(users.map((u) => u?.phone)).toEqual(['+15556661234', '+15556661299']);
    expect(users.every((u) => u?.phoneVerifiedAt instanceof Date)).toBe(true);
  });

  it('answers a taken username exactly like a free one, and says so only after the phone is proven (R11)', async () => {
    const app = await startSandboxApp();
    const first = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const again = new ApiClient(app.baseUrl);
    const phone = aPhone();
    const taken = await again.post('/api/website/register', {
      username: first.username,
      password: STRONG_PASSWORD,
      phone,
    });
    const fresh = await new ApiClient(app.baseUrl).post('/api/website/register', {
      username: aUsername(),
      password: STRONG_PASSWORD,
      phone: aPhone(),
    });
    expect(taken.status).toBe(fresh.status);
    const shape = (body: Record<string, unknown>) => Object.keys(body).sort();
    expect(shape(taken.body)).toEqual(shape(fresh.body));
    expect(taken.body).toMatchObject({ next: 'verify_phone', stage: 'pending_phone' });
    const verified = await again.post('/api/website/authenticate/verify', {
      tfaPin: codeFor(app.sandbox.simulator, phone),
    });
    expect(verified.body).toMatchObject({ status: 409, code: 'username_taken' });
    // The first account is untouched: still its own phone, still signs in.
    expect((await app.store.users.findByUsername({ username: first.username }))?.phone).toBe(
      `+${first.phone}`,
    );
  });

  it('creates exactly one account when 50 registrations race for one username (R4)', async () => {
    const clock = aClock();
    const app = await startSandboxApp({ env: BEHIND_PROXY, now: clock.now });
    const username = aUsername();
    const racers = Array.from({ length: 50 }, () => ({
      client: new ApiClient(app.baseUrl, fromAnotherNetwork()),
      phone: aPhone(),
    }));
    const registered = await Promise.all(
      racers.map(({ client, phone }) =>
        client.post('/api/website/register', { username, password: STRONG_PASSWORD, phone }),
      ),
    );
    // Vonage (here its simulator) allows so many Verify requests a second: some wait their turn.
    expect(registered.filter((a) => a.status !== 202 && a.body.code !== 'rate_limited')).toEqual([]);
    const accepted = racers.filter((_, i) => registered[i]?.status === 202);
    expect(accepted.length).toBeGreaterThan(10);
    // Nothing exists until a phone is proven…
    expect(await app.store.users.findByUsername({ username })).toBeNull();
    clock.advance(1000); // the next second: Vonage's request budget is fresh
    const verified = await Promise.all(
      accepted.map(({ client, phone }) =>
        client.post('/api/website/authenticate/verify', { tfaPin: codeFor(app.sandbox.simulator, phone) }),
      ),
    );
    // …and then exactly one registration gets the name; the others learn it is taken.
    expect(verified.filter((a) => a.status === 200)).toHaveLength(1);
    expect(verified.filter((a) => a.body.code === 'username_taken')).toHaveLength(accepted.length - 1);
    expect(await app.store.users.findByUsername({ username })).not.toBeNull();
  });

  it('limits sign-ups per client address with 429 and Retry-After, sending no more codes (R10)', async () => {
    const app = await startSandboxApp();
    const client = new ApiClient(app.baseUrl);
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<ApiClient['post']>> | undefined;
    for (let i = 0; i < 12; i += 1) {
      const answer = await client.post('/api/website/register', {
        username: aUsername(),
        password: STRONG_PASSWORD,
        phone: aPhone(),
      });
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202));
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(limited?.body).toMatchObject({ code: 'rate_limited' });
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(app.sandbox.simulator.sent().length).toBe(10);
  });

  it('creates no account, holds no name and texts nobody more until the code is entered (R9, L8)', async () => {
    const app = await startSandboxApp();
    const username = aUsername();
    const phone = aPhone();
    await new ApiClient(app.baseUrl).post('/api/website/register', {
      username,
      password: STRONG_PASSWORD,
      phone,
    });
    expect(await app.store.users.findByUsername({ username })).toBeNull();
    // Signing in with the same name and password answers as for anyone unknown, texting nothing.
    const later = new ApiClient(app.baseUrl);
    const signIn = await later.post('/api/website/authenticate', { username, password: STRONG_PASSWORD });
    expect(signIn.body).toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(smsCount(app, phone)).toBe(1);
    // The name is free for whoever proves a phone first.
    const other = await registerCustomer(app.baseUrl, app.sandbox.simulator, { username });
    expect(other.username).toBe(username);
  });

  it("cannot adopt someone's code in flight by registering with their number", async () => {
    const app = await signedUpAndOut();
    const victim = new ApiClient(app.baseUrl, fromAddress());
    await victim.post('/api/website/authenticate', {
      username: app.customer.username,
      password: STRONG_PASSWORD,
    });
    const attacker = new ApiClient(app.baseUrl, fromAddress());
    const answer = await attacker.post('/api/website/register', {
      username: aUsername(),
      password: STRONG_PASSWORD,
      phone: app.customer.phone,
    });
    expect(answer.body).toMatchObject({ status: 429, code: 'otp_cooldown' });
    expect(attacker.sessionCookie).toBeUndefined();
    // The victim's sign-in is untouched: their code still works.
    const code = codeFor(app.sandbox.simulator, app.customer.phone);
    expect((await victim.post('/api/website/authenticate/verify', { tfaPin: code })).body).toMatchObject({
      stage: 'full',
    });
  });
});

describe('password step', () => {
  it('answers unknown user, wrong password and a locked account alike (L1, SEC-06)', async () => {
    const app = await signedUpAndOut();
    const client = new ApiClient(app.baseUrl, fromAddress());
    const wrong = await client.post('/api/website/authenticate', {
      username: app.customer.username,
      password: 'not the password',
    });
    const unknown = await client.post('/api/website/authenticate', {
      username: 'nobody@example.com',
      password: 'whatever it is',
    });
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('set-cookie')).toBeNull();
    }
    const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(withoutRequestId(wrong.body)).toEqual(withoutRequestId(unknown.body));
    expect(wrong.body).toMatchObject({ code: 'invalid_credentials' });
  });

  it('gives a pending session that authorizes nothing but the code step (L1, O7)', async () => {
    const app = await signedUpAndOut();
    const client = new ApiClient(app.baseUrl, fromAddress());
    const signIn = await client.post('/api/website/authenticate', {
      username: app.customer.username,
      password: STRONG_PASSWORD,
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toMatchObject({ next: 'otp', stage: 'pending_2fa' });
    expect((await client.order([{ id: '5eed00000000000000000001', quantity: 1 }])).body).toMatchObject({
      status: 403,
      code: 'mfa_required',
    });
    expect((await client.get('/api/website/orders')).body).toMatchObject({
      status: 403,
      code: 'mfa_required',
    });
    expect((await client.get('/api/website/orders/events')).body).toMatchObject({
      status: 403,
      code: 'mfa_required',
    });
    expect((await client.get('/api/website/session')).body).toMatchObject({
      stage: 'pending_2fa',
      username: null,
    });
  });

  it('refuses NoSQL operators and wrong types as bad input (L3, L4)', async () => {
    const app = await signedUpAndOut();
    const client = new ApiClient(app.baseUrl);
    for (const body of [
      { username: { $ne: null }, password: 'x' },
      { username: { $regex: '^a' }, password: 'x' },
      { username: app.customer.username, password: { $ne: '' } },
      { username: app.customer.username },
      { username: app.customer.username, password: null },
      { username: app.customer.username, password: 12345678 },
      { username: app.customer.username, password: ['a'] },
    ]) {
      const answer = await client.post('/api/website/authenticate', body);
      expect(answer.body, JSON.stringify(body)).toMatchObject({ status: 400, code: 'validation_failed' });
    }
    // …and the process keeps serving.
    expect((await client.get('/livez')).status).toBe(200);
  });

  it('refuses a 100 kB password before hashing it, and a 10 MB body as too large (L11)', async () => {
    const app = await signedUpAndOut();
    const client = new ApiClient(app.baseUrl);
    const big = await client.post('/api/website/authenticate', {
      username: app.customer.username,
      password: 'p'.repeat(100_000),
    });
    expect(big.status).toBe(413);
    const long = await client.post('/api/website/authenticate', {
      username: app.customer.username,
      password: 'p'.repeat(2000),
    });
    expect(long.body).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('soft-locks an account for the network guessing at it after 10 wrong passwords, until the window ends (L5)', async () => {
    const clock = aClock();
    const app = await startSandboxApp({ env: BEHIND_PROXY, now: clock.now });
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator, { headers: fromAddress() });
    const attempt = (password: string) =>
      new ApiClient(app.baseUrl, fromAddress()).post('/api/website/authenticate', {
        username: customer.username,
        password,
      });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await attempt(`wrong guess ${i}`)).status);
    expect(statuses).toEqual(Array(12).fill(401));
    // Locked: the right password gets the same generic answer, and no code is sent.
    const sentBefore = smsCount(app, customer.phone);
    expect((await attempt(STRONG_PASSWORD)).body).toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(smsCount(app, customer.phone)).toBe(sentBefore);
    // The owner, elsewhere, is not locked out by guesses from that network…
    const elsewhere = new ApiClient(app.baseUrl, { 'x-forwarded-for': '192.0.2.10' });
    expect(
      (
        await elsewhere.post('/api/website/authenticate', {
          username: customer.username,
          password: STRONG_PASSWORD,
        })
      ).body,
    ).toMatchObject({ next: 'otp' });
    // …and there the lock ends with its window.
    clock.advance(15 * 60_000);
    expect((await attempt(STRONG_PASSWORD)).body).toMatchObject({ next: 'otp' });
  });

  it('limits password attempts per client address: 60 a minute (L6)', async () => {
    const app = await signedUpAndOut();
    const client = new ApiClient(app.baseUrl, { 'x-forwarded-for': '203.0.113.77' });
    const statuses: number[] = [];
    for (let i = 0; i < 62; i += 1) {
      statuses.push(
        (
          await client.post('/api/website/authenticate', {
            username: `user${i}@example.com`,
            password: 'Summer2026!',
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 60).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429]);
  });

  it('sends at most one code when the right password is sent 10 times in a row (L7)', async () => {
    const app = await signedUpAndOut();
    const before = smsCount(app, app.customer.phone);
    const answers = [];
    for (let i = 0; i < 10; i += 1) {
      answers.push(
        await new ApiClient(app.baseUrl, fromAddress()).post('/api/website/authenticate', {
          username: app.customer.username,
          password: STRONG_PASSWORD,
        }),
      );
    }
    expect(smsCount(app, app.customer.phone) - before).toBeLessThanOrEqual(1);
    expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
  });

  it('re-hashes an original bcrypt password with argon2id on the next sign-in', async () => {
    const app = await startSandboxApp();
    const bcrypt = (await import('bcryptjs')).default;
    const phone = aPhone();
    await app.store.users.add({
      user: {
        username: 'legacy@example.com',
        phone: `+${phone}`,
        passwordHash: await bcrypt.hash('the original password', 10),
        role: 'customer',
        phoneVerifiedAt: null,
      },
      at: new Date(),
    });
    const client = new ApiClient(app.baseUrl);
    const signIn = await client.post('/api/website/authenticate', {
      username: 'legacy@example.com',
      password: 'the original password',
    });
    expect(signIn.body).toMatchObject({ next: 'verify_phone' });
    expect((await app.store.users.findByUsername({ username: 'legacy@example.com' }))?.passwordHash).toMatch(
      /^\$argon2id\$/,
    );
    const verified = await client.post('/api/website/authenticate/verify', {
      tfaPin: codeFor(app.sandbox.simulator, phone),
    });
    expect(verified.body).toMatchObject({ stage: 'full', username: 'legacy@example.com' });
  });
});

describe('code step', () => {
  async function pendingSignIn() {
    const clock = aClock();
    const app = await signedUpAndOut(clock);
    const client = new ApiClient(app.baseUrl, fromAddress());
    await client.post('/api/website/authenticate', {
      username: app.customer.username,
      password: STRONG_PASSWORD,
    });
    const passCooldown = () => {
      clock.advance(61_000);
    };
    return { ...app, client, passCooldown };
  }

  it('rotates the session on the right code; the pending id is dead afterwards (O1, O5)', async () => {
    const { client, sandbox, customer, baseUrl } = await pendingSignIn();
    const pending = client.sessionCookie;
    const code = codeFor(sandbox.simulator, customer.phone);
    const csrf = client.csrfToken ?? '';
    expect((await client.post('/api/website/authenticate/verify', { tfaPin: code })).status).toBe(200);
    expect(client.sessionCookie).not.toBe(pending);
    // Replaying the consumed pending session with the same code: refused, no new session.
    const replay = new ApiClient(baseUrl);
    replay.cookies.set('sid', pending ?? '');
    replay.csrfToken = csrf;
    const again = await replay.post('/api/website/authenticate/verify', { tfaPin: code });
    expect(again.body).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a wrong code and says how many tries are left (O2)', async () => {
    const { client, sandbox, customer } = await pendingSignIn();
    const code = codeFor(sandbox.simulator, customer.phone);
    const wrong = code === '000000' ? '111111' : '000000';
    const answer = await client.post('/api/website/authenticate/verify', { tfaPin: wrong });
    expect(answer.body).toMatchObject({ status: 400, code: 'invalid_code', attemptsRemaining: 4 });
    expect((await client.get('/api/website/session')).body).toMatchObject({ stage: 'pending_2fa' });
  });

  it('refuses codes of any length but 6 before they reach Vonage, spending none of its tries (H4)', async () => {
    const { client, sandbox, customer } = await pendingSignIn();
    for (const guess of ['1234', '12345', '1234567', '12345678', '1234567890', '12 345', '１２３４５６']) {
      const answer = await client.post('/api/website/authenticate/verify', { tfaPin: guess });
      expect(answer.body).toMatchObject({ status: 400, code: 'validation_failed' });
    }
    // Vonage ends a verification after 3 wrong codes: had any guess reached it, this would be 410.
    const code = codeFor(sandbox.simulator, customer.phone);
    const verified = await client.post('/api/website/authenticate/verify', { tfaPin: code });
    expect(verified.body).toMatchObject({ stage: 'full' });
  });

  it('revokes the sign-in after 5 wrong codes, across new codes (O3)', async () => {
    const { client, sandbox, customer } = await pendingSignIn();
    const wrongFor = () => {
      const code = codeFor(sandbox.simulator, customer.phone);
      return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    };
    const tries = [];
    for (let i = 0; i < 3; i += 1) {
      tries.push((await client.post('/api/website/authenticate/verify', { tfaPin: wrongFor() })).body);
    }
    // Vonage ends a verification at its third wrong code: the customer asks for a new one, at
    // once (a spent code waits for no cooldown).
    expect(tries.map((t) => t.attemptsRemaining)).toEqual([4, 3, 2]);
    expect(tries[2]).toMatchObject({
      status: 410,
      code: 'otp_used_up',
      detail: expect.stringMatching(/new one/) as unknown,
    });
    expect((await client.post('/api/website/authenticate/resend')).status).toBe(200);
    const fourth = await client.post('/api/website/authenticate/verify', { tfaPin: wrongFor() });
    expect(fourth.body).toMatchObject({ status: 400, code: 'invalid_code', attemptsRemaining: 1 });
    const fifth = await client.post('/api/website/authenticate/verify', { tfaPin: wrongFor() });
    expect(fifth.body).toMatchObject({ status: 429, code: 'otp_locked' });
    // The sign-in is over: even the right code no longer works with this session.
    const right = codeFor(sandbox.simulator, customer.phone);
    expect((await client.post('/api/website/authenticate/verify', { tfaPin: right })).status).toBe(401);
    expect((await client.get('/api/website/session')).status).toBe(204);
  });

  it('sends a new code after the cooldown, at most 3 per sign-in, and the old code stops working (O12)', async () => {
    const { client, sandbox, customer, passCooldown } = await pendingSignIn();
    const first = codeFor(sandbox.simulator, customer.phone);
    passCooldown();
    const resent = await client.post('/api/website/authenticate/resend');
    expect(resent.body).toMatchObject({ stage: 'pending_2fa', resendsLeft: 1, resendAfterSeconds: 60 });
    const second = codeFor(sandbox.simulator, customer.phone);
    passCooldown();
    expect((await client.post('/api/website/authenticate/resend')).body).toMatchObject({ resendsLeft: 0 });
    passCooldown();
    const fourth = await client.post('/api/website/authenticate/resend');
    expect(fourth.body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(
      sandbox.simulator.sent({ to: customer.phone }).filter((m) => m.kind === 'verify-code'),
    ).toHaveLength(4);
    if (first !== second) {
      expect((await client.post('/api/website/authenticate/verify', { tfaPin: first })).status).not.toBe(200);
    }
    const latest = codeFor(sandbox.simulator, customer.phone);
    expect((await client.post('/api/website/authenticate/verify', { tfaPin: latest })).body).toMatchObject({
      stage: 'full',
    });
  });

  it('refuses a resend inside the cooldown with Retry-After (O12)', async () => {
    const { client } = await pendingSignIn();
    const answer = await client.post('/api/website/authenticate/resend');
    expect(answer.body).toMatchObject({ status: 429, code: 'otp_cooldown' });
    const wait = Number(answer.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(50);
    expect(wait).toBeLessThanOrEqual(60);
  });

  it('answers 503 otp_unavailable and no session when Vonage cannot send the code (O10, P6)', async () => {
    const app = await signedUpAndOut();
    app.sandbox.simulator.setScenario('verify2', 'provider-down');
    const client = new ApiClient(app.baseUrl, fromAddress());
    const answer = await client.post('/api/website/authenticate', {
      username: app.customer.username,
      password: STRONG_PASSWORD,
    });
    expect(answer.body).toMatchObject({ status: 503, code: 'otp_unavailable' });
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(client.sessionCookie).toBeUndefined();
  });

  it('answers 503 and does not sign in when Vonage cannot check the code (O9)', async () => {
    const { client, sandbox, customer } = await pendingSignIn();
    const code = codeFor(sandbox.simulator, customer.phone);
    sandbox.simulator.setScenario('verify2', 'provider-down');
    const down = await client.post('/api/website/authenticate/verify', { tfaPin: code });
    expect(down.body).toMatchObject({ status: 503, code: 'otp_unavailable' });
    sandbox.simulator.setScenario('verify2', 'malformed');
    expect((await client.post('/api/website/authenticate/verify', { tfaPin: code })).status).toBe(503);
    sandbox.simulator.setScenario('verify2', 'empty-answer');
    expect((await client.post('/api/website/authenticate/verify', { tfaPin: code })).status).toBe(503);
    expect((await client.get('/api/website/session')).body).toMatchObject({ stage: 'pending_2fa' });
    // Once Vonage answers again, the same code still works.
    sandbox.simulator.setScenario('verify2', undefined);
    expect((await client.post('/api/website/authenticate/verify', { tfaPin: code })).body).toMatchObject({
      stage: 'full',
    });
  });

  it('asks Vonage for 6 digits by SMS only, to the number on file, under the restaurant brand (O16)', async () => {
    const { sandbox, customer } = await pendingSignIn();
    const [latest] = sandbox.simulator
      .sent({ to: customer.phone })
      .filter((m) => m.kind === 'verify-code')
      .slice(-1);
    expect(latest?.channel).toBe('sms');
    expect(latest?.text).toMatch(/Von Appétit/);
    expect(latest?.text).toMatch(/\b\d{6}\b/);
  });
});

describe('sessions', () => {
  it('signs out: 204, the cookie cleared, the old cookie refused afterwards (S3)', async () => {
    const app = await startSandboxApp();
    const { client } = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const cookie = client.sessionCookie ?? '';
    const csrf = client.csrfToken ?? '';
    const out = await client.post('/api/website/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/sid=;/);
    const replay = new ApiClient(app.baseUrl);
    replay.cookies.set('sid', cookie);
    replay.csrfToken = csrf;
    expect((await replay.get('/api/website/orders')).body).toMatchObject({
      status: 401,
      code: 'unauthenticated',
    });
  });

  it("keeps a customer's account with the session, never its password hash; a cook's is read on each request", async () => {
    const app = await startSandboxApp();
    const { client, username } = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const stored = await app.store.sessions.get({ id: digest(client.sessionCookie ?? '') });
    expect(stored?.account).toMatchObject({ username, role: 'customer' });
    expect(JSON.stringify(stored?.account)).not.toMatch(/passwordHash|argon2/);
    // A cook can be disabled at any moment: the session carries nothing that would outlive it.
    const cook = await signedInStaff(app);
    const cookSession = await app.store.sessions.get({ id: digest(cook.sessionCookie ?? '') });
    expect(cookSession?.account).toBeNull();
  });

  it('refuses a made-up session id (forged cookie)', async () => {
    const app = await startSandboxApp();
    const client = new ApiClient(app.baseUrl);
    client.cookies.set('sid', 'AAAAAAAAAAAAAAAAAAAAAA');
    expect((await client.get('/api/website/orders')).body).toMatchObject({ status: 401 });
  });

  it('ends a session idle for an hour, and one past its 12 hours however busy, with session_expired (S4)', async () => {
    const clock = aClock();
    const app = await startSandboxApp({ now: clock.now });
    const idle = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const busy = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    for (let hour = 0; hour < 12; hour += 1) {
      clock.advance(59 * 60_000);
      expect((await busy.client.get('/api/website/orders')).status).toBe(200);
    }
    expect((await idle.client.get('/api/website/orders')).body).toMatchObject({
      status: 401,
      code: 'session_expired',
    });
    // 11 h 48 min of steady use; 30 minutes later (not idle for an hour) it is past 12 hours.
    clock.advance(30 * 60_000);
    expect((await busy.client.get('/api/website/orders')).body).toMatchObject({
      status: 401,
      code: 'session_expired',
    });
  });

  it('refuses changes from another site, without the CSRF token, or not as JSON (S5)', async () => {
    const app = await startSandboxApp();
    const { client } = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const items = [{ id: '5eed00000000000000000001', quantity: 1 }];
    const key = { 'idempotency-key': crypto.randomUUID() };
    const evil = await client.post(
      '/api/website/order',
      { items },
      { ...key, origin: 'https://evil.example' },
    );
    expect(evil.body).toMatchObject({ status: 403, code: 'csrf_rejected' });
    const crossSite = await client.post(
      '/api/website/order',
      { items },
      { ...key, 'sec-fetch-site': 'cross-site' },
    );
    expect(crossSite.body).toMatchObject({ status: 403, code: 'csrf_rejected' });
    const noToken = await client.post('/api/website/order', { items }, { ...key, 'x-csrf-token': '' });
    expect(noToken.body).toMatchObject({ status: 403, code: 'csrf_rejected' });
    const wrongToken = await client.post(
      '/api/website/order',
      { items },
      { ...key, 'x-csrf-token': 'guess' },
    );
    expect(wrongToken.body).toMatchObject({ status: 403, code: 'csrf_rejected' });
    const asText = await client.request('POST', '/api/website/order', {
      raw: JSON.stringify({ items }),
      headers: { ...key, 'content-type': 'text/plain' },
    });
    expect(asText.status).toBe(415);
    const asForm = await client.request('POST', '/api/website/order', {
      raw: 'items=1',
      headers: { ...key, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(asForm.status).toBe(415);
    expect(
      await app.store.orders.listWithDueNotifications({ at: new Date(Date.now() + 3_600_000), limit: 5 }),
    ).toEqual([]);
  });

  it('grants no cross-origin reads: no Access-Control-Allow-Origin, ever (S6)', async () => {
    const app = await startSandboxApp();
    const preflight = await fetch(`${app.baseUrl}/api/website/order`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${app.baseUrl}/api/inventory`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('logs', () => {
  it('drop the values of query strings, where a script may put a password, code or token (H6)', async () => {
    // A code ceiling of 2 (one for registrations): the second registration is refused, with
    // the error-level alerts that go with it, which must hold no secret either.
    const app = await startSandboxApp({ env: { SMS_CODES_PER_HOUR: '2' } });
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const sid = customer.client.sessionCookie ?? '';
    const secrets = {
      password: 'query string passphrase 4242',
      code: '482913',
      token: `${'a'.repeat(24)}.${'Q'.repeat(43)}`,
      name: 'dGhpc2lzYXNlY3JldHRva2Vu',
      sid,
    };
    const anyone = new ApiClient(app.baseUrl);
    const query = (pairs: Record<string, string>) => new URLSearchParams(pairs).toString();
    await anyone.post(`/api/staff/authenticate?${query({ username: 'cook', password: secrets.password })}`, {
      username: 'cook',
      password: secrets.password,
    });
    await anyone.post(`/api/website/authenticate?${query({ password: secrets.password })}`, {});
    await customer.client.post(`/api/website/authenticate/verify?${query({ tfaPin: secrets.code })}`, {
      tfaPin: secrets.code,
    });
    await anyone.post(`/api/staff/invitations/accept?${query({ token: secrets.token })}`, {
      token: secrets.token,
      password: secrets.password,
    });
    await customer.client.get(`/api/website/session?${query({ sid: secrets.sid })}`);
    // A secret sent as the query's only part, with no name, or as a name.
    await anyone.post(`/api/staff/authenticate?${secrets.token}`, { username: 'cook', password: 'x' });
    await anyone.post(`/api/staff/authenticate?${secrets.name}=`, { username: 'cook', password: 'x' });
    await fetch(`${app.baseUrl}/no/such/page?${query({ password: secrets.password, token: secrets.token })}`);
    await fetch(`${app.baseUrl}/api/website/orders/%E0%A4%A?${query({ code: secrets.code })}`);
    const refused = await anyone.post(`/api/website/register?${query({ password: secrets.password })}`, {
      username: aUsername(),
      password: secrets.password,
      phone: aPhone(),
    });
    expect(refused.body).toMatchObject({ status: 503, code: 'sms_budget_exhausted' });
    expect(app.logs.filter((line) => Number(line.level) >= 50).length).toBeGreaterThan(0);
    const text = JSON.stringify(app.logs);
    for (const secret of Object.values(secrets)) {
      expect(secret.length).toBeGreaterThan(5);
      expect(text).not.toContain(secret);
    }
    // The requests are still there, named, for whoever reads the log.
    expect(text).toContain('/api/staff/authenticate?username=…&password=…');
    expect(text).toContain('/no/such/page?password=…&token=…');
  });

  it('never hold a password, a code, a session id, a CSRF token or a verification id (L10, G4)', async () => {
    const app = await startSandboxApp();
    const password = 'a very particular passphrase 1138';
    const client = new ApiClient(app.baseUrl);
    const phone = aPhone();
    await client.post('/api/website/register', { username: 'logged@example.com', password, phone });
    const pendingCookie = client.sessionCookie ?? '';
    const registrationCode = codeFor(app.sandbox.simulator, phone);
    await client.post('/api/website/authenticate/verify', { tfaPin: '000000' });
    await client.post('/api/website/authenticate/verify', { tfaPin: registrationCode });
    const fullCookie = client.sessionCookie ?? '';
    const deviceCookie = client.cookies.get('device') ?? '';
    await client.order([{ id: '5eed00000000000000000001', quantity: 1 }]);
    await client.post('/api/website/logout');
    const verificationIds = app.sandbox.simulator
      .sent({ to: phone })
      .filter((m) => m.kind === 'verify-code')
      .map((m) => m.id);
    const text = JSON.stringify(app.logs);
    expect(app.logs.length).toBeGreaterThan(5);
    for (const secret of [
      password,
      registrationCode,
      pendingCookie,
      fullCookie,
      deviceCookie,
      client.csrfToken ?? '',
      ...verificationIds,
    ]) {
      expect(secret.length).toBeGreaterThan(0);
      expect(text).not.toContain(secret);
    }
    // …while the events that matter are there.
    expect(app.logs.map((line) => line.msg)).toEqual(
      expect.arrayContaining([
        'account created: phone proven',
        'signed in (password and code)',
        'signed out',
      ]),
    );
  });
});
