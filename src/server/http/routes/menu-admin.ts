// Menu editing and the audit log: admins only, on the staff surface. Changes reach open customer
// menus within a second (routes/menu.ts pushes them).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CustomerMenu, DocumentId, MenuItem as MenuItemSchema, MenuList } from '../../../contract/menu.js';
import {
  ALLERGENS,
  AUDIT_AREAS,
  AuditArea,
  AuditCursor,
  AuditLog,
  AvailabilityRequest,
  DIETARY_TAGS,
  MenuExport,
  MenuImportReport,
  MenuItemInput,
  MenuLayout,
} from '../../../contract/menu-admin.js';
import { RefusedError } from '../../domain/errors.js';
import { signedIn } from '../guards.js';
import { presentMenuItem } from '../presenters.js';
import { problemResponses } from '../problem.js';
import type { MenuService } from '../../services/menu.js';
import type { Store } from '../../ports/store.js';

const PHOTO_LIMIT_BYTES = 10 * 1024 * 1024;
/** A whole menu with its photos (two WebP renditions a dish, base64). */
const IMPORT_LIMIT_BYTES = 40 * 1024 * 1024;

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

  app.post(
    '/api/staff/menu/availability',
    {
      schema: {
        tags,
        summary: '86 (sold out) or un-86 dishes, one or many at once (admins)',
        body: AvailabilityRequest,
        response: { 200: MenuList, ...problems },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      const { ids, available } = request.body;
      return (await menu.setAvailability({ by: user, ids, available })).map(presentMenuItem);
    },
  );

  app.get(
    '/api/staff/menu/layout',
    {
      schema: {
        tags,
        summary: 'The order of categories (admins)',
        response: { 200: z.object({ categories: z.array(z.string()) }), ...problems },
      },
    },
    async () => ({ categories: await menu.categoryOrder() }),
  );

  app.put(
    '/api/staff/menu/layout',
    {
      schema: {
        tags,
        summary: 'Reorder (and rename) categories and reorder dishes (admins)',
        body: MenuLayout,
        response: { 200: CustomerMenu, ...problems },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      const { categories, dishes } = await menu.arrange({ by: user, ...request.body });
      return { categories: [...categories], dishes: dishes.map(presentMenuItem) };
    },
  );

  // Photos arrive as the file's bytes: the real type is read from them, not from this header.
  app.addContentTypeParser(
    ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: PHOTO_LIMIT_BYTES },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.put(
    '/api/staff/menu/:id/photo',
    {
      bodyLimit: PHOTO_LIMIT_BYTES,
      schema: {
        tags,
        summary: "Upload a dish's photo: JPEG, PNG, WebP or HEIC, at most 10 MB (admins)",
        description:
          'Send the file as the body. The type is read from the bytes; the photo is cropped to 4:3, stripped of metadata and stored as WebP in two widths.',
        params,
        response: { 200: MenuItemSchema, ...problemResponses(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      if (!Buffer.isBuffer(request.body))
        throw new RefusedError('unsupported_photo', 'Send the photo file itself.');
      return presentMenuItem(await menu.setPhoto({ by: user, id: request.params.id, bytes: request.body }));
    },
  );

  app.delete(
    '/api/staff/menu/:id/photo',
    {
      schema: {
        tags,
        summary: "Remove a dish's photo (admins)",
        params,
        response: { 200: MenuItemSchema, ...problems },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      return presentMenuItem(await menu.removePhoto({ by: user, id: request.params.id }));
    },
  );

  app.get(
    '/api/staff/menu/export',
    {
      schema: {
        tags,
        summary: 'The whole menu as a file, photos included (admins)',
        response: { 200: MenuExport, ...problems },
      },
    },
    async (_request, reply) => {
      const file = await menu.exportMenu();
      const base64 = (bytes: Buffer) => bytes.toString('base64');
      reply.header('content-disposition', 'attachment; filename="menu.json"');
      return {
        format: 'von-appetit.menu/1' as const,
        categories: [...file.categories],
        dishes: file.dishes.map((dish) => ({
          ...dish,
          // Only the tags the editor offers (a document typed by hand may carry others).
          tags: DIETARY_TAGS.filter((tag) => dish.tags.includes(tag)),
          allergens: ALLERGENS.filter((allergen) => dish.allergens.includes(allergen)),
          photo: dish.photo && { small: base64(dish.photo.small), large: base64(dish.photo.large) },
        })),
      };
    },
  );

  app.post(
    '/api/staff/menu/import',
    {
      bodyLimit: IMPORT_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Move a menu in from a file: adds or replaces its dishes by id (admins)',
        description:
          'With `?dryRun=true`, checks the whole file and reports what it would do, changing nothing.',
        querystring: z.strictObject({ dryRun: z.enum(['true', 'false']).default('false') }),
        body: MenuExport,
        response: { 200: MenuImportReport, ...problemResponses(400, 401, 403, 413, 415, 503) },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      const buffer = (text: string) => Buffer.from(text, 'base64');
      const { categories, dishes } = request.body;
      return menu.importMenu({
        by: user,
        dryRun: request.query.dryRun === 'true',
        file: {
          categories,
          dishes: dishes.map((dish) => ({
            ...dish,
            photo: dish.photo && { small: buffer(dish.photo.small), large: buffer(dish.photo.large) },
          })),
        },
      });
    },
  );

  app.get(
    '/api/staff/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first (admins)',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          before: AuditCursor.optional().describe('`nextBefore` of the previous page'),
          area: AuditArea.optional().describe('only changes made on this staff page'),
          actor: z.string().min(1).max(100).optional().describe("only this person's changes (username)"),
        }),
        response: { 200: AuditLog, ...problems },
      },
    },
    async (request) => {
      const { limit, before, area, actor } = request.query;
      const [at = '0', id = ''] = before?.split('-') ?? [];
      const entries = await store.audit.list({
        limit,
        ...(before ? { before: { at: new Date(Number(at)), id } } : {}),
        ...(area ? { actionPrefix: AUDIT_AREAS[area] } : {}),
        ...(actor ? { actorName: actor } : {}),
      });
      const last = entries.at(-1);
      return {
        nextBefore: entries.length === limit && last ? `${last.at.getTime()}-${last.id}` : null,
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
