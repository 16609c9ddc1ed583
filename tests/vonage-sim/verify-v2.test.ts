// Verify v2 through the official SDK (RS256 JWT): start, check, cancel, next workflow, and every refusal.
import { generateKeyPairSync } from 'node:crypto';
import { Channels } from '@vonage/verify2';
import { describe, expect, it } from 'vitest';
import { applicationClaims, forgedJwt, send } from './support/raw-http.js';
import { failureOf, startSandbox, type Sandbox } from './support/sandbox.js';
import { aString, objectWith, textContaining, textMatching } from './support/matchers.js';

const ARTICLE_PHONE = '15556661234';
const BRAND = 'Von Appétit';

function smsTo(to: string) {
  return { channel: Channels.SMS, to } as const;
}

async function started(sandbox: Sandbox, to = ARTICLE_PHONE, extra: { channelTimeout?: number } = {}) {
  const { requestId } = await sandbox.sdk().verify2.newRequest({
    brand: BRAND,
    workflow: [smsTo(to)],
    codeLength: 6,
    ...extra,
  });
  return requestId;
}

const problem = (status: number, fragment: string, title: string) => ({
  status,
  contentType: textMatching(/^application\/problem\+json/),
  body: objectWith({
    type: `https://developer.vonage.com/en/api-errors/verify-v2#${fragment}`,
    title,
    detail: aString(),
    instance: aString(),
  }),
});

