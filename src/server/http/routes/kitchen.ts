// The kitchen board's API: staff and admins only, on the staff surface.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DocumentId } from '../../../contract/menu.js';
import { MoveOrderRequest, ReadyByRequest } from '../../../contract/order-requests.js';
import { KitchenBoard, StaffOrder } from '../../../contract/orders.js';
import { Problem } from '../../../contract/problem.js';
import { signedIn } from '../guards.js';
import { problemResponses } from '../problem.js';
import { moveFrom, type KitchenService } from '../../services/kitchen.js';
import type { ReadyTimes } from '../../services/ready-times.js';
import { LastEventIdHeader, type OrderStreams } from '../order-stream.js';
import { assertSameOrigin, sessionToken, type CookiePolicy } from '../session.js';
import { presentStaffOrder } from '../presenters.js';

/** One function for every board's stream: each event is rendered once for all of them. */
const kitchenView = (payload: Record<string, unknown>) => StaffOrder.parse(payload);

/** In the kitchen's group (see guards.ts). */
export interface KitchenRouteDeps {
  kitchen: KitchenService;
  readyTimes: ReadyTimes;
  cookies: CookiePolicy;
  streams: OrderStreams;
}

export const kitchenRoutes: FastifyPluginAsyncZod<KitchenRouteDeps> = (
  app,
  { kitchen, readyTimes, cookies, streams },
) => {
  const tags = ['kitchen'];
  const problems = problemResponses(400, 401, 403, 404, 409, 415, 422, 503);

  app.get(
    '/api/staff/kitchen/orders',
    {
      schema: {
        tags,
        summary: 'The kitchen board: every order received, preparing or ready, oldest first',
        response: { 200: KitchenBoard, ...problems },
      },
    },
    async () => {
      return { orders: (await kitchen.board()).map(presentStaffOrder) };
    },
  );

  app.get(
    '/api/staff/kitchen/done',
    {
      schema: {
        tags,
        summary: '"Done today": orders picked up or cancelled since midnight, the latest first',
        description:
          'An order picked up within the last 30 minutes can be brought back to the board (`move: reopen`).',
        response: { 200: KitchenBoard, ...problems },
      },
    },
    async () => {
      return { orders: (await kitchen.doneToday()).map(presentStaffOrder) };
    },
  );

  app.put(
    '/api/staff/orders/:id/ready-by',
    {
      schema: {
        tags,
        summary: "Set when an order will be ready, by hand (the kitchen's pace no longer moves it)",
        description:
          'For an order received or preparing. The customer sees the new time at once; a time more than 10 minutes past what they were last told is texted to them.',
        params: z.strictObject({ id: DocumentId }),
        body: ReadyByRequest,
        response: { 200: StaffOrder, ...problems },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      const saved = await readyTimes.setByHand({
        orderId: request.params.id,
        readyBy: new Date(request.body.readyBy),
        by: user,
      });
      return presentStaffOrder(saved);
    },
  );

  app.post(
    '/api/staff/orders/:id/status',
    {
      schema: {
        tags,
        summary: 'Move an order: the next step, undo the last one, bring one back, or cancel with a reason',
        description:
          'Send the `version` the board showed: if the order changed meanwhile the answer is 409 and nothing moves. Ready and cancelled orders text the customer (once per status). `reopen` brings an order picked up within the last 30 minutes back to ready (audited); later it is refused (409 `invalid_transition`, with the reason).',
        params: z.strictObject({ id: DocumentId }),
        body: MoveOrderRequest,
        response: { 200: StaffOrder, ...problems },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      const moved = await kitchen.move({
        orderId: request.params.id,
        move: moveFrom(request.body),
        version: request.body.version,
        by: user,
      });
      return presentStaffOrder(moved);
    },
  );

  app.get(
    '/api/staff/kitchen/events',
    {
      schema: {
        tags,
        summary: 'Live changes of every order, for the board (server-sent events)',
        description:
          'As the customer stream, with every order and the kitchen view (`customerName`, `version`).',
        headers: LastEventIdHeader,
        response: { 401: Problem, 403: Problem, 429: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      assertSameOrigin(request);
      const { session } = signedIn(request);
      await streams.open(request, reply, {
        session,
        token: sessionToken(request, cookies),
        userId: '*',
        shape: kitchenView,
      });
    },
  );
  return Promise.resolve();
};
