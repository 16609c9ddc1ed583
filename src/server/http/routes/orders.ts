// Customers' orders: place (idempotent), read their own, follow them live (server-sent events).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DocumentId } from '../../../contract/menu.js';
import { PlaceOrderRequest } from '../../../contract/order-requests.js';
import { Order as OrderSchema, OrderPage } from '../../../contract/orders.js';
import { Problem } from '../../../contract/problem.js';
import { signedIn } from '../guards.js';
import { problemResponses } from '../problem.js';
import type { OrderingService } from '../../services/ordering.js';
import { LastEventIdHeader, type OrderStreams } from '../order-stream.js';
import { presentOrder } from '../presenters.js';
import { assertSameOrigin, originOf, sessionToken, type CookiePolicy } from '../session.js';

/** Events carry the kitchen's view; a customer's stream sends the customer's fields only. */
const customerView = (payload: Record<string, unknown>) => OrderSchema.parse(payload);

/** In the customers' group (see guards.ts). */
export interface OrderRouteDeps {
  ordering: OrderingService;
  cookies: CookiePolicy;
  streams: OrderStreams;
}

export const orderRoutes: FastifyPluginAsyncZod<OrderRouteDeps> = (app, deps) => {
  const { ordering, cookies } = deps;
  const tags = ['orders'];
  const problems = problemResponses(400, 401, 403, 404, 415, 422, 503);

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
      const { user } = signedIn(request);
      const { items, pickupAt, pickupName, note } = request.body;
      const asked = pickupAt != null || pickupName !== undefined || note !== undefined;
      const { order, replayed } = await ordering.place({
        user,
        items,
        origin: originOf(request),
        idempotencyKey: request.headers['idempotency-key'],
        ...(asked
          ? {
              pickup: {
                at: pickupAt ? new Date(pickupAt) : null,
                name: pickupName ?? null,
                note: note ?? null,
              },
            }
          : {}),
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
      const { user } = signedIn(request);
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
      const { user } = signedIn(request);
      return presentOrder(await ordering.getOwn({ user, id: request.params.id }));
    },
  );

  app.get(
    '/api/website/orders/events',
    {
      schema: {
        tags,
        summary: "Live changes of the caller's orders (server-sent events)",
        description:
          "Each event is `event: order`, `id: <sequence>`, `data: <Order as JSON>`. A reconnect with `Last-Event-ID` first receives what it missed. Only the caller's own orders are ever sent; the stream closes when the session ends.",
        headers: LastEventIdHeader,
        response: { 401: Problem, 403: Problem, 429: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      // A stream is read-only, but a cross-site page must not even open one (RT3).
      assertSameOrigin(request);
      const { session, user } = signedIn(request);
      await deps.streams.open(request, reply, {
        session,
        token: sessionToken(request, cookies),
        userId: user.id,
        shape: customerView,
      });
    },
  );
  return Promise.resolve();
};
