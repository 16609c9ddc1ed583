// A guest's private link to an order (/website/track/<secret>, in the confirmation text): the
// order's status for whoever holds the link, while it works. Public: the secret is the key.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Order as OrderSchema } from '../../../contract/orders.js';
import { clientKey, LIMITS } from '../../domain/limits.js';
import type { Limiter } from '../../services/limiter.js';
import type { OrderingService } from '../../services/ordering.js';
import { presentOrder } from '../presenters.js';
import { problemResponses } from '../problem.js';

export const trackingRoutes: FastifyPluginAsyncZod<{ ordering: OrderingService; limiter: Limiter }> = (
  app,
  { ordering, limiter },
) => {
  app.get(
    '/api/track/:secret',
    {
      schema: {
        tags: ['orders'],
        summary: "A guest's order, by the private link in its confirmation text",
        description:
          'The link works until a week after the pickup day. A link that is unknown, expired or malformed answers 404, all alike.',
        params: z.object({ secret: z.string().regex(/^[\w-]{22}$/) }),
        response: { 200: OrderSchema, ...problemResponses(400, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      await limiter.consume(LIMITS.trackingLinksPerIp, clientKey(request.ip));
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      // Whoever the link was passed to sees the order, not the guest's calls (which hold the number).
      return { ...presentOrder(await ordering.track({ secret: request.params.secret })), calls: [] };
    },
  );
  return Promise.resolve();
};
