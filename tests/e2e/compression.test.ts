// The built web app on the wire: every script and stylesheet the first page loads comes brotli-
// compressed to a browser that takes it (gzip to one that takes only that, as is to the rest),
// each the very file the build wrote, with its length and `Vary: Accept-Encoding`. The answers a
// page preloads are fetched once: the app takes the preloaded ones.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
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
    // The page itself too, whatever address it is asked for.
    const page = await get(`${baseUrl}/website/order`, 'br');
    expect(page.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(page.body).toString('utf8')).toBe(html);
  });
});

describe.skipIf(!chromiumIsAvailable())('the menu page in Chromium', () => {
  const { openPage } = useChromium();

  it('asks for the restaurant, the session and the menu once each: the preloaded answers are used', async () => {
    const { baseUrl } = await startSandboxApp();
    const page = await openPage({ viewport: { width: 390, height: 844 } });
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    const response = await page.goto(`${baseUrl}/website/order`);
    await page.getByRole('button', { name: 'Add Soda to the cart' }).waitFor();
    // Preloaded by the page (the restaurant, the session) and by its Link header (the menu)…
    expect(await page.locator('link[rel="preload"][as="fetch"]').count()).toBe(2);
    expect(await page.locator('link[rel="preload"][href="/api/restaurant"]').count()).toBe(1);
    expect(await page.locator('link[rel="preload"][href="/api/website/session"]').count()).toBe(1);
    expect(response?.headers().link).toContain('</api/menu>; rel=preload');
    // …and not asked for again by the app, which a preload it could not use would cause.
    // Within the restaurant's poll (every 1.5 s from the first paint): only the first look.
    const count = (path: string) => asked.filter((p) => p === path).length;
    expect({
      restaurant: count('/api/restaurant'),
      session: count('/api/website/session'),
      menu: count('/api/menu'),
    }).toEqual({ restaurant: 1, session: 1, menu: 1 });
  });
});
