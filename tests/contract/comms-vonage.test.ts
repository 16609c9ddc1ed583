// The Comms contract: the Vonage adapter, through the official SDK over real HTTP, against the
// simulator — every outcome the port promises, for Verify v2 and v1, Messages and Video.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVonageComms } from '../../src/server/comms/vonage/index.js';
import type { Comms } from '../../src/server/ports/comms.js';
import {
  createVonageSimulator,
  generateSandboxCredentials,
  type VonageSimulator,
} from '../../src/vonage-sim/index.js';

const ARTICLE_PHONE = '+15556661234';
const MAGIC = {
  down: '+15550100500',
  slow: '+15550100504',
  blocked: '+15550100403',
  undeliverable: '+15550100410',
  throttled: '+15550100429',
  malformed: '+15550100422',
} as const;

/** Calls that should succeed get a generous timeout: a loaded machine must not make them fail. */
const TIMEOUT_MS = 5000;
/** The slow-provider cases use a short one, below the simulator's stall. */
const SHORT_TIMEOUT_MS = 600;
const CODE_TTL_SECONDS = 600;

/** A simulator with a clock the test moves, and one adapter per Verify API. */
function harness() {
  const clock = { nowMs: Date.now() };
  const credentials = generateSandboxCredentials();
  let simulator: VonageSimulator;
  let url = '';
  const comms = (verifyApi: 'v1' | 'v2', timeoutMs = TIMEOUT_MS): Comms =>
    createVonageComms({
      kind: 'sandbox',
      credentials:
        verifyApi === 'v2' ? credentials : { apiKey: credentials.apiKey, apiSecret: credentials.apiSecret },
      host: url,
      timeoutMs,
      from: 'VonAppetit',
      verification: { brand: 'Von Appétit', codeTtlSeconds: CODE_TTL_SECONDS },
      now: () => new Date(clock.nowMs),
    });
  beforeAll(async () => {
    simulator = createVonageSimulator({
      credentials,
      now: () => new Date(clock.nowMs),
      slowResponseMs: SHORT_TIMEOUT_MS * 3,
    });
    url = await simulator.listen();
  });
  afterAll(async () => {
    await simulator.close();
  });
  // Each test starts in a fresh second: the simulator's 30-requests-per-second limit follows this clock.
  beforeEach(() => {
    clock.nowMs += 1000;
  });
  return { clock, comms, simulator: () => simulator };
}

/** A fresh fictional number per test, so one-verification-per-number never crosses tests. */
let next = 0;
function aPhone(): string {
  next += 1;
  return `+1555077${String(next).padStart(4, '0')}`;
}

