// Sandbox only: the dev phone inbox's data — every code and text per number, a live stream, and
// the phone's replies to the restaurant.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  InboxMessages,
  InboxReplied,
  InboxReply,
  type InboxMessage as InboxMessageJson,
} from '../../../contract/dev-inbox.js';
import type { DevInbox, InboxMessage } from '../../ports/dev-inbox.js';
import { sendProblem } from '../problem.js';

const HEARTBEAT_MS = 15_000;

function toJson(message: InboxMessage): InboxMessageJson {
  return {
    id: message.id,
    to: message.to,
    text: message.text,
    at: message.at.toISOString(),
    kind: message.kind,
    ...(message.status === undefined ? {} : { status: message.status }),
  };
}

/** This machine only: whoever reads the inbox holds every sign-in code of the sandbox. */
function isLoopback(ip: string): boolean {
  return ip === '::1' || /^(::ffff:)?127\./.test(ip);
}

export const devInboxRoutes: FastifyPluginAsyncZod<{ inbox: DevInbox }> = (app, { inbox }) => {
  const tags = ['sandbox'];
  app.addHook('onRequest', async (request, reply) => {
    if (!isLoopback(request.ip)) {
      await sendProblem(request, reply, {
        status: 404,
        code: 'not_found',
        title: 'Nothing lives at this address',
      });
    }
  });
  const streams = new Set<{ end(): void }>();
  // Open streams would keep a closing server waiting forever: end them before it closes.
  app.addHook('preClose', () => {
    for (const stream of streams) stream.end();
  });

  app.get(
    '/dev/inbox/messages',
    {
      schema: {
        tags,
        summary: 'Sandbox only: every code and text "sent", newest first',
        querystring: z.object({
          to: z
            .string()
            .regex(/^\+?\d{6,15}$/, 'must be a phone number')
            .optional(),
        }),
        response: { 200: InboxMessages },
      },
    },
    (request) => inbox.list(request.query.to === undefined ? {} : { to: request.query.to }).map(toJson),
  );

  app.get(
    '/dev/inbox/events',
    { schema: { tags, summary: 'Sandbox only: new codes and texts as server-sent events (`message`)' } },
    (request, reply) => {
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
      });
      stream.write(': connected\n\n');
      streams.add(stream);
      const unsubscribe = inbox.subscribe((message) => {
        stream.write(`event: message\ndata: ${JSON.stringify(toJson(message))}\n\n`);
      });
      // Comments keep proxies from closing an idle stream; they cost the browser nothing.
      const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
      request.raw.on('close', () => {
        streams.delete(stream);
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  );

  app.post(
    '/dev/inbox/reply',
    {
      schema: {
        tags,
        summary: 'Sandbox only: the phone texts the restaurant back (as Vonage would post it, signed)',
        body: InboxReply,
        response: { 202: InboxReplied },
      },
    },
    async (request, reply) => {
      const from = `+${request.body.from.replace(/^\+/, '')}`;
      const delivered = await inbox.reply({ from, text: request.body.text });
      return reply.code(202).send({ delivered });
    },
  );
  return Promise.resolve();
};
