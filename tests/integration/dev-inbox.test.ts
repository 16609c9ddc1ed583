// The sandbox's dev phone inbox over HTTP: the JSON list and the live stream.
import { describe, expect, it } from 'vitest';
import { InboxMessages } from '../../src/contract/dev-inbox.js';
import type { DevInbox, InboxMessage } from '../../src/server/ports/dev-inbox.js';
import { buildTestApp } from '../support/test-app.js';

/** An inbox holding what the test puts in it, newest first, as the simulator's does. */
function anInbox() {
  const messages: InboxMessage[] = [];
  const listeners = new Set<(message: InboxMessage) => void>();
  const inbox: DevInbox = {
    list: ({ to }) => messages.filter((m) => to === undefined || m.to === `+${to.replace(/^\+/, '')}`),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reply: () => Promise.resolve(true),
  };
  const receive = (message: InboxMessage) => {
    messages.unshift(message);
    for (const listener of listeners) listener(message);
  };
  return { inbox, receive };
}

const codeFor = (to: string, code: string, at: string): InboxMessage => ({
  id: `v-${code}`,
  to,
  text: `Von Appétit: your code is ${code}. It expires in 10 minutes.`,
  at: new Date(at),
  kind: 'verify-code',
});

describe('GET /dev/inbox/messages (sandbox)', () => {
  it("lists one number's texts, newest first, with at least to, text and at", async () => {
    const { inbox, receive } = anInbox();
    receive(codeFor('+15556661234', '111111', '2026-11-28T12:00:00Z'));
    receive(codeFor('+15550000000', '222222', '2026-11-28T12:01:00Z'));
    receive(codeFor('+15556661234', '333333', '2026-11-28T12:02:00Z'));
    const { app } = await buildTestApp({ deps: { devInbox: inbox } });
    for (const to of ['15556661234', '%2B15556661234']) {
      const list = InboxMessages.parse((await app.inject({ url: `/dev/inbox/messages?to=${to}` })).json());
      expect(list.map((m) => [m.to, /\d{6}/.exec(m.text)?.[0], m.at])).toEqual([
        ['+15556661234', '333333', '2026-11-28T12:02:00.000Z'],
        ['+15556661234', '111111', '2026-11-28T12:00:00.000Z'],
      ]);
    }
  });

  it('refuses a `to` that is not a phone number', async () => {
    const { app } = await buildTestApp({ deps: { devInbox: anInbox().inbox } });
    expect((await app.inject({ url: '/dev/inbox/messages?to=$ne' })).statusCode).toBe(400);
  });

  it('answers this machine only: a sandbox reachable from the network does not hand out codes', async () => {
    const { app } = await buildTestApp({ deps: { devInbox: anInbox().inbox } });
    const response = await app.inject({ url: '/dev/inbox/messages', remoteAddress: '192.0.2.10' });
    expect(response.statusCode).toBe(404);
    expect((await app.inject({ url: '/dev/inbox/messages', remoteAddress: '127.0.0.1' })).statusCode).toBe(
      200,
    );
  });

  it('does not exist outside the sandbox', async () => {
    const { app } = await buildTestApp();
    expect((await app.inject({ url: '/dev/inbox/messages' })).statusCode).toBe(404);
  });
});

describe('GET /dev/inbox/events (sandbox)', () => {
  it('streams each new text as a server-sent event', async () => {
    const { inbox, receive } = anInbox();
    const { app } = await buildTestApp({ deps: { devInbox: inbox } });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const response = await fetch(`${address}/dev/inbox/events`);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    const decoder = new TextDecoder();
    let received = '';
    await reader.read(); // the ": connected" comment
    receive(codeFor('+15556661234', '444444', '2026-11-28T12:03:00Z'));
    while (!received.includes('\n\n')) {
      const chunk: { value?: Uint8Array } = await reader.read();
      received += decoder.decode(chunk.value);
    }
    await reader.cancel();
    expect(received).toMatch(/^event: message\ndata: /);
    const data = JSON.parse(received.split('data: ')[1] ?? '') as { to: string; text: string };
    expect(data).toMatchObject({ to: '+15556661234', text: expect.stringContaining('444444') as unknown });
  });
});
