// The menu page as a hungry customer's phone loads it over a slow mobile connection: Lighthouse
// (lighthouse.ts: mobile, simulated fast 3G and a 4× slower CPU) on the production build, with a
// restaurant-sized menu (40 dishes in 6 sections, the burgers with photos from the owner's
// phone) imported the way an owner does. The median run of a few, by Largest Contentful Paint.
import { existsSync } from 'node:fs';
import { fortyDishMenu } from '../../tests/support/menu-fixture.js';
import { aPhoneJpegWithGps } from '../../tests/support/photos.js';
import { CHROMIUM_PATH, openLighthouseBrowser, type PageFigures } from './lighthouse.js';
import type { SeededSession } from './seed.js';

export interface PhoneFigures {
  runs: number;
  /** The run with the median Largest Contentful Paint. */
  median: PageFigures;
  /** Every run's Largest Contentful Paint, in milliseconds, for the spread. */
  largestContentfulPaintsMs: number[];
}

/** Why the phone figures are missing, when they are. */
export interface PhoneSkipped {
  skipped: string;
}

async function send(
  baseUrl: string,
  admin: SeededSession,
  method: string,
  path: string,
  body: string | Uint8Array,
  type: string,
) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': type },
    body,
  });
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${String(response.status)}: ${await response.text()}`);
}

export async function measureMenuOnAPhone(
  baseUrl: string,
  admin: SeededSession,
  runs: number,
): Promise<PhoneFigures | PhoneSkipped> {
  if (!existsSync(CHROMIUM_PATH)) return { skipped: `no Chromium at ${CHROMIUM_PATH}` };
  const menu = fortyDishMenu();
  await send(baseUrl, admin, 'POST', '/api/staff/menu/import', JSON.stringify(menu), 'application/json');
  const photo = await aPhoneJpegWithGps();
  for (const dish of menu.dishes.filter((d) => d.category === 'Burgers')) {
    await send(
      baseUrl,
      admin,
      'PUT',
      `/api/staff/menu/${dish.id}/photo`,
      new Uint8Array(photo),
      'image/jpeg',
    );
  }
  const browser = await openLighthouseBrowser();
  try {
    const all: PageFigures[] = [];
    for (let run = 0; run < runs; run += 1) all.push(await browser.audit(`${baseUrl}/website/order`));
    const byLcp = [...all].sort((a, b) => a.largestContentfulPaintMs - b.largestContentfulPaintMs);
    const median = byLcp[Math.floor((byLcp.length - 1) / 2)];
    if (!median) throw new Error('Lighthouse made no run');
    return {
      runs,
      median,
      largestContentfulPaintsMs: all.map((f) => Math.round(f.largestContentfulPaintMs)),
    };
  } finally {
    await browser.close();
  }
}
