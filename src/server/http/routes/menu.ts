// Customer-facing menu and restaurant facts: `GET /api/inventory` (the article's route) and `GET /api/restaurant`.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MenuList } from '../../../contract/menu.js';
import { Problem } from '../../../contract/problem.js';
import { RestaurantInfo } from '../../../contract/restaurant.js';
import { MENU_KEPT_MS, type MenuService } from '../../services/menu.js';
import { etagOf, matches } from '../etag.js';
import { presentMenuItem } from '../presenters.js';

export const menuRoutes: FastifyPluginAsyncZod<{
  menu: MenuService;
  restaurant: RestaurantInfo;
  now: () => Date;
}> = (app, { menu, restaurant, now }) => {
  /**
   * The menu as sent, kept for a second: the busiest read of the app costs one query a second,
   * not one per customer. A change made on this instance shows at once; one made elsewhere (another
   * instance, the Atlas UI) within the second.
   */
  let cached: { body: string; etag: string; until: number } | null = null;
  const stopWatching = menu.onChange(() => {
    cached = null;
  });
  app.addHook('onClose', (_instance, done) => {
    stopWatching();
    done();
  });
  async function customerMenu(): Promise<{ body: string; etag: string }> {
    const at = now().getTime();
    if (cached && at < cached.until && at >= cached.until - MENU_KEPT_MS) return cached;
    const body = JSON.stringify((await menu.listForCustomers()).map(presentMenuItem));
    cached = { body, etag: etagOf(body), until: at + MENU_KEPT_MS };
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

  app.get(
    '/api/restaurant',
    {
      schema: {
        tags: ['menu'],
        summary: 'The restaurant name and how to show its prices and times',
        response: { 200: RestaurantInfo },
      },
    },
    () => restaurant,
  );
  return Promise.resolve();
};
