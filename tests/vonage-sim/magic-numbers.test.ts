// The named test phones of docs/sandbox.md: each one's scenario, on every API it applies to.
import { Channels } from '@vonage/verify2';
import { describe, expect, it, vi } from 'vitest';
import { MAGIC_NUMBERS } from '../../src/vonage-sim/index.js';
import { startSandbox, failureOf, type Sandbox } from './support/sandbox.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';
import { aString, textMatching } from './support/matchers.js';

const BRAND = 'Von Appétit';

/** The three calls a phone number goes into, as the app makes them. */
const calls = {
  'Verify v1': (sandbox: Sandbox, to: string, timeoutMs?: number) =>
    sandbox.sdk({ timeoutMs }).verify.start({ number: to, brand: BRAND }),
  'Verify v2': (sandbox: Sandbox, to: string, timeoutMs?: number) =>
    sandbox
      .sdk({ timeoutMs })
      .verify2.newRequest({ brand: BRAND, workflow: [{ channel: Channels.SMS, to }] }),
  Messages: (sandbox: Sandbox, to: string, timeoutMs?: number) =>
    sandbox
      .sdk({ timeoutMs })
      .messages.send({ messageType: 'text', channel: 'sms', to, from: 'VonAppetit', text: 'Hi' }),
};
const apis = Object.entries(calls);
const problemApis = apis.filter(([api]) => api !== 'Verify v1');

describe('magic numbers', () => {
  it('are all in the fictional 555-01xx range', () => {
    for (const number of Object.keys(MAGIC_NUMBERS)) expect(number).toMatch(/^1555010\d{4}$/);
  });

  describe('15550100500: provider down', () => {
    it.each(apis)('%s answers HTTP 500', async (_api, call) => {
      const sandbox = await startSandbox();
      expect((await failureOf(call(sandbox, '15550100500'))).status).toBe(500);
      expect(sandbox.simulator.sent()).toEqual([]);
    });
  });

  describe('15550100504: too slow', () => {
    it.each(apis)(
      '%s answers only after slowResponseMs, so the SDK timeout fires first',
      async (_api, call) => {
        const sandbox = await startSandbox({ slowResponseMs: 300 });
        await expect(call(sandbox, '15550100504', 100)).rejects.toMatchObject({ name: 'AbortError' });
      },
    );

    it('still does the work once the stall is over, as a slow provider would', async () => {
      const sandbox = await startSandbox({ slowResponseMs: 50 });
      await calls['Verify v2'](sandbox, '15550100504');
      expect(sandbox.simulator.lastCode('15550100504')).toMatch(/^\d{4}$/);
    });
  });

  describe('15550100403: blocked by anti-fraud', () => {
    it('Verify v1 answers status 7 with the blocking network and no request id', async () => {
      const sandbox = await startSandbox();
      const answer = await calls['Verify v1'](sandbox, '15550100403');
      expect(answer).toMatchObject({ status: '7', network: aString() });
      expect(answer).not.toHaveProperty('requestId');
    });

    it.each(problemApis)('%s answers 403 problem+json', async (_api, call) => {
      const sandbox = await startSandbox();
      const refused = await failureOf(call(sandbox, '15550100403'));
      expect(refused).toMatchObject({
        status: 403,
        contentType: textMatching(/^application\/problem\+json/),
        body: { title: 'Forbidden', type: textMatching(/#(blocked|forbidden)$/) },
      });
      expect(sandbox.simulator.sent()).toEqual([]);
    });
  });

  describe('15550100410: SMS undeliverable', () => {
    it('Messages accepts with 202, then the status webhook says rejected, with an error', async () => {
      const receiver = await startWebhookReceiver();
      const sandbox = await startSandbox({ messageStatusUrl: receiver.url });
      const { messageUUID } = await calls.Messages(sandbox, '15550100410');
      await vi.waitFor(() => {
        expect(receiver.calls).toHaveLength(1);
      });
      expect(JSON.parse(receiver.calls[0]?.body ?? '')).toMatchObject({
        message_uuid: messageUUID,
        status: 'rejected',
        error: { type: aString(), title: aString(), detail: aString() },
      });
      expect(sandbox.simulator.sent()[0]).toMatchObject({ id: messageUUID, status: 'rejected' });
    });

    it.each([['Verify v1'], ['Verify v2']] as const)(
      '%s accepts, but the code never reaches the phone',
      async (api) => {
        const sandbox = await startSandbox();
        await calls[api](sandbox, '15550100410');
        expect(sandbox.simulator.sent()[0]).toMatchObject({ kind: 'verify-code', status: 'undeliverable' });
        expect(sandbox.simulator.lastCode('15550100410')).toBeUndefined();
      },
    );
  });

  describe('15550100429: throttled', () => {
    it('Verify v1 answers status 1', async () => {
      const sandbox = await startSandbox();
      expect(await calls['Verify v1'](sandbox, '15550100429')).toMatchObject({
        status: '1',
        errorText: 'Throttled',
      });
    });

    it.each(problemApis)('%s answers 429 problem+json', async (_api, call) => {
      const sandbox = await startSandbox();
      expect(await failureOf(call(sandbox, '15550100429'))).toMatchObject({
        status: 429,
        body: { title: 'Rate Limit Hit', type: 'https://developer.vonage.com/en/api-errors#throttled' },
      });
    });
  });

  describe('15550100422: malformed answer', () => {
    it.each(apis)(
      '%s answers 200 with a body that is not JSON, so the SDK cannot decode it',
      async (_api, call) => {
        const sandbox = await startSandbox();
        await expect(call(sandbox, '15550100422')).rejects.toThrow('Failed to decode response body');
        expect(sandbox.simulator.sent()).toEqual([]);
      },
    );
  });

  it.each(apis)('%s treats every other number normally, the article one included', async (_api, call) => {
    const sandbox = await startSandbox();
    await call(sandbox, '15556661234');
    expect(sandbox.simulator.sent({ to: '15556661234' })).toHaveLength(1);
  });
});
