// The built web app as the server hands it out: pages (with the answers their first paint
// needs written in), assets and their caching.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import Fastify from 'fastify';
import { describe, expect, it, onTestFinished } from 'vitest';
import { registerCompression } from '../../src/server/http/compression.js';
import { registerWebApp } from '../../src/server/http/web.js';
import { aDish } from '../support/factories.js';
import { registerCustomer, signedInStaff } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';
import { buildTestApp } from '../support/test-app.js';

/** The built index.html's head: what Vite writes for the entry script, its imports and styles. */
const BUILT_HEAD = [
  '<script type="module" crossorigin src="/assets/index-abc123.js"></script>',
  '<link rel="modulepreload" crossorigin href="/assets/vue-def456.js">',
  '<link rel="stylesheet" crossorigin href="/assets/index-789abc.css">',
].join('\n');

/** A stand-in for `dist/web`: an index page and one hashed asset. */
async function webBuild(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'von-appetit-web-'));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, 'assets'));
  await writeFile(
    join(root, 'index.html'),
    `<!doctype html><html><head><title>Von Appétit</title>${BUILT_HEAD}</head><body><div id="app"></div></body></html>`,
  );
  await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log("menu")');
  return root;
}

/** The answers a page carries, by API path (as web/api/pageAnswers.ts reads them). */
function answersIn(html: string): Record<string, { status: number; etag?: string; body?: unknown }> {
  const blocks = [...html.matchAll(/<script type="application\/json" id="page-answers">(.*?)<\/script>/gs)];
  expect(blocks).toHaveLength(1);
  return JSON.parse(blocks[0]?.[1] ?? '') as Record<
    string,
    { status: number; etag?: string; body?: unknown }
  >;
}

