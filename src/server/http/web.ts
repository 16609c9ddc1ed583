// Serves the built Vue app: hashed assets cached for a year, every page route answered by
// index.html, each file in the brotli or gzip form the build wrote beside it when the browser
// takes one.
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.js';

/**
 * Paths that belong to the API, to operations or to the dev inbox's data (absent outside the
 * built-in sandbox): never answered with the web app.
 */
const NON_PAGE_PATH = /^\/(api|docs|livez|readyz|dev\/inbox\/(messages|events))(\/|$)/;

/**
 * The pages that show the menu (`showsMenu` in web/router.ts): sent with a preload of the menu,
 * so a phone fetches it beside the scripts instead of after them. (Every page's own index.html
 * preloads the restaurant and the session.)
 */
const MENU_PAGES = new Set(['/', '/website/order', '/website/checkout']);
const MENU_PRELOAD = '</api/menu>; rel=preload; as=fetch; crossorigin';

/** A page address (`/website/order`), not a missing file (`/assets/gone.js`) or an API path. */
function wantsPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !NON_PAGE_PATH.test(path) &&
    !lastSegment.includes('.')
  );
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(request, reply, {
    status: 404,
    code: 'not_found',
    title: 'Nothing lives at this address',
  });
}

/** Returns whether the web app was found; without it the API still works (for `npm run dev`). */
export async function registerWebApp(app: FastifyInstance, options: { root: string }): Promise<boolean> {
  const root = resolve(options.root);
  if (!existsSync(resolve(root, 'index.html'))) {
    app.log.warn({ root }, 'web app not built: serving the API only (run `npm run build:web`)');
    app.setNotFoundHandler(notFound);
    return false;
  }
  await app.register(fastifyStatic, {
    root,
    // `/` is a page like the others (below), with the menu's preload.
    index: false,
    // `<file>.br` or `<file>.gz` (written by the build) by the request's Accept-Encoding.
    preCompressed: true,
    // Our own policy below: hashed assets forever, everything else revalidated.
    cacheControl: false,
    setHeaders: (res, path) => {
      const hashed = path.startsWith(resolve(root, 'assets') + sep);
      res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      // Caches keep one copy per encoding.
      res.setHeader('vary', 'accept-encoding');
    },
  });
  // Client-side routes (/website/order, /staff/...) are the Vue router's to resolve.
  const sendPage = (request: FastifyRequest, reply: FastifyReply) => {
    const path = (request.url.split('?')[0] ?? '').toLowerCase().replace(/(.)\/$/, '$1');
    if (MENU_PAGES.has(path)) reply.header('link', MENU_PRELOAD);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };
  app.get('/', { schema: { hide: true } }, sendPage);
  app.setNotFoundHandler((request, reply) =>
    wantsPage(request) ? sendPage(request, reply) : notFound(request, reply),
  );
  return true;
}
