// Support calls over HTTP. Customers ask for a video call (or a call back) on their own orders;
// staff join from the board. In sandbox mode the two browsers signal WebRTC through the app:
// POSTs up, a server-sent event stream down, both behind the same session checks as the rest.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CallbackRequest, CallSignal, JoinedCall } from '../../../contract/calls.js';
import { DocumentId } from '../../../contract/menu.js';
import { Order as OrderSchema, StaffOrder } from '../../../contract/orders.js';
import { Problem } from '../../../contract/problem.js';
import { problemResponses } from '../problem.js';
import { RefusedError } from '../../domain/errors.js';
import { keepAlive, startEventStream } from '../order-stream.js';
import type { AuthService } from '../../services/auth.js';
import type { CallSide, CallSignals } from '../../services/call-signals.js';
import { callKey, type SupportCalls } from '../../services/support-calls.js';
import { signedIn } from '../guards.js';
import { assertSameOrigin, sessionToken, type CookiePolicy } from '../session.js';
import { presentJoinedCall, presentOrder, presentStaffOrder } from '../presenters.js';

const MAX_SIGNAL_STREAMS_PER_SESSION = 3;

export interface CallRouteDeps {
  auth: AuthService;
  calls: SupportCalls;
  signals: CallSignals;
  cookies: CookiePolicy;
  /** Signalling through the app exists in sandbox mode only (live calls go through Vonage). */
  sandbox: boolean;
  /** Registered once in the customers' group, once in the kitchen's (see guards.ts). */
  side: CallSide;
}

