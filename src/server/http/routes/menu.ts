// Customer-facing menu and restaurant facts: `GET /api/inventory` (the article's route) and `GET /api/restaurant`.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MenuList } from '../../../contract/menu.js';
import { Problem } from '../../../contract/problem.js';
import { RestaurantInfo } from '../../../contract/restaurant.js';
import type { MenuItem } from '../../domain/menu.js';
import type { MenuService } from '../../services/menu.js';
import { sendWithEtag } from '../etag.js';

/** Explicit response shape: only these fields leave the server, whatever the store holds. */
export function toMenuItemResponse(item: MenuItem) {
  return {
    id: item.id,
    name: item.name,
    price: item.price,
    description: item.description,
    category: item.category,
    available: item.available,
    position: item.position,
    createdAt: item.createdAt?.toISOString() ?? null,
    updatedAt: item.updatedAt?.toISOString() ?? null,
  };
}

export const menuRoutes: FastifyPluginAsyncZod<{ menu: MenuService; restaurant: RestaurantInfo }> = (
  app,
  { menu, restaurant },
) => {
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
      onSend: sendWithEtag,
    },
    async () => (await menu.listForCustomers()).map(toMenuItemResponse),
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
