// Answers on the wire: JSON above 1 KB comes brotli- or gzip-compressed to a client that takes it
// (the menu compressed once per change and kept, everything else on the fly), the same JSON once
// decoded; small answers and the event streams go as they are, every event at once. A menu page
// that holds the current menu is not sent it again by the live stream.
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CustomerMenu } from '../../src/contract/menu.js';
import { ApiClient } from '../support/api-client.js';
import { signedInStaff } from '../support/customers.js';
import { openEventStream } from '../support/event-stream.js';
import { fortyDishMenu, SODA_ID } from '../support/menu-fixture.js';
import { startSandboxApp } from '../support/sandbox-app.js';

/** One GET, the body left as sent (fetch would decode it). */
function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((done, fail) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        done({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      });
      response.on('error', fail);
    })
      .on('error', fail)
      .end();
  });
}

async function restaurantWithFortyDishes() {
  const app = await startSandboxApp();
  const admin = await signedInStaff(app, 'admin');
  expect((await admin.post('/api/staff/menu/import', fortyDishMenu())).status).toBe(200);
  return { app, admin };
}

describe('compressed answers', () => {
  it('sends the menu brotli- or gzip-compressed by Accept-Encoding, the same JSON decoded, 304 still', async () => {
    const { app } = await restaurantWithFortyDishes();
    const plain = await get(`${app.baseUrl}/api/menu`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(CustomerMenu.parse(JSON.parse(plain.body.toString('utf8'))).dishes).toHaveLength(40);

    const br = await get(`${app.baseUrl}/api/menu`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers.etag).toBe(plain.headers.etag);
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

    const gzip = await get(`${app.baseUrl}/api/menu`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);

    // A coding refused with q=0 is not used; the one preferred by q is; `*` takes either.
    for (const [acceptEncoding, sent] of [
      ['br;q=0, gzip', 'gzip'],
      ['gzip;q=1, br;q=0.5', 'gzip'],
      ['*', 'br'],
      ['*, br;q=0', 'gzip'],
      ['identity', undefined],
    ] as const) {
      const answer = await get(`${app.baseUrl}/api/menu`, { 'accept-encoding': acceptEncoding });
      expect(answer.headers['content-encoding'], acceptEncoding).toBe(sent);
    }

    const again = await get(`${app.baseUrl}/api/menu`, {
      'accept-encoding': 'br',
      'if-none-match': String(plain.headers.etag),
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('compresses other JSON above 1 KB on the fly, and leaves small answers as they are', async () => {
    const { app } = await restaurantWithFortyDishes();
    const path = '/api/pickup-times?dishes=2';
    const plain = await get(`${app.baseUrl}${path}`);
    expect(plain.status).toBe(200);
    expect(plain.body.length).toBeGreaterThan(1024);
    const br = await get(`${app.baseUrl}${path}`, { 'accept-encoding': 'br, gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(brotliDecompressSync(br.body).toString('utf8'))).toEqual(
      JSON.parse(plain.body.toString('utf8')),
    );

    const small = await get(`${app.baseUrl}/api/restaurant`, { 'accept-encoding': 'br, gzip' });
    expect(small.status).toBe(200);
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('sends the live menu uncompressed, each event at once', async () => {
    const { app, admin } = await restaurantWithFortyDishes();
    // Its headers as sent (fetch below would decode a compressed stream without saying so).
    const headers = await new Promise<Record<string, string | string[] | undefined>>((done, fail) => {
      const asked = request(`${app.baseUrl}/api/menu/events`, { headers: { 'accept-encoding': 'br, gzip' } });
      asked.on('response', (response) => {
        done(response.headers);
        asked.destroy();
      });
      asked.on('error', fail);
      asked.end();
    });
    expect(headers['content-type']).toMatch(/^text\/event-stream/);
    expect(headers['content-encoding']).toBeUndefined();
    const stream = await openEventStream(new ApiClient(app.baseUrl), '/api/menu/events', {
      'accept-encoding': 'br, gzip',
    });
    expect(stream.status).toBe(200);
    expect((await stream.next(2000)).event).toBe('menu');
    expect(
      (await admin.post('/api/staff/menu/availability', { ids: [SODA_ID], available: false })).status,
    ).toBe(200);
    const pushed = CustomerMenu.parse(JSON.parse((await stream.next(2000)).data));
    expect(pushed.dishes.find((dish) => dish.id === SODA_ID)?.available).toBe(false);
    stream.close();
  });
});

describe('the live menu for a page that holds it', () => {
  it('sends a page with the current menu only what changes after it, and a stale page the menu at once', async () => {
    const { app, admin } = await restaurantWithFortyDishes();
    const held = await new ApiClient(app.baseUrl).get('/api/menu');
    const etag = held.headers.get('etag') ?? '';
    expect(etag).not.toBe('');

    const current = await openEventStream(
      new ApiClient(app.baseUrl),
      `/api/menu/events?since=${encodeURIComponent(etag)}`,
    );
    await current.connected;
    // As after a reconnect: the browser names the last event it had.
    const reconnected = await openEventStream(new ApiClient(app.baseUrl), '/api/menu/events', {
      'last-event-id': etag,
    });
    await reconnected.connected;
    const stale = await openEventStream(new ApiClient(app.baseUrl), '/api/menu/events?since=%22old%22');
    const first = await stale.next(2000);
    expect(first.id).toBe(etag);

    expect(
      (await admin.post('/api/staff/menu/availability', { ids: [SODA_ID], available: false })).status,
    ).toBe(200);
    for (const stream of [current, reconnected]) {
      // The first event these pages get is the change, never the menu they hold.
      const next = await stream.next(2000);
      expect(next.id).not.toBe(etag);
      expect(CustomerMenu.parse(JSON.parse(next.data)).dishes.find((d) => d.id === SODA_ID)?.available).toBe(
        false,
      );
      stream.close();
    }
    stale.close();
  });
});
