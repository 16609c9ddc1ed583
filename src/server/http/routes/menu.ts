// The customer-facing menu: `GET /api/inventory` (the article's route: dishes orderable now),
// `GET /api/menu` (in sections, sold-out dishes included), `GET /api/menu/events` (the same menu
// again whenever it changes) and the dish photos.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CustomerMenu, MenuList } from '../../../contract/menu.js';
import { Problem } from '../../../contract/problem.js';
import { NotFoundError } from '../../domain/errors.js';
import type { MenuService } from '../../services/menu.js';
import { COMPRESS_ABOVE_BYTES, compress, encodingFor, type Encoding } from '../compression.js';
import { etagOf, matches } from '../etag.js';
import { createMenuStreams } from '../menu-stream.js';
import { PHOTO_PATH, presentMenuItem } from '../presenters.js';

interface Answer {
  body: string;
  /** The body as sent: encoded once per read of the menu, not once per request. */
  bytes: Buffer;
  etag: string;
  /** The bytes brotli- or gzip-compressed, each made the first time a request takes it. */
  compressed: Partial<Record<Encoding, Buffer>>;
}

/**
 * A JSON answer built again only when the menu service read the menu afresh (at most once a
 * second, at once after a change made here): the busiest reads of the app cost one query a
 * second, not one per customer, and their body and ETag are computed once per read.
 */
function keptAnswer<T extends object>(
  read: () => Promise<T>,
  render: (value: T) => unknown,
  contract: z.ZodType,
) {
  let cached: { of: T; answer: Answer } | null = null;
  return async (): Promise<Answer> => {
    const value = await read();
    if (cached?.of !== value) {
      const rendered = render(value);
      const body = JSON.stringify(rendered);
      const etag = etagOf(body);
      // The service reads the menu afresh every second under traffic: the same menu keeps its
      // answer, compressed forms included, so compressing happens once per change.
      if (cached?.answer.etag === etag) cached = { of: value, answer: cached.answer };
      else {
        // Sent as bytes, past Fastify's serializer: checked against the contract here, once per
        // change, as the serializer checks every other answer (the pages carry it unchecked).
        contract.parse(rendered);
        cached = { of: value, answer: { body, bytes: Buffer.from(body), etag, compressed: {} } };
      }
    }
    return cached.answer;
  };
}

/**
 * Sends a kept answer (Fastify sends a Buffer payload untouched) in the encoding the request
 * takes, compressed once per read of the menu rather than once per request; or 304.
 */
function send(request: FastifyRequest, reply: FastifyReply, answer: Answer) {
  reply.header('etag', answer.etag).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
  if (matches(request.headers['if-none-match'], answer.etag)) return reply.code(304).send('');
  reply.type('application/json; charset=utf-8');
  const encoding =
    answer.bytes.length >= COMPRESS_ABOVE_BYTES ? encodingFor(request.headers['accept-encoding']) : null;
  if (!encoding) return reply.send(answer.bytes);
  const bytes = (answer.compressed[encoding] ??= compress(answer.bytes, encoding, 'once'));
  return reply.header('content-encoding', encoding).send(bytes);
}

/** The menu in sections as `GET /api/menu` answers (and the pages that show it are sent with). */
export type MenuAnswer = () => Promise<Pick<Answer, 'body' | 'etag'>>;

/** One per app: the route, the live stream and the pages share its body, ETag and compressed forms. */
export function menuAnswer(menu: MenuService): () => Promise<Answer> {
  return keptAnswer(
    () => menu.customerMenu(),
    ({ categories, dishes }) => ({
      categories,
      dishes: dishes.map(presentMenuItem),
    }),
    CustomerMenu,
  );
}

export const menuRoutes: FastifyPluginAsyncZod<{
  menu: MenuService;
  sections: ReturnType<typeof menuAnswer>;
}> = (app, { menu, sections }) => {
  const orderable = keptAnswer(
    () => menu.listForCustomers(),
    (dishes) => dishes.map(presentMenuItem),
    MenuList,
  );
  const streams = createMenuStreams(app, { menu, current: sections });
  const etagged =
    'Answers carry an ETag; send it back in If-None-Match to get 304 when the menu has not changed.';

  app.get(
    '/api/inventory',
    {
      schema: {
        tags: ['menu'],
        summary: 'The dishes a customer can order now, in menu order (the original app’s list)',
        description: `Prices are integer minor units of the restaurant currency (995 = $9.95). ${etagged}`,
        response: { 200: MenuList, 503: Problem },
      },
    },
    async (request, reply) => send(request, reply as unknown as FastifyReply, await orderable()),
  );

  app.get(
    '/api/menu',
    {
      schema: {
        tags: ['menu'],
        summary: 'The menu in sections: categories in order, every dish (sold out ones marked)',
        description: `Dishes carry their option groups, tags, allergens and photo. ${etagged}`,
        response: { 200: CustomerMenu, 503: Problem },
      },
    },
    async (request, reply) => send(request, reply as unknown as FastifyReply, await sections()),
  );

  app.get(
    '/api/menu/events',
    {
      schema: {
        tags: ['menu'],
        summary: 'Server-sent events: `event: menu` with the whole menu (as GET /api/menu) on every change',
        description:
          'The first event is the menu as it is, unless `since` (or `Last-Event-ID`) names its ETag already; the event id is its ETag.',
        querystring: z.object({
          since: z
            .string()
            .max(100)
            .optional()
            .describe('The ETag of the menu the page holds (from GET /api/menu)'),
        }),
      },
    },
    (request, reply) => streams.open(request, reply as unknown as FastifyReply),
  );

  app.get(
    `${PHOTO_PATH}/:name`,
    {
      schema: {
        tags: ['menu'],
        summary: 'A dish photo (WebP), named by its content: cached for ever',
        params: z.strictObject({ name: z.string().regex(/^[0-9a-f]{32}-\d{2,4}\.webp$/) }),
        response: { 404: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      const file = await menu.photoFile(request.params.name);
      if (!file) throw new NotFoundError('The photo');
      return (reply as unknown as FastifyReply)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .type(file.contentType)
        .send(file.bytes);
    },
  );

  return Promise.resolve();
};
