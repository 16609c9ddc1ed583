// Vonage's rate limit: a 31st request in the same second is refused, per API, until the second passes.
import { describe, expect, it } from 'vitest';
import { applicationClaims, basic, forgedJwt, send, type RawAnswer } from './support/raw-http.js';
import { startSandbox, type Sandbox } from './support/sandbox.js';

function bearer(sandbox: Sandbox): string {
  const claims = applicationClaims(sandbox.credentials.applicationId);
  return `Bearer ${forgedJwt({ alg: 'RS256', claims, key: sandbox.credentials.privateKey })}`;
}

const unknownV1Request = '0123456789abcdef0123456789abcdef';

/** One cheap call per API: it counts against the limit whatever its outcome. */
const calls = {
  'Verify v1': (s: Sandbox) =>
    send(`${s.url}/verify/check/json`, {
      headers: {
        'content-type': 'application/json',
        authorization: basic(s.credentials.apiKey, s.credentials.apiSecret),
      },
      body: JSON.stringify({ request_id: unknownV1Request, code: '1234' }),
    }),
  'Verify v2': (s: Sandbox) =>
    send(`${s.url}/v2/verify/${crypto.randomUUID()}`, {
      headers: { 'content-type': 'application/json', authorization: bearer(s) },
      body: JSON.stringify({ code: '1234' }),
    }),
  Messages: (s: Sandbox) =>
    send(`${s.url}/v1/messages`, {
      headers: { 'content-type': 'application/json', authorization: bearer(s) },
      body: JSON.stringify({
        message_type: 'text',
        channel: 'sms',
        to: '15556661234',
        from: 'Von',
        text: 'hi',
      }),
    }),
};

const throttled = (answer: RawAnswer) =>
  answer.status === 429 || (answer.status === 200 && (answer.json() as { status?: string }).status === '1');

async function burst(sandbox: Sandbox, call: (s: Sandbox) => Promise<RawAnswer>, count: number) {
  return Promise.all(Array.from({ length: count }, () => call(sandbox)));
}

describe('throttling', () => {
  it.each(Object.entries(calls))('%s refuses the 31st request in one second', async (_api, call) => {
    const sandbox = await startSandbox();
    expect((await burst(sandbox, call, 30)).filter(throttled)).toHaveLength(0);
    const refused = await call(sandbox);
    expect(throttled(refused)).toBe(true);
    sandbox.clock.advance(1000);
    expect(throttled(await call(sandbox))).toBe(false);
  });

  it('says so in each API’s words: v1 status 1 over HTTP 200, v2 and Messages 429 with Retry-After', async () => {
    const sandbox = await startSandbox();
    await Promise.all(Object.values(calls).map((call) => burst(sandbox, call, 30)));
    expect((await calls['Verify v1'](sandbox)).json()).toEqual({ status: '1', error_text: 'Throttled' });
    for (const answer of [await calls['Verify v2'](sandbox), await calls.Messages(sandbox)]) {
      expect(answer).toMatchObject({ status: 429, retryAfter: '1' });
      expect(answer.json()).toMatchObject({ title: 'Rate Limit Hit' });
    }
  });

  it('counts each API apart: a throttled Verify does not hold Messages back', async () => {
    const sandbox = await startSandbox();
    await burst(sandbox, calls['Verify v2'], 31);
    expect((await calls.Messages(sandbox)).status).toBe(202);
  });

  it('does not count requests with bad credentials', async () => {
    const sandbox = await startSandbox();
    const stranger = () =>
      send(`${sandbox.url}/v1/messages`, {
        headers: { authorization: basic('nobody', 'nothing') },
        body: '{}',
      });
    await Promise.all(Array.from({ length: 40 }, stranger));
    expect((await calls.Messages(sandbox)).status).toBe(202);
  });
});