describe.each(['v2', 'v1'] as const)('Verify %s through the SDK', (verifyApi) => {
  const { clock, comms, simulator } = harness();

  async function started(phone: string): Promise<string> {
    const result = await comms(verifyApi).verification.start({ phone });
    if (result.outcome !== 'started') throw new Error(`expected started, got ${JSON.stringify(result)}`);
    return result.verificationId;
  }

  it('sends a 6-digit code by SMS under the brand, and verifies it once', async () => {
    const phone = aPhone();
    const id = await started(phone);
    const code = simulator().lastCode(phone);
    expect(code).toMatch(/^\d{6}$/);
    const [sms] = simulator().sent({ to: phone });
    expect(sms?.text).toContain('Von Appétit');
    expect(sms?.text).toContain(code);
    expect(await comms(verifyApi).verification.check({ verificationId: id, code: code ?? '' })).toEqual({
      outcome: 'verified',
    });
    // Used once: the same code again finds nothing to verify.
    expect(await comms(verifyApi).verification.check({ verificationId: id, code: code ?? '' })).toEqual({
      outcome: 'expired',
    });
  });

  it('says a wrong code is wrong, and ends the verification at the third', async () => {
    const phone = aPhone();
    const id = await started(phone);
    const right = simulator().lastCode(phone) ?? '';
    const wrong = right === '000000' ? '111111' : '000000';
    const check = (code: string) => comms(verifyApi).verification.check({ verificationId: id, code });
    expect(await check(wrong)).toEqual({ outcome: 'wrong_code' });
    expect(await check(wrong)).toEqual({ outcome: 'wrong_code' });
    expect(await check(wrong)).toEqual({ outcome: 'too_many_attempts' });
    expect((await check(right)).outcome).not.toBe('verified');
  });

  it('keeps a code valid for its whole 10-minute life', async () => {
    const phone = aPhone();
    const id = await started(phone);
    const code = simulator().lastCode(phone) ?? '';
    clock.nowMs += (CODE_TTL_SECONDS - 1) * 1000;
    expect(await comms(verifyApi).verification.check({ verificationId: id, code })).toEqual({
      outcome: 'verified',
    });
  });

  it('cancels a verification only after its first 30 seconds, as Vonage does', async () => {
    const phone = aPhone();
    const id = await started(phone);
    expect((await comms(verifyApi).verification.cancel({ verificationId: id })).outcome).toBe(
      'not_cancelled',
    );
    clock.nowMs += 31_000;
    expect(await comms(verifyApi).verification.cancel({ verificationId: id })).toEqual({
      outcome: 'cancelled',
    });
    const code = simulator().lastCode(phone) ?? '';
    expect(await comms(verifyApi).verification.check({ verificationId: id, code })).toEqual({
      outcome: 'expired',
    });
  });

  it('lets a code expire', async () => {
    const phone = aPhone();
    const id = await started(phone);
    const code = simulator().lastCode(phone) ?? '';
    clock.nowMs += (CODE_TTL_SECONDS + 1) * 1000;
    expect(await comms(verifyApi).verification.check({ verificationId: id, code })).toEqual({
      outcome: 'expired',
    });
  });

  it('refuses a second verification to a number with one in flight', async () => {
    const phone = aPhone();
    const first = await started(phone);
    const second = await comms(verifyApi).verification.start({ phone });
    expect(second).toEqual({ outcome: 'concurrent', verificationId: first });
  });

  it('answers expired for a verification it never started', async () => {
    const unknown =
      verifyApi === 'v2' ? '5a1e0000-0000-4000-8000-000000000000' : 'abcdef0123456789abcdef0123456789';
    expect(await comms(verifyApi).verification.check({ verificationId: unknown, code: '123456' })).toEqual({
      outcome: 'expired',
    });
  });

  it.each([
    ['blocked by anti-fraud', MAGIC.blocked, 'blocked'],
    ['throttled', MAGIC.throttled, 'throttled'],
    ['down (5xx)', MAGIC.down, 'unavailable'],
    ['too slow', MAGIC.slow, 'unavailable'],
    ['answering garbage', MAGIC.malformed, 'unavailable'],
  ])('fails closed when the provider is %s', async (_scenario, phone, outcome) => {
    const timeout = phone === MAGIC.slow ? SHORT_TIMEOUT_MS : TIMEOUT_MS;
    const result = await comms(verifyApi, timeout).verification.start({ phone });
    expect(result.outcome).toBe(outcome);
  });

  it.each([
    ['down (5xx)', 'provider-down', { outcome: 'unavailable' }],
    ['too slow', 'too-slow', { outcome: 'unavailable', reason: 'timeout' }],
    ['answering garbage', 'malformed', { outcome: 'unavailable', reason: 'malformed_answer' }],
    ['answering an empty success', 'empty-answer', { outcome: 'unavailable' }],
    ['throttling', 'throttled', { outcome: 'throttled' }],
  ] as const)(
    'never verifies the right code while the provider is %s, and still can afterwards',
    async (_case, scenario, expected) => {
      const phone = aPhone();
      const id = await started(phone);
      const code = simulator().lastCode(phone) ?? '';
      const api = verifyApi === 'v2' ? 'verify2' : 'verify';
      simulator().setScenario(api, scenario);
      try {
        const timeout = scenario === 'too-slow' ? SHORT_TIMEOUT_MS : TIMEOUT_MS;
        expect(
          await comms(verifyApi, timeout).verification.check({ verificationId: id, code }),
        ).toMatchObject(expected);
      } finally {
        simulator().setScenario(api, undefined);
      }
      if (scenario !== 'too-slow') {
        // The failed check reached no verification: the code still works once the provider is back.
        expect(await comms(verifyApi).verification.check({ verificationId: id, code })).toEqual({
          outcome: 'verified',
        });
      }
    },
  );

  it('gives up on a slow provider at its timeout, not the provider’s', async () => {
    const startedAt = performance.now();
    const result = await comms(verifyApi, SHORT_TIMEOUT_MS).verification.start({ phone: MAGIC.slow });
    expect(result).toEqual({ outcome: 'unavailable', reason: 'timeout' });
    expect(performance.now() - startedAt).toBeLessThan(SHORT_TIMEOUT_MS * 3);
  });
});

