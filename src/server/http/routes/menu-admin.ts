// Menu editing and the audit log: admins only, on the staff surface. Changes reach the customer
// menu at once (it is read from the store on every request, with an ETag).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AuditLog,
  DocumentId,
  MenuItemInput,
  MenuItem as MenuItemSchema,
  MenuList,
} from '../../../contract/menu.js';
import { signedIn } from '../guards.js';
import { presentMenuItem } from '../presenters.js';
import { problemResponses } from '../problem.js';
import type { MenuService } from '../../services/menu.js';
import type { Store } from '../../ports/store.js';

/** In the admins' group (see guards.ts). */
export const menuAdminRoutes: FastifyPluginAsyncZod<{
  menu: MenuService;
  store: Store;
}> = (app, { menu, store }) => {
  const tags = ['menu'];
  const problems = problemResponses(400, 401, 403, 404, 415, 503);
  const params = z.strictObject({ id: DocumentId });

  app.get(
    '/api/staff/menu',
    {
      schema: {
        tags,
        summary: "Every dish, 86'd ones included (admins)",
        response: { 200: MenuList, ...problems },
      },
    },
    async () => {
      return (await menu.listAll()).map(presentMenuItem);
    },
  );

  app.post(
    '/api/staff/menu',
    {
      schema: {
        tags,
        summary: 'Add a dish (admins)',
        body: MenuItemInput,
        response: { 201: MenuItemSchema, ...problems },
      },
    },
    async (request, reply) => {
      const { user } = signedIn(request);
      return reply.code(201).send(presentMenuItem(await menu.addDish({ by: user, item: request.body })));
    },
  );

  app.put(
    '/api/staff/menu/:id',
    {
      schema: {
        tags,
        summary: "Change a dish: name, price, 86'd or not… (admins); orders already placed keep their prices",
        params,
        body: MenuItemInput,
        response: { 200: MenuItemSchema, ...problems },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      return presentMenuItem(await menu.replaceDish({ by: user, id: request.params.id, item: request.body }));
    },
  );

  app.delete(
    '/api/staff/menu/:id',
    { schema: { tags, summary: 'Delete a dish (admins)', params, response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      const { user } = signedIn(request);
      await menu.removeDish({ by: user, id: request.params.id });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/staff/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first (admins)',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: AuditLog, ...problems },
      },
    },
    async (request) => {
      const entries = await store.audit.list({ limit: request.query.limit });
      return {
        entries: entries.map(({ id, at, actorName, action, target, before, after }) => ({
          id,
          at: at.toISOString(),
          actorName,
          action,
          target,
          before,
          after,
        })),
      };
    },
  );
  return Promise.resolve();
};
