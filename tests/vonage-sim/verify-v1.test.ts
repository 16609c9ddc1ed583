// Verify v1 through the official SDK: start, check, control, and the status codes of each failure.
import { VerifyWorkflows } from '@vonage/verify';
import { describe, expect, it } from 'vitest';
import { basic, send } from './support/raw-http.js';
import { startSandbox } from './support/sandbox.js';
import { aDate, aString, textContaining, textMatching } from './support/matchers.js';

const ARTICLE_PHONE = '15556661234';
const BRAND = 'Von Appétit';

describe('Verify v1', () => {
  it('sends a code by SMS under the brand and accepts it once', async () => {
    const { sdk, simulator } = await startSandbox();
    const started = await sdk().verify.start({ number: ARTICLE_PHONE, brand: BRAND, codeLength: 6 });
    expect(started).toMatchObject({ status: '0', requestId: textMatching(/^[0-9a-f]{32}$/) });
    const requestId = (started as { requestId: string }).requestId;

    const code = simulator.lastCode(ARTICLE_PHONE) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    expect(simulator.sent()).toEqual([
      {
        to: ARTICLE_PHONE,
        text: `Von Appétit: your code is ${code}. It expires in 5 minutes.`,
        at: aDate(),
        channel: 'sms',
        kind: 'verify-code',
        id: requestId,
      },
    ]);
    expect(await sdk().verify.check(requestId, code)).toMatchObject({
      status: '0',
      requestId,
      eventId: aString(),
      price: aString(),
      currency: 'EUR',
    });
    expect(await sdk().verify.check(requestId, code)).toMatchObject({ status: '6' });
  });

  it('sends 4-digit codes unless told otherwise, and says how long they live, rounded up', async () => {
    const { sdk, simulator } = await startSandbox();
    await sdk().verify.start({ number: ARTICLE_PHONE, brand: BRAND, pinExpiry: 90 });
    expect(simulator.lastCode(ARTICLE_PHONE)).toMatch(/^\d{4}$/);
    expect(simulator.sent()[0]?.text).toMatch(/It expires in 2 minutes\.$/);
  });

  it('answers a wrong code with status 16, and keeps the request open', async () => {
    const { sdk, simulator } = await startSandbox();
    const { requestId } = (await sdk().verify.start({ number: ARTICLE_PHONE, brand: BRAND })) as {
      requestId: string;
    };
    expect(await sdk().verify.check(requestId, '0000')).toMatchObject({ status: '16', requestId });
    expect(await sdk().verify.check(requestId, simulator.lastCode(ARTICLE_PHONE) ?? '')).toMatchObject({
      status: '0',
    });
  });

  it('ends the request after the third wrong code (status 17), then no longer knows it (6)', async () => {
    const { sdk, simulator } = await startSandbox();
    const { requestId } = (await sdk().verify.start({ number: ARTICLE_PHONE, brand: BRAND })) as {
      requestId: string;
    };
    const wrong = simulator.lastCode(ARTICLE_PHONE) === '1111' ? '2222' : '1111';
    expect(await sdk().verify.check(requestId, wrong)).toMatchObject({ status: '16' });
    expect(await sdk().verify.check(requestId, wrong)).toMatchObject({ status: '16' });
    expect(await sdk().verify.check(requestId, wrong)).toMatchObject({
      status: '17',
      errorText: 'The wrong code was provided too many times. Request terminated',
    });
    expect(await sdk().verify.check(requestId, simulator.lastCode(ARTICLE_PHONE) ?? '')).toMatchObject({
      status: '6',
    });
  });

  it('forgets a request once its pin_expiry has passed (status 6), and frees the number', async () => {
    const { sdk, simulator, clock } = await startSandbox();
    const { requestId } = (await sdk().verify.start({
      number: ARTICLE_PHONE,
      brand: BRAND,
      pinExpiry: 60,
    })) as {
      requestId: string;
    };
    clock.advance(59_999);
    expect(await sdk().verify.check(requestId, '0000')).toMatchObject({ status: '16' });
    clock.advance(1);
    expect(await sdk().verify.check(requestId, simulator.lastCode(ARTICLE_PHONE) ?? '')).toMatchObject({
      status: '6',
    });
    expect(await sdk().verify.start({ number: ARTICLE_PHONE, brand: BRAND })).toMatchObject({ status: '0' });
  });

  it('refuses a second verification to a number with one in flight (status 10, with its request_id)', async () => {
    const { sdk } = await startSandbox();
    const first = (await sdk().verify.start({ number: ARTICLE_PHONE, brand: BRAND })) as {
      requestId: string;
    };
    expect(await sdk().verify.start({ number: `+${ARTICLE_PHONE}`, brand: BRAND })).toMatchObject({
      status: '10',
      requestId: first.requestId,
      errorText: 'Concurrent verifications to the same number are not allowed',
    });
  });

  it('refuses to cancel during the first 30 seconds (status 19), then cancels', async () => {
    const { sdk, clock, simulator } = await startSandbox();
    const { requestId } = (await sdk().verify.start({ number: ARTICLE_PHONE, brand: BRAND })) as {
      requestId: string;
    };
    clock.advance(29_999);
    expect(await sdk().verify.cancel(requestId)).toMatchObject({ status: '19' });
    clock.advance(1);
    expect(await sdk().verify.cancel(requestId)).toMatchObject({ status: '0', command: 'cancel' });
    expect(await sdk().verify.check(requestId, simulator.lastCode(ARTICLE_PHONE) ?? '')).toMatchObject({
      status: '6',
    });
  });

  it('resends the same code on trigger_next_event while the workflow has events left', async () => {
    const { sdk, simulator, clock } = await startSandbox();
    const { requestId } = (await sdk().verify.start({
      number: ARTICLE_PHONE,
      brand: BRAND,
      workflowId: VerifyWorkflows.SMS_SMS,
    })) as {
      requestId: string;
    };
    expect(await sdk().verify.trigger(requestId)).toMatchObject({
      status: '0',
      command: 'trigger_next_event',
    });
    const [second, first] = simulator.sent();
    expect(second?.text).toBe(first?.text);
    expect(await sdk().verify.trigger(requestId)).toMatchObject({ status: '19' });
    clock.advance(30_000);
    expect(await sdk().verify.cancel(requestId)).toMatchObject({ status: '19' });
  });

  it('says there is nothing left to trigger on the SMS-only workflow 6', async () => {
    const { sdk } = await startSandbox();
    const { requestId } = (await sdk().verify.start({
      number: ARTICLE_PHONE,
      brand: BRAND,
      workflowId: VerifyWorkflows.SMS,
    })) as {
      requestId: string;
    };
    expect(await sdk().verify.trigger(requestId)).toMatchObject({
      status: '19',
      errorText: `No more events are left to execute for the request ['${requestId}']`,
    });
  });

  it('answers an unknown request id with status 6', async () => {
    const { sdk } = await startSandbox();
    expect(await sdk().verify.check('0123456789abcdef0123456789abcdef', '1234')).toMatchObject({
      status: '6',
    });
    expect(await sdk().verify.cancel('0123456789abcdef0123456789abcdef')).toMatchObject({ status: '6' });
  });

  it('answers a wrong key or secret with status 4, always over HTTP 200', async () => {
    const { url } = await startSandbox();
    const answer = await send(`${url}/verify/json`, {
      headers: { 'content-type': 'application/json', authorization: basic('abcd1234', 'wrong') },
      body: JSON.stringify({ number: ARTICLE_PHONE, brand: BRAND }),
    });
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ status: '4', error_text: 'Invalid credentials were provided' });
  });

  it('answers a call without any credentials with status 2, naming api_key', async () => {
    const { url } = await startSandbox();
    const answer = await send(`${url}/verify/json`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ number: ARTICLE_PHONE, brand: BRAND }),
    });
    expect(answer.json()).toMatchObject({ status: '2', error_text: textContaining('api_key') });
  });

  it('takes the form-encoded body with api_key and api_secret that the documentation shows', async () => {
    const { url, credentials, simulator } = await startSandbox();
    const form = new URLSearchParams({
      api_key: credentials.apiKey,
      api_secret: credentials.apiSecret,
      number: ARTICLE_PHONE,
      brand: BRAND,
      code_length: '6',
    });
    const answer = await send(`${url}/verify/json`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(answer.json()).toMatchObject({ status: '0' });
    expect(simulator.lastCode(ARTICLE_PHONE)).toMatch(/^\d{6}$/);
  });

  it.each([
    [{ brand: BRAND }, '2', 'number'],
    [{ number: ARTICLE_PHONE }, '2', 'brand'],
    [{ number: 'call me', brand: BRAND }, '3', 'number'],
    [{ number: ARTICLE_PHONE, brand: 'A brand far too long' }, '3', 'brand'],
    [{ number: ARTICLE_PHONE, brand: BRAND, code_length: 5 }, '3', 'code_length'],
    [{ number: ARTICLE_PHONE, brand: BRAND, pin_expiry: 3601 }, '3', 'pin_expiry'],
    [{ number: ARTICLE_PHONE, brand: BRAND, workflow_id: 8 }, '3', 'workflow_id'],
  ])('refuses %j with status %s naming %s', async (body, status, field) => {
    const { url, credentials } = await startSandbox();
    const answer = await send(`${url}/verify/json`, {
      headers: {
        'content-type': 'application/json',
        authorization: basic(credentials.apiKey, credentials.apiSecret),
      },
      body: JSON.stringify(body),
    });
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ status, error_text: textContaining(field) });
  });
});