describe('Messages through the SDK', () => {
  const { comms, simulator } = harness();

  it('accepts a text message and records it under the number', async () => {
    const phone = aPhone();
    const sent = await comms('v2').sms.send({
      to: phone,
      text: 'Von Appétit: order #101 received, total $13.93',
    });
    expect(sent.outcome).toBe('accepted');
    const [sms] = simulator().sent({ to: phone });
    expect(sms).toMatchObject({ text: 'Von Appétit: order #101 received, total $13.93', kind: 'message' });
    if (sent.outcome === 'accepted') expect(sms?.id).toBe(sent.messageId);
  });

  it.each([
    ['blocked', MAGIC.blocked, 'rejected'],
    ['throttled', MAGIC.throttled, 'throttled'],
    ['down (5xx)', MAGIC.down, 'unavailable'],
    ['too slow', MAGIC.slow, 'unavailable'],
    ['answering garbage', MAGIC.malformed, 'unavailable'],
  ])('reports a %s number (%s) as %s', async (_scenario, to, outcome) => {
    const timeout = to === MAGIC.slow ? SHORT_TIMEOUT_MS : TIMEOUT_MS;
    expect((await comms('v2', timeout).sms.send({ to, text: 'hello' })).outcome).toBe(outcome);
  });

  it('accepts a message to an undeliverable number: the failure comes later, by webhook', async () => {
    expect((await comms('v2').sms.send({ to: MAGIC.undeliverable, text: 'hello' })).outcome).toBe('accepted');
  });
});

describe('Video through the SDK', () => {
  const { comms, simulator } = harness();

  it.each([
    ['down (5xx)', 'provider-down', 'http_500'],
    ['too slow', 'too-slow', 'timeout'],
    ['answering garbage', 'malformed', 'malformed_answer'],
  ] as const)('fails closed when the provider is %s', async (_case, scenario, reason) => {
    simulator().setScenario('video', scenario);
    try {
      const timeout = scenario === 'too-slow' ? SHORT_TIMEOUT_MS : TIMEOUT_MS;
      expect(await comms('v2', timeout).video.createSession()).toEqual({ outcome: 'unavailable', reason });
    } finally {
      simulator().setScenario('video', undefined);
    }
  });

  it('opens a session and mints role-bound, expiring tokens for it without a network call', async () => {
    const created = await comms('v2').video.createSession();
    expect(created.outcome).toBe('created');
    if (created.outcome !== 'created') return;
    const token = comms('v2').video.mintToken({
      sessionId: created.sessionId,
      role: 'moderator',
      displayName: 'Kitchen',
      expiresInSeconds: 900,
    });
    const [, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({
      session_id: created.sessionId,
      role: 'moderator',
      scope: 'session.connect',
    });
    const expiresIn = Number(claims.exp) - Math.floor(Date.now() / 1000);
    expect(expiresIn).toBeGreaterThan(890);
    expect(expiresIn).toBeLessThanOrEqual(900);
  });
});

describe('the article’s number', () => {
  const { comms, simulator } = harness();

  it('gets its code like any other (the fictional 555 area code included)', async () => {
    const result = await comms('v2').verification.start({ phone: ARTICLE_PHONE });
    expect(result.outcome).toBe('started');
    expect(simulator().lastCode(ARTICLE_PHONE)).toMatch(/^\d{6}$/);
  });
});
