// Customers' orders: place (idempotent), read their own, follow them live (server-sent events).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DocumentId } from '../../../contract/menu.js';
import {
  Order as OrderSchema,
  OrderPage,
  PlaceOrderRequest,
  type Order as OrderView,
} from '../../../contract/orders.js';
import { Problem } from '../../../contract/problem.js';
import { DependencyUnavailableError, RefusedError } from '../../domain/errors.js';
import type { Order } from '../../domain/order.js';
import type { AuthService } from '../../services/auth.js';
import type { LiveEvents } from '../../services/live-events.js';
import type { OrderingService } from '../../services/ordering.js';
import { assertSameOrigin, requireCustomer, sessionToken, type CookiePolicy } from '../session.js';

const HEARTBEAT_MS = 15_000;
/** How often an open stream re-checks its session (RT4: closed within 5 s of a sign-out). */
const SESSION_RECHECK_MS = 4_000;
/** Tabs of one session that may follow orders live at once (on one instance). */
const MAX_STREAMS_PER_SESSION = 5;

/** The customer's view: explicit fields only, never phone numbers or provider ids. */
export function presentOrder(order: Order): OrderView {
  const confirmation = order.notifications[0];
  return {
    id: order.id,
    number: order.number,
    items: order.items.map(({ itemId, name, unitPrice, quantity }) => ({
      itemId,
      name,
      unitPrice,
      quantity,
    })),
    total: order.total,
    status: order.status,
    statusHistory: order.statusHistory.map(({ status, at }) => ({ status, at: at.toISOString() })),
    orderTime: order.orderTime.toISOString(),
    lastUpdated: order.lastUpdated.toISOString(),
    confirmation: confirmation ? { status: confirmation.status, delivery: confirmation.delivery } : null,
  };
}

export interface OrderRouteDeps {
  auth: AuthService;
  ordering: OrderingService;
  live: LiveEvents;
  cookies: CookiePolicy;
  /** Streams of a session that ended are closed at once on this instance. */
  sessionEnded: { subscribe(listener: (sessionId: string) => void): () => void };
}