describe('Verify v2', () => {
  it('starts a request (202, a UUID) whose code completes it once', async () => {
    const sandbox = await startSandbox();
    const requestId = await started(sandbox);
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const code = sandbox.simulator.lastCode(`+${ARTICLE_PHONE}`) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    expect(sandbox.simulator.sent()[0]).toMatchObject({
      to: ARTICLE_PHONE,
      kind: 'verify-code',
      id: requestId,
      text: `Von Appétit: your code is ${code}. It expires in 3 minutes.`,
    });
    expect(await sandbox.sdk().verify2.checkCode(requestId, code)).toBe('completed');
    expect(await failureOf(sandbox.sdk().verify2.checkCode(requestId, code))).toMatchObject(
      problem(404, 'request-not-found', 'Not Found'),
    );
  });

  it('sends 4-digit codes by default', async () => {
    const sandbox = await startSandbox();
    await sandbox.sdk().verify2.newRequest({ brand: BRAND, workflow: [smsTo(ARTICLE_PHONE)] });
    expect(sandbox.simulator.lastCode(ARTICLE_PHONE)).toMatch(/^\d{4}$/);
  });

  it('answers a wrong code with 400 invalid-code and keeps the request open', async () => {
    const sandbox = await startSandbox();
    const requestId = await started(sandbox);
    expect(await failureOf(sandbox.sdk().verify2.checkCode(requestId, '000000'))).toMatchObject(
      problem(400, 'invalid-code', 'Invalid Code'),
    );
    const code = sandbox.simulator.lastCode(ARTICLE_PHONE) ?? '';
    expect(await sandbox.sdk().verify2.checkCode(requestId, code)).toBe('completed');
  });

  it('ends the request with 410 "Workflow terminated" at the third wrong code', async () => {
    const sandbox = await startSandbox();
    const requestId = await started(sandbox);
    const wrong = sandbox.simulator.lastCode(ARTICLE_PHONE) === '111111' ? '222222' : '111111';
    await failureOf(sandbox.sdk().verify2.checkCode(requestId, wrong));
    await failureOf(sandbox.sdk().verify2.checkCode(requestId, wrong));
    const third = await failureOf(sandbox.sdk().verify2.checkCode(requestId, wrong));
    expect(third).toMatchObject(problem(410, 'expired', 'Invalid Code'));
    expect(third.body).toMatchObject({ detail: textContaining('Workflow terminated') });
    const code = sandbox.simulator.lastCode(ARTICLE_PHONE) ?? '';
    expect((await failureOf(sandbox.sdk().verify2.checkCode(requestId, code))).status).toBe(404);
  });

  it('refuses a check without a usable code with 422 naming code', async () => {
    const sandbox = await startSandbox();
    const requestId = await started(sandbox);
    const refused = await failureOf(sandbox.sdk().verify2.checkCode(requestId, '12'));
    expect(refused).toMatchObject({
      status: 422,
      body: { invalid_parameters: [objectWith({ name: 'code' })] },
    });
  });

  it('forgets the request when channel_timeout has passed (404)', async () => {
    const sandbox = await startSandbox();
    const requestId = await started(sandbox, ARTICLE_PHONE, { channelTimeout: 60 });
    const code = sandbox.simulator.lastCode(ARTICLE_PHONE) ?? '';
    sandbox.clock.advance(60_000);
    expect((await failureOf(sandbox.sdk().verify2.checkCode(requestId, code))).status).toBe(404);
  });

  it('refuses a concurrent verification to the same number with 409 and the request in flight', async () => {
    const sandbox = await startSandbox();
    const requestId = await started(sandbox);
    const conflict = await failureOf(started(sandbox));
    expect(conflict).toMatchObject(problem(409, 'concurrent', 'Conflict'));
    expect(conflict.body).toMatchObject({ request_id: requestId });
  });

  it.each([
    ['too long', 'Von Appétit Bistro!', 'brand'],
    ['with a slash', 'Von/Appétit', 'brand'],
    ['with braces', 'Von {Appétit}', 'brand'],
    ['with a colon', 'Von: Appétit', 'brand'],
    ['with a dollar', 'Von $Appétit', 'brand'],
    ['empty', '', 'brand'],
  ])('refuses a brand %s with 422 invalid_parameters', async (_case, brand, name) => {
    const sandbox = await startSandbox();
    const refused = await failureOf(
      sandbox.sdk().verify2.newRequest({ brand, workflow: [smsTo(ARTICLE_PHONE)] }),
    );
    expect(refused).toMatchObject({
      status: 422,
      body: {
        type: 'https://developer.vonage.com/en/api-errors#invalid-params',
        title: 'Invalid params',
        invalid_parameters: [{ name, reason: aString() }],
      },
    });
  });

  it('takes an 18-character brand', async () => {
    const sandbox = await startSandbox();
    await sandbox.sdk().verify2.newRequest({ brand: 'Von Appétit Bistro', workflow: [smsTo(ARTICLE_PHONE)] });
    expect(sandbox.simulator.sent()[0]?.text).toMatch(/^Von Appétit Bistro: your code is/);
  });

  it.each([
    [
      'a channel it cannot deliver',
      { workflow: [{ channel: Channels.WHATSAPP, to: ARTICLE_PHONE, from: '15550100001' }] },
      'workflow[0].channel',
    ],
    ['no workflow', { workflow: [] }, 'workflow'],
    ['four workflows', { workflow: [1, 2, 3, 4].map(() => smsTo(ARTICLE_PHONE)) }, 'workflow'],
    ['a number with a +', { workflow: [smsTo(`+${ARTICLE_PHONE}`)] }, 'workflow[0].to'],
    [
      'a channel_timeout under 15 s',
      { workflow: [smsTo(ARTICLE_PHONE)], channelTimeout: 14 },
      'channel_timeout',
    ],
    [
      'a channel_timeout over 900 s',
      { workflow: [smsTo(ARTICLE_PHONE)], channelTimeout: 901 },
      'channel_timeout',
    ],
    ['a code length of 11', { workflow: [smsTo(ARTICLE_PHONE)], codeLength: 11 as 10 }, 'code_length'],
  ])('refuses %s with 422', async (_case, params, name) => {
    const sandbox = await startSandbox();
    const refused = await failureOf(sandbox.sdk().verify2.newRequest({ brand: BRAND, ...params }));
    expect(refused).toMatchObject({
      status: 422,
      body: { invalid_parameters: [objectWith({ name })] },
    });
  });

  describe('refuses a bad JWT with 401', () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;

    it('signed with another private key', async () => {
      const sandbox = await startSandbox();
      const refused = await failureOf(
        sandbox
          .sdk({ privateKey: otherKey })
          .verify2.newRequest({ brand: BRAND, workflow: [smsTo(ARTICLE_PHONE)] }),
      );
      expect(refused).toMatchObject({
        status: 401,
        contentType: textMatching(/^application\/problem\+json/),
        body: { type: 'https://developer.vonage.com/api-errors#unauthorized', title: 'Unauthorized' },
      });
      expect(sandbox.simulator.sent()).toEqual([]);
    });

    it.each([
      [
        'alg none',
        (s: Sandbox) => forgedJwt({ alg: 'none', claims: applicationClaims(s.credentials.applicationId) }),
      ],
      [
        'HS256 keyed with the public key',
        (s: Sandbox) =>
          forgedJwt({
            alg: 'HS256',
            claims: applicationClaims(s.credentials.applicationId),
            key: s.credentials.publicKey,
          }),
      ],
      [
        'for another application',
        (s: Sandbox) =>
          forgedJwt({
            alg: 'RS256',
            claims: applicationClaims(crypto.randomUUID()),
            key: s.credentials.privateKey,
          }),
      ],
      [
        'expired',
        (s: Sandbox) =>
          forgedJwt({
            alg: 'RS256',
            claims: applicationClaims(s.credentials.applicationId, {
              exp: Math.floor(Date.now() / 1000) - 60,
            }),
            key: s.credentials.privateKey,
          }),
      ],
      ['garbage', () => 'not.a.jwt'],
    ])('%s', async (_case, token) => {
      const sandbox = await startSandbox();
      const answer = await send(`${sandbox.url}/v2/verify`, {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token(sandbox)}` },
        body: JSON.stringify({ brand: BRAND, workflow: [smsTo(ARTICLE_PHONE)] }),
      });
      expect(answer.status).toBe(401);
      expect(answer.json()).toMatchObject({ title: 'Unauthorized', instance: aString() });
    });

    it('with no Authorization header at all', async () => {
      const sandbox = await startSandbox();
      const answer = await send(`${sandbox.url}/v2/verify/${crypto.randomUUID()}`, { method: 'DELETE' });
      expect(answer.status).toBe(401);
    });
  });

  it('refuses to cancel in the first 30 seconds (409), then cancels (204) and forgets', async () => {
    const sandbox = await startSandbox();
    const requestId = await started(sandbox);
    const token = `Bearer ${forgedJwt({ alg: 'RS256', claims: applicationClaims(sandbox.credentials.applicationId), key: sandbox.credentials.privateKey })}`;
    const cancel = () =>
      send(`${sandbox.url}/v2/verify/${requestId}`, { method: 'DELETE', headers: { authorization: token } });
    expect(await sandbox.sdk().verify2.cancel(requestId)).toBe(false);
    expect((await cancel()).status).toBe(409);
    sandbox.clock.advance(30_000);
    expect(await sandbox.sdk().verify2.cancel(requestId)).toBe(true);
    expect((await cancel()).status).toBe(404);
  });

  it('moves to the next workflow with a fresh code, and refuses when none is left (409)', async () => {
    const sandbox = await startSandbox();
    const { requestId } = await sandbox.sdk().verify2.newRequest({
      brand: BRAND,
      workflow: [smsTo(ARTICLE_PHONE), smsTo('15556661235')],
      codeLength: 6,
    });
    const firstCode = sandbox.simulator.lastCode(ARTICLE_PHONE) ?? '';
    expect(await sandbox.sdk().verify2.nextWorkflow(requestId)).toBe(true);
    expect(sandbox.simulator.sent({ to: '15556661235' })).toHaveLength(1);
    const secondCode = sandbox.simulator.lastCode('15556661235') ?? '';
    expect(await sandbox.sdk().verify2.nextWorkflow(requestId)).toBe(false);
    if (secondCode !== firstCode)
      expect((await failureOf(sandbox.sdk().verify2.checkCode(requestId, firstCode))).status).toBe(400);
    expect(await sandbox.sdk().verify2.checkCode(requestId, secondCode)).toBe('completed');
  });

  it('takes Basic credentials too, as the 2026 specification allows', async () => {
    const sandbox = await startSandbox();
    const answer = await send(`${sandbox.url}/v2/verify`, {
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${sandbox.credentials.apiKey}:${sandbox.credentials.apiSecret}`).toString('base64')}`,
      },
      body: JSON.stringify({ brand: BRAND, workflow: [{ channel: 'sms', to: ARTICLE_PHONE }] }),
    });
    expect(answer.status).toBe(202);
  });
});