export const callRoutes: FastifyPluginAsyncZod<CallRouteDeps> = (app, deps) => {
  const { auth, calls, signals, cookies } = deps;
  const tags = ['support calls'];
  const problems = problemResponses(400, 401, 403, 404, 409, 415, 429, 503);
  const orderParams = z.strictObject({ id: DocumentId });
  const callParams = z.strictObject({ id: DocumentId, callId: z.string().regex(/^c\d{1,4}$/) });

  /** The stream of one side of a call: the other browser's signals and its comings and goings. */
  function openSignalStream(
    request: FastifyRequest,
    reply: FastifyReply,
    args: { side: CallSide; call: string; sessionId: string },
  ): void {
    const open = streamsOfSession.get(args.sessionId) ?? 0;
    if (open >= MAX_SIGNAL_STREAMS_PER_SESSION) {
      throw new RefusedError('rate_limited', 'Too many call streams for this session.', {
        retryAfterSeconds: 5,
      });
    }
    streamsOfSession.set(args.sessionId, open + 1);
    const token = sessionToken(request, cookies);
    const stream = startEventStream(reply);
    stream.write(': connected\n\n');
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      const left = (streamsOfSession.get(args.sessionId) ?? 1) - 1;
      if (left > 0) streamsOfSession.set(args.sessionId, left);
      else streamsOfSession.delete(args.sessionId);
      stopListening();
      stopKeepAlive();
      stream.end();
    };
    const stopListening = signals.listen({
      call: args.call,
      side: args.side,
      listener: (event) => {
        if (closed) return;
        if (event.kind === 'peer') {
          stream.write(`event: peer\ndata: ${JSON.stringify({ present: event.present })}\n\n`);
          return;
        }
        stream.write(`event: signal\ndata: ${JSON.stringify(event.signal)}\n\n`);
        if (event.signal.type === 'bye') close();
      },
    });
    const stopKeepAlive = keepAlive(stream, { auth, token, close });
    request.raw.on('close', close);
    // The client may have gone while the call was being checked.
    if (request.raw.destroyed) close();
    closeOnShutdown.add(close);
    stream.on('close', () => closeOnShutdown.delete(close));
  }
  const closeOnShutdown = new Set<() => void>();
  /** Signal streams open per session: a call needs one per tab. */
  const streamsOfSession = new Map<string, number>();
  app.addHook('preClose', () => {
    for (const close of closeOnShutdown) close();
  });

  if (deps.side === 'customer') {
    app.post(
      '/api/website/orders/:id/call',
      {
        schema: {
          tags,
          summary: 'Ask for a video call about one of your orders (or rejoin the open one)',
          description:
            'Creates a Video session and answers a publisher token for it. At most one call is open per order; asking again returns it. When no session can be made the answer is 503 `video_unavailable` and a call back can be asked for instead.',
          params: orderParams,
          response: { 201: JoinedCall, ...problems },
        },
      },
      async (request, reply) => {
        const { user } = signedIn(request);
        return reply
          .code(201)
          .send(presentJoinedCall(await calls.requestVideo({ user, orderId: request.params.id })));
      },
    );

    app.post(
      '/api/website/orders/:id/callback',
      {
        schema: {
          tags,
          summary: 'Ask to be called back about one of your orders (a text confirms it)',
          params: orderParams,
          body: CallbackRequest,
          response: { 201: OrderSchema, ...problems },
        },
      },
      async (request, reply) => {
        const { user } = signedIn(request);
        const order = await calls.requestCallback({
          user,
          orderId: request.params.id,
          reason: request.body.reason?.trim() ?? null,
        });
        return reply.code(201).send(presentOrder(order));
      },
    );

    app.post(
      '/api/website/orders/:id/calls/:callId/end',
      {
        schema: {
          tags,
          summary: 'Hang up a video call',
          params: callParams,
          response: { 200: OrderSchema, ...problems },
        },
      },
      async (request) => {
        const { user } = signedIn(request);
        const { id, callId } = request.params;
        return presentOrder(await calls.end({ by: user, side: 'customer', orderId: id, callId }));
      },
    );
  } else {
    app.post(
      '/api/staff/orders/:id/calls/:callId/join',
      {
        schema: {
          tags,
          summary: 'Join the video call a customer asked for (a moderator token)',
          params: callParams,
          response: { 200: JoinedCall, ...problems },
        },
      },
      async (request) => {
        const { user } = signedIn(request);
        const { id, callId } = request.params;
        return presentJoinedCall(await calls.join({ staff: user, orderId: id, callId }));
      },
    );

    app.post(
      '/api/staff/orders/:id/calls/:callId/end',
      {
        schema: {
          tags,
          summary: 'Hang up a video call, or mark a call back as done',
          params: callParams,
          response: { 200: StaffOrder, ...problems },
        },
      },
      async (request) => {
        const { user } = signedIn(request);
        const { id, callId } = request.params;
        return presentStaffOrder(await calls.end({ by: user, side: 'staff', orderId: id, callId }));
      },
    );
  }

  // Sandbox calls signal through the app; live ones through Vonage, so the routes do not exist.
  if (deps.sandbox) {
    const side = deps.side;
    const base = side === 'customer' ? '/api/website/orders' : '/api/staff/orders';

    app.post(
      `${base}/:id/calls/:callId/signals`,
      {
        schema: {
          tags,
          summary: `Sandbox calls: a WebRTC message for the other browser (${side})`,
          params: callParams,
          body: CallSignal,
          response: { 202: z.null(), ...problems },
        },
      },
      async (request, reply) => {
        const { user } = signedIn(request);
        const { id, callId } = request.params;
        await calls.callFor({ user, side, orderId: id, callId });
        const signal = request.body;
        // The cook's browser offers, the customer's answers: never the other way round.
        // `bye` is the server's to say, when the call ends.
        const allowed =
          signal.type !== 'bye' && (side === 'staff' ? signal.type !== 'answer' : signal.type !== 'offer');
        if (!allowed)
          throw new RefusedError('validation_failed', `The ${side} side cannot send an ${signal.type}.`);
        signals.send({ call: callKey(id, callId), from: side, signal });
        return reply.code(202).send(null);
      },
    );

    app.get(
      `${base}/:id/calls/:callId/signals`,
      {
        schema: {
          tags,
          summary: `Sandbox calls: the other browser's WebRTC messages, live (${side}; server-sent events)`,
          description:
            '`event: peer` says whether the other browser is connected; `event: signal` carries its offer, answer, network candidates or `bye` (the stream then ends).',
          params: callParams,
          response: { 401: Problem, 403: Problem, 404: Problem, 409: Problem, 429: Problem, 503: Problem },
        },
      },
      async (request, reply) => {
        assertSameOrigin(request);
        const { session, user } = signedIn(request);
        const { id, callId } = request.params;
        await calls.callFor({ user, side, orderId: id, callId });
        openSignalStream(request, reply, { side, call: callKey(id, callId), sessionId: session.id });
      },
    );
  }
  return Promise.resolve();
};
