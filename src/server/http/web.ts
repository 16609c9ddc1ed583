// Serves the built Vue app: hashed assets cached for a year (each file in the brotli or gzip form
// the build wrote beside it when the browser takes one), and every page route answered by
// index.html with the answers its first paint needs written into it, so that a phone on a slow
// connection waits for no request but the page and its scripts.
import { existsSync, readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SessionInfo } from '../../contract/auth.js';
import { RestaurantInfo } from '../../contract/restaurant.js';
import { RefusedError } from '../domain/errors.js';
import type { Surface } from '../domain/session.js';
import { sendProblem } from './problem.js';
import type { MenuAnswer } from './routes/menu.js';

/**
 * Paths that belong to the API, to operations or to the dev inbox's data (absent outside the
 * built-in sandbox): never answered with the web app.
 */
const NON_PAGE_PATH = /^\/(api|docs|livez|readyz|dev\/inbox\/(messages|events))(\/|$)/;

/** The pages that show the menu (`showsMenu` in web/router.ts): sent with the menu too. */
const MENU_PAGES = new Set(['/', '/website/order', '/website/checkout']);

/**
 * How long a page waits for its answers: one not in by then (a slow or failing database) is left
 * out, and the page asks for it itself, showing its own loading and error states.
 */
const ANSWERS_WAIT_MS = 500;

/** Where each answer comes from: the same code as its API route. */
export interface PageAnswerSources {
  restaurant: () => Promise<RestaurantInfo>;
  menu: MenuAnswer;
  session: Record<Surface, (request: FastifyRequest) => Promise<SessionInfo | null>>;
}

/** An answer as the page carries it, by its API path (web/api/pageAnswers.ts reads them). */
interface PageAnswer {
  status: 200 | 204;
  etag?: string;
  /** The body's JSON text, as the API route would send it. */
  json?: string;
}

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

/**
 * `Link` preloads of the scripts and styles index.html starts with: the browser fetches them as
 * soon as the page's headers arrive, not once it has read the page.
 */
export function entryPreloads(html: string): string | undefined {
  const links: string[] = [];
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const attribute = (name: string) => new RegExp(`\\s${name}="(/[^"]*)"`, 'i').exec(tag)?.[1];
    const cors = /\scrossorigin\b/i.test(tag) ? '; crossorigin' : '';
    const rel = /\srel="([^"]*)"/i.exec(tag)?.[1];
    const src = attribute('src');
    const href = attribute('href');
    if (/^<script\b/i.test(tag) && /\stype="module"/i.test(tag) && src)
      links.push(`<${src}>; rel=modulepreload${cors}`);
    else if (rel === 'modulepreload' && href) links.push(`<${href}>; rel=modulepreload${cors}`);
    else if (rel === 'stylesheet' && href) links.push(`<${href}>; rel=preload; as=style${cors}`);
  }
  return links.length > 0 ? links.join(', ') : undefined;
}

/** `promise`'s value, or undefined once `ms` have passed (or if it fails). */
function within<T>(
  ms: number,
  promise: Promise<T>,
  onError: (error: unknown) => void,
): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      resolve(undefined);
    }, ms);
  });
  const settled = promise.catch((error: unknown) => {
    onError(error);
    return undefined;
  });
  return Promise.race([settled, late]).finally(() => {
    clearTimeout(timer);
  });
}

/**
 * The answers the page's first paint needs, by API path: the restaurant and the customer's session
 * on every page, the staff session on the kitchen's pages, the menu on the menu's pages. Each
 * checked against the contract as its route's answer is.
 */
async function answersFor(
  request: FastifyRequest,
  path: string,
  sources: PageAnswerSources,
): Promise<Record<string, PageAnswer>> {
  const session = async (surface: Surface): Promise<PageAnswer> => {
    const info = await sources.session[surface](request);
    return info ? { status: 200, json: JSON.stringify(SessionInfo.parse(info)) } : { status: 204 };
  };
  const wanted: [string, () => Promise<PageAnswer>][] = [
    [
      '/api/restaurant',
      async () => ({ status: 200, json: JSON.stringify(RestaurantInfo.parse(await sources.restaurant())) }),
    ],
    ['/api/website/session', () => session('customer')],
  ];
  if (path === '/staff' || path.startsWith('/staff/'))
    wanted.push(['/api/staff/session', () => session('staff')]);
  if (MENU_PAGES.has(path)) {
    wanted.push([
      '/api/menu',
      async () => {
        const { body, etag } = await sources.menu();
        return { status: 200, etag, json: body };
      },
    ]);
  }
  const answers = await Promise.all(
    wanted.map(async ([api, answer]) => {
      const value = await within(ANSWERS_WAIT_MS, Promise.resolve().then(answer), (error: unknown) => {
        // A session that just ended is the API's to answer (401); an outage is worth a line.
        if (error instanceof RefusedError) return;
        request.log.warn({ err: error, answer: api }, 'page sent without this answer: it asks itself');
      });
      return [api, value] as const;
    }),
  );
  return Object.fromEntries(answers.filter((entry): entry is [string, PageAnswer] => entry[1] !== undefined));
}

/**
 * The answers as a JSON data block (never run: no script policy applies to it). Every `<` is
 * written `\u003c`, so no text in them (a dish named `</script>`) can end the block.
 */
export function answersBlock(answers: Record<string, PageAnswer>): string {
  const entries = Object.entries(answers).map(([api, { status, etag, json }]) => {
    const fields = [`"status":${String(status)}`];
    if (etag !== undefined) fields.push(`"etag":${JSON.stringify(etag)}`);
    if (json !== undefined) fields.push(`"body":${json}`);
    return `${JSON.stringify(api)}:{${fields.join(',')}}`;
  });
  const json = `{${entries.join(',')}}`.replaceAll('<', '\\u003c');
  return `<script type="application/json" id="page-answers">${json}</script>`;
}

/** Returns whether the web app was found; without it the API still works (for `npm run dev`). */
export async function registerWebApp(
  app: FastifyInstance,
  options: { root: string; answers: PageAnswerSources },
): Promise<boolean> {
  const root = resolve(options.root);
  if (!existsSync(resolve(root, 'index.html'))) {
    app.log.warn({ root }, 'web app not built: serving the API only (run `npm run build:web`)');
    app.setNotFoundHandler(notFound);
    return false;
  }
  await app.register(fastifyStatic, {
    root,
    // Pages are answered below, with their answers written in.
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
  // Read once: a new build comes with a restart (npm start builds what is stale, then starts).
  const html = readFileSync(resolve(root, 'index.html'), 'utf8');
  const cut = html.search(/<\/head>/i);
  const [head, rest] = cut === -1 ? [html, ''] : [html.slice(0, cut), html.slice(cut)];
  const preloads = entryPreloads(html);
  // Client-side routes (/website/order, /staff/...) are the Vue router's to resolve.
  const sendPage = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = (request.url.split('?')[0] ?? '').toLowerCase().replace(/(.)\/$/, '$1');
    // A HEAD (a link checker, a monitor) gets the headers alone: no answer is worked out for it.
    const answers = request.method === 'HEAD' ? {} : await answersFor(request, path, options.answers);
    if (preloads) reply.header('link', preloads);
    // The page holds answers of its moment, the visitor's session among them (its CSRF token):
    // never stored, so Back or a restored tab after signing out cannot start from them.
    return reply
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(head + answersBlock(answers) + rest);
  };
  app.get('/', { schema: { hide: true } }, sendPage);
  app.setNotFoundHandler((request, reply) =>
    wantsPage(request) ? sendPage(request, reply) : notFound(request, reply),
  );
  return true;
}
