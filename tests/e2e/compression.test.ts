// The built web app on the wire: every script and stylesheet the first page loads comes brotli-
// compressed to a browser that takes it (gzip to one that takes only that, as is to the rest),
// each the very file the build wrote, with its length and `Vary: Accept-Encoding`. The answers a
// page is sent with are taken from it: no request for them, and no schema library before the
// first paint.
import { request } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumIsAvailable, useChromium } from '../support/browser.js';
import { startSandboxApp } from '../support/sandbox-app.js';
import { WEB_BUILD } from '../support/test-server.js';

/** One GET, the body left as sent (fetch would decode it). */
function get(url: string, acceptEncoding: string | null) {
  return new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (done, fail) => {
      const headers = acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding };
      request(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          done({ headers: response.headers, body: Buffer.concat(chunks) });
        });
        response.on('error', fail);
      })
        .on('error', fail)
        .end();
    },
  );
}

describe('the web app on the wire', () => {
  it('sends every script and stylesheet of the first page brotli-compressed, the same bytes decoded', async () => {
    const { baseUrl } = await startSandboxApp();
    const html = readFileSync(join(WEB_BUILD, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '');
    expect(assets.filter((path) => path.endsWith('.js')).length).toBeGreaterThan(0);
    expect(assets.filter((path) => path.endsWith('.css')).length).toBeGreaterThan(0);
    for (const path of assets) {
      const file = readFileSync(join(WEB_BUILD, path));
      const br = await get(`${baseUrl}${path}`, 'gzip, deflate, br, zstd');
      expect(br.headers['content-encoding'], path).toBe('br');
      expect(br.headers.vary, path).toMatch(/accept-encoding/i);
      expect(Number(br.headers['content-length']), path).toBe(br.body.length);
      expect(br.body.length, path).toBeLessThan(file.length);
      expect(brotliDecompressSync(br.body).equals(file), path).toBe(true);

      const gzip = await get(`${baseUrl}${path}`, 'gzip');
      expect(gzip.headers['content-encoding'], path).toBe('gzip');
      expect(gunzipSync(gzip.body).equals(file), path).toBe(true);

      const plain = await get(`${baseUrl}${path}`, null);
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      expect(plain.body.equals(file), path).toBe(true);
    }
    // The page itself too, whatever address it is asked for: the build's page, its answers written in.
    const page = await get(`${baseUrl}/website/order`, 'br');
    expect(page.headers['content-encoding']).toBe('br');
    const answers = /<script type="application\/json" id="page-answers">.*?<\/script>/s;
    const decoded = brotliDecompressSync(page.body).toString('utf8');
    expect(decoded).toMatch(answers);
    expect(decoded.replace(answers, '')).toBe(html);
  });
});

describe.skipIf(!chromiumIsAvailable())('the menu page in Chromium', () => {
  const { openPage } = useChromium();

  it('takes the restaurant, the session and the menu from the page, and loads zod only after the first paint', async () => {
    const { baseUrl } = await startSandboxApp();
    const zod = readdirSync(join(WEB_BUILD, 'assets'))
      .filter((name) => name.endsWith('.js'))
      .filter((name) => readFileSync(join(WEB_BUILD, 'assets', name), 'utf8').includes('ZodError'))
      .map((name) => `/assets/${name}`);
    expect(zod).toHaveLength(1);
    const page = await openPage({ viewport: { width: 390, height: 844 } });
    const requests: Request[] = [];
    page.on('request', (request) => requests.push(request));
    await page.goto(`${baseUrl}/website/order`);
    await page.getByRole('button', { name: 'Add Soda to the cart' }).waitFor();
    expect(await page.getByText('Von Appétit').first().isVisible()).toBe(true);
    // The first paint is the app mounted with the menu, its prices, the restaurant's state and
    // the account menu (main.ts waits for them): what was asked for before it, by the browser's clock.
    const paintedAt = await page.evaluate(
      () =>
        performance.timeOrigin +
        (performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN),
    );
    expect(paintedAt).not.toBeNaN();
    const path = (request: Request) => new URL(request.url()).pathname;
    const beforePaint = requests.filter((request) => request.timing().startTime < paintedAt).map(path);
    expect(beforePaint.filter((p) => p.startsWith('/api/'))).toEqual([]);
    expect(beforePaint).not.toContain(zod[0]);
    expect(beforePaint.length).toBeGreaterThan(2);
    // Nothing polls the session or the menu (the live menu is its stream): never asked at all.
    expect(requests.map(path).filter((p) => p === '/api/website/session' || p === '/api/menu')).toEqual([]);
    // The restaurant's next look (every 1.5 s) comes over the network: checked, zod loaded for it.
    await page.waitForResponse((response) => new URL(response.url()).pathname === '/api/restaurant');
    await expect.poll(() => requests.map(path).includes(zod[0] ?? '')).toBe(true);
    expect(await page.getByRole('button', { name: 'Add Soda to the cart' }).isVisible()).toBe(true);
  });
});