export const orderRoutes: FastifyPluginAsyncZod<OrderRouteDeps> = (app, deps) => {
  const { auth, ordering, live, cookies } = deps;
  const tags = ['orders'];
  const problems = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    415: Problem,
    422: Problem,
    503: Problem,
  };

  app.post(
    '/api/website/order',
    {
      schema: {
        tags,
        summary: "Place an order (the article's route): the server prices it from the menu",
        description: [
          'Needs a signed-in session (password and code), its `X-CSRF-Token`, and an `Idempotency-Key` header (a new UUID per order; a retry with the same key and body returns the same order with `Idempotency-Replayed: true`, the same key with another body is 422).',
          'Prices, names and totals are never read from the client. The confirmation text is queued with the order and sent by the relay: an SMS outage does not fail the order.',
        ].join('\n\n'),
        headers: z.looseObject({ 'idempotency-key': z.string().max(300).optional() }),
        body: PlaceOrderRequest,
        response: { 200: OrderSchema, 201: OrderSchema, ...problems },
      },
    },
    async (request, reply) => {
      const { user } = await requireCustomer(request, auth, cookies, { change: true });
      const { order, replayed } = await ordering.place({
        user,
        items: request.body.items,
        idempotencyKey: request.headers['idempotency-key'],
      });
      reply.header('location', `/api/website/orders/${order.id}`);
      if (replayed) reply.header('idempotency-replayed', 'true');
      return reply.code(201).send(presentOrder(order));
    },
  );

  app.get(
    '/api/website/orders',
    {
      schema: {
        tags,
        summary: "The caller's orders, newest first",
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(50).default(20),
          before: DocumentId.optional().describe('`nextBefore` of the previous page'),
        }),
        response: { 200: OrderPage, ...problems },
      },
    },
    async (request) => {
      const { user } = await requireCustomer(request, auth, cookies, { change: false });
      const { limit, before } = request.query;
      const orders = await ordering.listOwn({ user, limit, ...(before === undefined ? {} : { before }) });
      const last = orders.at(-1);
      return {
        orders: orders.map(presentOrder),
        nextBefore: orders.length === limit && last ? last.id : null,
      };
    },
  );

  app.get(
    '/api/website/orders/:id',
    {
      schema: {
        tags,
        summary: "One of the caller's orders (anyone else's is 404)",
        params: z.strictObject({ id: DocumentId }),
        response: { 200: OrderSchema, ...problems },
      },
    },
    async (request) => {
      const { user } = await requireCustomer(request, auth, cookies, { change: false });
      return presentOrder(await ordering.getOwn({ user, id: request.params.id }));
    },
  );

  const streams = new Set<{ end(): void }>();
  const streamsPerSession = new Map<string, number>();
  app.addHook('preClose', () => {
    for (const stream of streams) stream.end();
  });

  app.get(
    '/api/website/orders/events',
    {
      schema: {
        tags,
        summary: "Live changes of the caller's orders (server-sent events)",
        description:
          "Each event is `event: order`, `id: <sequence>`, `data: <Order as JSON>`. A reconnect with `Last-Event-ID` first receives what it missed. Only the caller's own orders are ever sent; the stream closes when the session ends.",
        headers: z.looseObject({
          'last-event-id': z
            .string()
            .regex(/^\d{1,15}$/)
            .optional(),
        }),
        response: { 401: Problem, 403: Problem, 429: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      // A stream is read-only, but a cross-site page must not even open one (RT3).
      assertSameOrigin(request);
      const { session, user } = await requireCustomer(request, auth, cookies, { change: false });
      const open = streamsPerSession.get(session.id) ?? 0;
      if (open >= MAX_STREAMS_PER_SESSION) {
        throw new RefusedError('rate_limited', 'Too many live streams for this session.', {
          retryAfterSeconds: 5,
        });
      }
      streamsPerSession.set(session.id, open + 1);
      const lastHeader = request.headers['last-event-id'];
      const token = sessionToken(request, cookies);
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-content-type-options': 'nosniff',
        connection: 'keep-alive',
      });
      stream.write('retry: 2000\n: connected\n\n');
      streams.add(stream);
      const state = { closed: false };
      const cleanups: (() => void)[] = [];
      const close = () => {
        if (state.closed) return;
        state.closed = true;
        for (const cleanup of cleanups) cleanup();
        streams.delete(stream);
        stream.end();
      };
      request.raw.on('close', close);
      const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
      // A read-only check: an open stream alone does not keep an idle session alive.
      const recheck = setInterval(() => {
        auth.sessionOf(token).catch((error: unknown) => {
          // Only a refusal ends the stream; a database hiccup does not sign anyone out.
          if (!(error instanceof DependencyUnavailableError)) close();
        });
      }, SESSION_RECHECK_MS);
      cleanups.push(() => {
        clearInterval(heartbeat);
        clearInterval(recheck);
        const left = (streamsPerSession.get(session.id) ?? 1) - 1;
        if (left > 0) streamsPerSession.set(session.id, left);
        else streamsPerSession.delete(session.id);
      });
      cleanups.push(
        deps.sessionEnded.subscribe((ended) => {
          if (ended === session.id) close();
        }),
      );
      try {
        const unsubscribe = await live.subscribe({
          userId: user.id,
          lastSeq: lastHeader === undefined ? undefined : Number(lastHeader),
          listener: (event) => {
            if (!state.closed)
              stream.write(`event: order\nid: ${event.seq}\ndata: ${JSON.stringify(event.payload)}\n\n`);
          },
        });
        if (state.closed) unsubscribe();
        else cleanups.push(unsubscribe);
      } catch (error) {
        request.log.warn({ err: error }, 'live stream could not start');
        close();
      }
    },
  );
  return Promise.resolve();
};
