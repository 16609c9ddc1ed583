// Dish photos as an admin uploads them from a phone and customers load them: the type read from
// the bytes, the GPS position and camera left behind, WebP in two widths cached for ever, served
// from the store itself (so every instance has them), on either store.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CustomerMenu, MenuItem } from '../../src/contract/menu.js';
import { ApiClient } from '../support/api-client.js';
import { signedInStaff } from '../support/customers.js';
import { HAMBURGER_ID } from '../support/menu-fixture.js';
import { aPhoneJpegWithGps, hasGpsTag, PHP_NAMED_JPG } from '../support/photos.js';
import { startSandboxApp } from '../support/sandbox-app.js';

async function upload(client: ApiClient, id: string, bytes: Uint8Array, contentType: string) {
  return client.request('PUT', `/api/staff/menu/${id}/photo`, {
    raw: bytes,
    headers: { 'content-type': contentType },
  });
}

describe('dish photos', () => {
  it('turns a phone JPEG with GPS into WebP renditions without its metadata, cached for ever', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    const jpeg = await aPhoneJpegWithGps();
    expect(await hasGpsTag(jpeg)).toBe(true);

    const answer = await upload(admin, HAMBURGER_ID, jpeg, 'image/jpeg');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const { photo } = MenuItem.parse(answer.body);
    expect(photo).toMatchObject({ width: 960, height: 720 });

    const menu = CustomerMenu.parse((await new ApiClient(app.baseUrl).get('/api/menu')).body);
    expect(menu.dishes.find((d) => d.id === HAMBURGER_ID)?.photo).toEqual(photo);
    for (const [url, width] of [
      [photo?.small ?? '', 400],
      [photo?.large ?? '', 960],
    ] as const) {
      expect(url).toMatch(/^\/media\/dishes\/[0-9a-f]{32}-\d+\.webp$/);
      const response = await fetch(`${app.baseUrl}${url}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/webp');
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const bytes = Buffer.from(await response.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect(meta).toMatchObject({ format: 'webp', width, height: (width * 3) / 4 });
      expect(meta.exif).toBeUndefined();
      expect(await hasGpsTag(bytes)).toBe(false);
    }
  });

  it('stores the same photo once under the same name, in the store itself', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    const jpeg = await aPhoneJpegWithGps();
    const first = MenuItem.parse((await upload(admin, HAMBURGER_ID, jpeg, 'application/octet-stream')).body);
    const again = MenuItem.parse((await upload(admin, HAMBURGER_ID, jpeg, 'image/jpeg')).body);
    expect(again.photo).toEqual(first.photo);
    const stored = await app.store.photos.get({ name: first.photo?.large.split('/').at(-1) ?? '' });
    expect(stored?.contentType).toBe('image/webp');
  });

  it('refuses a PHP file named .jpg with 415, and anything but a photo, leaving the dish as it was', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    for (const [bytes, type] of [
      [PHP_NAMED_JPG, 'image/jpeg'],
      [Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'image/png'],
      [Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]), 'image/jpeg'],
    ] as const) {
      const answer = await upload(admin, HAMBURGER_ID, bytes, type);
      expect(answer.status).toBe(415);
      expect(answer.body).toMatchObject({ code: 'unsupported_photo' });
    }
    expect((await upload(admin, HAMBURGER_ID, PHP_NAMED_JPG, 'text/x-php')).status).toBe(415);
    expect((await app.store.menu.get({ id: HAMBURGER_ID }))?.photo).toBeNull();
  });

  it('answers 404 for a photo that is not stored, and 413 for a file over 10 MB', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    const missing = await fetch(`${app.baseUrl}/media/dishes/${'0'.repeat(32)}-400.webp`);
    expect(missing.status).toBe(404);
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1);
    expect((await upload(admin, HAMBURGER_ID, huge, 'image/jpeg')).status).toBe(413);
    // Without an admin's session, no body is read at all: the answer is who you are not.
    expect((await upload(new ApiClient(app.baseUrl), HAMBURGER_ID, huge, 'image/jpeg')).status).toBe(401);
  });

  it('exports photos with the menu, and imports them under the same names', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    const { photo } = MenuItem.parse(
      (await upload(admin, HAMBURGER_ID, await aPhoneJpegWithGps(), 'image/jpeg')).body,
    );
    const file = (await admin.get('/api/staff/menu/export')).body;

    const other = await startSandboxApp();
    const otherAdmin = await signedInStaff(other, 'admin');
    const imported = await otherAdmin.post('/api/staff/menu/import', file);
    expect(imported.body).toMatchObject({ photos: 1, replaced: 2 });
    const menu = CustomerMenu.parse((await new ApiClient(other.baseUrl).get('/api/menu')).body);
    expect(menu.dishes.find((d) => d.id === HAMBURGER_ID)?.photo).toEqual(photo);
    expect((await fetch(`${other.baseUrl}${photo?.small ?? ''}`)).status).toBe(200);
  });
});
