// The customer-facing menu: `GET /api/inventory` (the article's route).
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MenuList } from '../../../contract/menu.js';
import { Problem } from '../../../contract/problem.js';
import type { MenuItem } from '../../domain/menu.js';
import type { MenuService } from '../../services/menu.js';
import { etagOf, matches } from '../etag.js';
import { presentMenuItem } from '../presenters.js';

export const menuRoutes: FastifyPluginAsyncZod<{ menu: MenuService }> = (app, { menu }) => {
  /**
   * The menu as sent, built again only when the menu service read the menu afresh (at most once
   * a second, at once after a change made here): the busiest read of the app costs one query a
   * second, not one per customer, and its body and ETag are computed once per read.
   */
  let cached: { dishes: readonly MenuItem[]; body: string; etag: string } | null = null;
  async function customerMenu(): Promise<{ body: string; etag: string }> {
    const dishes = await menu.listForCustomers();
    if (cached?.dishes !== dishes) {
      const body = JSON.stringify(dishes.map(presentMenuItem));
      cached = { dishes, body, etag: etagOf(body) };
    }
    return cached;
  }

  app.get(
    '/api/inventory',
    {
      schema: {
        tags: ['menu'],
        summary: 'The menu: every dish a customer can order now, in menu order',
        description:
          'Prices are integer minor units of the restaurant currency (995 = $9.95). Answers carry an ETag; send it back in If-None-Match to get 304 when the menu has not changed.',
        response: { 200: MenuList, 503: Problem },
      },
    },
    async (request, reply) => {
      const answer = await customerMenu();
      reply.header('etag', answer.etag).header('cache-control', 'no-cache');
      // Fastify sends a string payload as is: the JSON is serialized once a second, not per request.
      const raw = reply as unknown as FastifyReply;
      if (matches(request.headers['if-none-match'], answer.etag)) return raw.code(304).send('');
      return raw.type('application/json; charset=utf-8').send(answer.body);
    },
  );

  return Promise.resolve();
};
