// Messages (SMS) through the official SDK: 202, then a signed status webhook the app can trust.
import { createHash } from 'node:crypto';
import { verifySignature } from '@vonage/jwt';
import { describe, expect, it, vi } from 'vitest';
import type { SentMessage } from '../../src/vonage-sim/index.js';
import { basic, send } from './support/raw-http.js';
import { failureOf, startSandbox } from './support/sandbox.js';
import { startWebhookReceiver, type ReceivedCall } from './support/webhook-receiver.js';
import { aDate, aNumber, aString, objectWith, textMatching } from './support/matchers.js';

const ARTICLE_PHONE = '15556661234';

function anSms(overrides: Record<string, string> = {}) {
  return {
    messageType: 'text',
    channel: 'sms',
    to: ARTICLE_PHONE,
    from: 'VonAppetit',
    text: 'Order #12 is ready',
    ...overrides,
  };
}

function claimsOf(call: ReceivedCall): Record<string, unknown> {
  const token = (call.headers.authorization ?? '').replace(/^Bearer /, '');
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe('Messages', () => {
  it('accepts an SMS with 202 and a message_uuid, and records it as submitted', async () => {
    const { sdk, simulator } = await startSandbox();
    const { messageUUID } = await sdk().messages.send(anSms());
    expect(messageUUID).toMatch(/^[0-9a-f-]{36}$/);
    expect(simulator.sent()[0]).toEqual({
      to: ARTICLE_PHONE,
      text: 'Order #12 is ready',
      at: aDate(),
      channel: 'sms',
      kind: 'message',
      id: messageUUID,
      status: textMatching(/^(submitted|delivered)$/),
      from: anSms().from,
    });
  });

  it('posts a delivered status webhook signed with the signature secret (HS256, payload_hash)', async () => {
    const receiver = await startWebhookReceiver();
    const { sdk, credentials, clock } = await startSandbox({ messageStatusUrl: receiver.url });
    const { messageUUID } = await sdk().messages.send(anSms({ clientRef: 'order-12' }));
    await vi.waitFor(() => {
      expect(receiver.calls).toHaveLength(1);
    });
    const [call] = receiver.calls;
    if (!call) throw new Error('no webhook');
    const token = (call.headers.authorization ?? '').replace(/^Bearer /, '');
    expect(verifySignature(token, credentials.signatureSecret)).toBe(true);
    expect(verifySignature(token, 'another secret')).toBe(false);
    expect(claimsOf(call)).toMatchObject({
      iss: 'Vonage',
      iat: aNumber(),
      jti: aString(),
      payload_hash: createHash('sha256').update(call.body).digest('hex'),
    });
    expect(call.headers['content-type']).toBe('application/json');
    expect(JSON.parse(call.body)).toEqual({
      message_uuid: messageUUID,
      to: ARTICLE_PHONE,
      from: 'VonAppetit',
      timestamp: clock.now().toISOString(),
      status: 'delivered',
      channel: 'sms',
      usage: { currency: 'EUR', price: aString() },
      client_ref: 'order-12',
    });
  });

  it('posts a reply from the phone to the inbound URL as a signed inbound SMS, and keeps it in the thread', async () => {
    const receiver = await startWebhookReceiver();
    const { sdk, simulator, credentials, clock } = await startSandbox({ inboundMessageUrl: receiver.url });
    await sdk().messages.send(anSms());
    expect(await simulator.reply({ from: `+${ARTICLE_PHONE}`, text: 'HERE' })).toBe(true);
    const [call] = receiver.calls;
    if (!call) throw new Error('no webhook');
    const token = (call.headers.authorization ?? '').replace(/^Bearer /, '');
    expect(verifySignature(token, credentials.signatureSecret)).toBe(true);
    expect(claimsOf(call)).toMatchObject({
      payload_hash: createHash('sha256').update(call.body).digest('hex'),
    });
    const reply = simulator.sent({ to: ARTICLE_PHONE })[0];
    expect(JSON.parse(call.body)).toEqual({
      channel: 'sms',
      message_uuid: reply?.id,
      message_type: 'text',
      to: 'VonAppetit',
      from: ARTICLE_PHONE,
      text: 'HERE',
      timestamp: clock.now().toISOString(),
      sms: { num_messages: '1' },
    });
    expect(reply).toMatchObject({ kind: 'reply', text: 'HERE', to: ARTICLE_PHONE });
  });

  it('says a reply did not arrive when there is no inbound URL', async () => {
    const { simulator } = await startSandbox();
    expect(await simulator.reply({ from: ARTICLE_PHONE, text: 'HERE' })).toBe(false);
    expect(simulator.sent({ to: ARTICLE_PHONE })[0]).toMatchObject({ kind: 'reply', text: 'HERE' });
  });

  it('tells onSent listeners about the new message and its delivery', async () => {
    const { sdk, simulator } = await startSandbox();
    const seen: SentMessage[] = [];
    const stop = simulator.onSent((message) => seen.push(message));
    await sdk().messages.send(anSms());
    await vi.waitFor(() => {
      expect(seen.map((m) => m.status)).toEqual(['submitted', 'delivered']);
    });
    stop();
    await sdk().messages.send(anSms({ to: '15556661235' }));
    expect(seen).toHaveLength(2);
  });

  it('retries a webhook the app answers with 500 three times, then gives up and says so', async () => {
    const failing = await startWebhookReceiver([500]);
    const warnings: string[] = [];
    const log = {
      info: () => undefined,
      error: () => undefined,
      warn: (_d: object, m: string) => warnings.push(m),
    };
    const { sdk } = await startSandbox({ messageStatusUrl: failing.url, log });
    await sdk().messages.send(anSms());
    await vi.waitFor(() => {
      expect(warnings).toEqual(['vonage-sim: webhook failed, no retries left']);
    });
    expect(failing.calls).toHaveLength(4);
    expect(new Set(failing.calls.map((call) => call.body)).size).toBe(1);
  });

  it('stops retrying once the app accepts the webhook', async () => {
    const recovering = await startWebhookReceiver([503, 200]);
    const { sdk } = await startSandbox({ messageStatusUrl: recovering.url });
    await sdk().messages.send(anSms());
    await vi.waitFor(() => {
      expect(recovering.calls).toHaveLength(2);
    });
    expect(recovering.calls[0]?.body).toBe(recovering.calls[1]?.body);
  });

  it('sends the webhook to the message webhook_url when one is given', async () => {
    const application = await startWebhookReceiver();
    const perMessage = await startWebhookReceiver();
    const { sdk } = await startSandbox({ messageStatusUrl: application.url });
    await sdk().messages.send(anSms({ webhookUrl: perMessage.url }));
    await vi.waitFor(() => {
      expect(perMessage.calls).toHaveLength(1);
    });
    expect(application.calls).toHaveLength(0);
  });

  it('reads the status URL at delivery time when given as a function', async () => {
    const receiver = await startWebhookReceiver();
    const app: { statusUrl?: string } = {};
    const { sdk } = await startSandbox({ messageStatusUrl: () => app.statusUrl });
    app.statusUrl = receiver.url;
    await sdk().messages.send(anSms());
    await vi.waitFor(() => {
      expect(receiver.calls).toHaveLength(1);
    });
  });

  it('uses Basic auth when the SDK has no application, and refuses a wrong secret with 401', async () => {
    const { sdk, url, credentials } = await startSandbox();
    await expect(sdk({ as: 'key-secret' }).messages.send(anSms())).resolves.toHaveProperty('messageUUID');
    const answer = await send(`${url}/v1/messages`, {
      headers: { 'content-type': 'application/json', authorization: basic(credentials.apiKey, 'nope') },
      body: JSON.stringify({
        message_type: 'text',
        channel: 'sms',
        to: ARTICLE_PHONE,
        from: 'Von',
        text: 'hi',
      }),
    });
    expect(answer.status).toBe(401);
    expect(answer.json()).toMatchObject({ type: 'https://developer.vonage.com/api-errors#unauthorized' });
  });

  it.each([
    ['a text over 1000 characters', { text: 'x'.repeat(1001) }, 'text'],
    ['an empty text', { text: '' }, 'text'],
    ['a number with a +', { to: `+${ARTICLE_PHONE}` }, 'to'],
    ['a number in words', { to: 'my mobile' }, 'to'],
  ])('refuses %s with 422 invalid_parameters', async (_case, overrides, name) => {
    const { sdk } = await startSandbox();
    expect(await failureOf(sdk().messages.send(anSms(overrides)))).toMatchObject({
      status: 422,
      contentType: textMatching(/^application\/problem\+json/),
      body: {
        type: 'https://developer.vonage.com/api-errors/messages-olympus#1150',
        title: 'Invalid params',
        invalid_parameters: [objectWith({ name })],
      },
    });
  });

  it('refuses a channel other than SMS with 422 Unsupported channel', async () => {
    const { sdk } = await startSandbox();
    expect(await failureOf(sdk().messages.send(anSms({ channel: 'whatsapp' })))).toMatchObject({
      status: 422,
      body: { title: 'Unsupported channel' },
    });
  });

  it('sends exactly 1000 characters', async () => {
    const { sdk, simulator } = await startSandbox();
    await sdk().messages.send(anSms({ text: 'é'.repeat(1000) }));
    expect(simulator.sent()[0]?.text).toHaveLength(1000);
  });
});
