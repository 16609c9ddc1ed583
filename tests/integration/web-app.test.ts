// The built web app as the server hands it out: pages, assets and their caching.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildTestApp } from '../support/test-app.js';

/** A stand-in for `dist/web`: an index page and one hashed asset. */
async function webBuild(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'von-appetit-web-'));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Von Appétit</title><div id="app"></div>');
  await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log("menu")');
  return root;
}

describe('serving the web app', () => {
  it.each(['/', '/website/order', '/website/order?from=sms', '/staff/kitchen', '/dev/inbox'])(
    'answers the page %s with the app, revalidated on every visit',
    async (url) => {
      const { app } = await buildTestApp({ env: { WEB_ROOT: await webBuild() } });
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('<div id="app">');
      expect(response.headers['cache-control']).toBe('no-cache');
    },
  );

  it.each([
    ['/', true],
    ['/website/order', true],
    ['/website/order/?from=sms', true],
    ['/website/checkout', true],
    ['/website/login', false],
    ['/staff/kitchen', false],
  ])('sends the page %s with a preload of the menu: %s', async (url, preloaded) => {
    const { app } = await buildTestApp({ env: { WEB_ROOT: await webBuild() } });
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(200);
    expect(response.headers.link).toBe(
      preloaded ? '</api/menu>; rel=preload; as=fetch; crossorigin' : undefined,
    );
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