describe('serving the web app', () => {
  it.each(['/', '/website/order', '/website/order?from=sms', '/staff/kitchen', '/dev/inbox'])(
    'answers the page %s with the app, never stored',
    async (url) => {
      const { app } = await buildTestApp({ env: { WEB_ROOT: await webBuild() } });
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('<div id="app">');
      // It carries answers of its moment and the visitor's session: never stored, asked afresh.
      expect(response.headers['cache-control']).toBe('no-store');
    },
  );

  it.each([
    ['/', ['/api/restaurant', '/api/website/session', '/api/menu']],
    ['/website/order', ['/api/restaurant', '/api/website/session', '/api/menu']],
    ['/website/order/?from=sms', ['/api/restaurant', '/api/website/session', '/api/menu']],
    ['/website/checkout', ['/api/restaurant', '/api/website/session', '/api/menu']],
    ['/website/login', ['/api/restaurant', '/api/website/session']],
    ['/staff/kitchen', ['/api/restaurant', '/api/website/session', '/api/staff/session']],
  ])('sends the page %s with the answers its first paint needs: %j', async (url, paths) => {
    const { app } = await buildTestApp({ env: { WEB_ROOT: await webBuild() } });
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(answersIn(response.body)).sort()).toEqual([...paths].sort());
  });

  it('writes in what the API answers: the menu with its ETag, the restaurant, nobody signed in', async () => {
    const { app, store } = await buildTestApp({ env: { WEB_ROOT: await webBuild() } });
    await store.menu.add({ item: aDish({ name: 'Fries' }), at: new Date() });
    const answers = answersIn((await app.inject({ url: '/website/order' })).body);
    const menu = await app.inject({ url: '/api/menu' });
    expect(answers['/api/menu']).toEqual({
      status: 200,
      etag: menu.headers.etag,
      body: menu.json<unknown>(),
    });
    const restaurant = (await app.inject({ url: '/api/restaurant' })).json<{ now: { at: string } }>();
    const written = answers['/api/restaurant'] as { status: number; body: { now: { at: string } } };
    expect(written.status).toBe(200);
    expect({ ...written.body, now: { ...written.body.now, at: 'then' } }).toEqual({
      ...restaurant,
      now: { ...restaurant.now, at: 'then' },
    });
    expect(answers['/api/website/session']).toEqual({ status: 204 });
  });

  it("writes in the signed-in visitor's session: the customer's on the shop, the cook's on the kitchen's pages", async () => {
    const app = await startSandboxApp({ env: { WEB_ROOT: await webBuild() } });
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const cook = await signedInStaff(app);
    const asCustomer = await customer.client.request<string>('GET', '/website/order');
    const customerSession = await customer.client.get('/api/website/session');
    expect(answersIn(asCustomer.body)['/api/website/session']).toEqual({
      status: 200,
      body: customerSession.body,
    });
    const kitchen = answersIn((await cook.request<string>('GET', '/staff/kitchen')).body);
    expect(kitchen['/api/staff/session']).toEqual({
      status: 200,
      body: (await cook.get('/api/staff/session')).body,
    });
    expect(kitchen['/api/website/session']).toEqual({ status: 204 });
  });

  it('keeps a dish named like markup inside the answers: nothing a name holds can end them', async () => {
    const { app, store } = await buildTestApp({ env: { WEB_ROOT: await webBuild() } });
    const name = '</script><script>alert(1)</script><!--';
    await store.menu.add({ item: aDish({ name }), at: new Date() });
    const html = (await app.inject({ url: '/website/order' })).body;
    expect(html).not.toContain('<script>alert(1)');
    const menu = answersIn(html)['/api/menu']?.body as { dishes: { name: string }[] };
    expect(menu.dishes.map((dish) => dish.name)).toEqual([name]);
  });

  it('names the scripts and styles the page starts with in a Link header, so they load before it is read', async () => {
    const { app } = await buildTestApp({ env: { WEB_ROOT: await webBuild() } });
    const response = await app.inject({ url: '/website/login' });
    expect(response.headers.link).toBe(
      [
        '</assets/index-abc123.js>; rel=modulepreload; crossorigin',
        '</assets/vue-def456.js>; rel=modulepreload; crossorigin',
        '</assets/index-789abc.css>; rel=preload; as=style; crossorigin',
      ].join(', '),
    );
  });

  it('sends the page brotli-compressed to a browser that takes it', async () => {
    const { app } = await buildTestApp({ env: { WEB_ROOT: await webBuild() } });
    const plain = await app.inject({ url: '/website/order', headers: { 'accept-encoding': 'identity' } });
    const response = await app.inject({ url: '/website/order', headers: { 'accept-encoding': 'gzip, br' } });
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers.vary).toMatch(/accept-encoding/);
    const decoded = brotliDecompressSync(response.rawPayload).toString('utf8');
    // The same page (the restaurant's clock moved on between the two).
    expect(decoded.replace(/"at":"[^"]+"/, '')).toBe(plain.body.replace(/"at":"[^"]+"/, ''));
  });

  it('sends the page without an answer that is slow or failing: the page asks for it itself', async () => {
    const app = Fastify();
    onTestFinished(() => app.close());
    registerCompression(app);
    const never = new Promise<never>(() => undefined);
    await registerWebApp(app, {
      root: await webBuild(),
      answers: {
        restaurant: () => never,
        menu: () => Promise.reject(new Error('database down')),
        session: { customer: () => Promise.resolve(null), staff: () => never },
      },
    });
    const response = await app.inject({ url: '/website/order' });
    expect(response.statusCode).toBe(200);
    expect(answersIn(response.body)).toEqual({ '/api/website/session': { status: 204 } });
  });

  it('works out no answer for a HEAD of a page: its headers alone', async () => {
    const app = Fastify();
    onTestFinished(() => app.close());
    const asked: string[] = [];
    const ask = <T>(name: string, value: T) => {
      asked.push(name);
      return Promise.resolve(value);
    };
    await registerWebApp(app, {
      root: await webBuild(),
      answers: {
        restaurant: () => ask('restaurant', {} as never),
        menu: () => ask('menu', { body: '{}', etag: '"m"' }),
        session: { customer: () => ask('customer', null), staff: () => ask('staff', null) },
      },
    });
    const response = await app.inject({ method: 'HEAD', url: '/website/order' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(asked).toEqual([]);
    expect((await app.inject({ url: '/website/order' })).statusCode).toBe(200);
    expect(asked.sort()).toEqual(['customer', 'menu', 'restaurant']);
  });

  it('lets browsers keep hashed assets for a year', async () => {
    const { app } = await buildTestApp({ env: { WEB_ROOT: await webBuild() } });
    const response = await app.inject({ url: '/assets/index-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers a missing asset, unknown API paths and an absent dev inbox with 404 problem+json, never the page', async () => {
    // No dev inbox here (as in live mode, or with the simulator on its own): its data paths say so.
    const { app } = await buildTestApp({ env: { WEB_ROOT: await webBuild() } });
    for (const url of [
      '/assets/gone.js',
      '/api/nope',
      '/docs/nope',
      '/dev/inbox/messages',
      '/dev/inbox/events',
    ]) {
      const response = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it.each([
    '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%5c..%5cpackage.json',
    '/%00',
    '/assets/%2e%2e/index.html',
  ])(
    'answers the probe %s with the app page or a 4xx problem: no file outside the build, no 500',
    async (url) => {
      const { app } = await buildTestApp({ env: { WEB_ROOT: await webBuild() } });
      const response = await app.inject({ url });
      if (response.statusCode === 200) {
        expect(response.body).toContain('<div id="app">');
      } else {
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(response.body).not.toMatch(/root:|"von-appetit"/);
    },
  );

  it.each(['/%', '/api/%ZZ', '/website/%E0%A4%A'])(
    'answers the malformed address %s with 400 problem+json',
    async (url) => {
      const { app } = await buildTestApp({ env: { WEB_ROOT: await webBuild() } });
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'bad_request' });
      expect(response.body).not.toContain('%ZZ');
    },
  );

  it('still serves the API when the web app has not been built', async () => {
    const { app } = await buildTestApp();
    expect((await app.inject({ url: '/api/inventory' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/website/order' })).statusCode).toBe(404);
  });
});
