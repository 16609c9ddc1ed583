// Lighthouse on the production build, as a hungry customer's phone on a slow mobile connection
// sees it (mobile, Lighthouse's default simulated throttling): the menu, sign-in, checkout (a
// cart of three lines) and the order status page a guest's text links to, on a restaurant-sized
// menu with photos. Prints every page's scores and figures (the median of five runs); fails
// below the thresholds, when the menu takes longer than 1.5 s to be usable (LCP), or when the
// page moves as it loads (layout shift above Lighthouse's 0.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openLighthouseBrowser,
  type LighthouseBrowser,
  type PageFigures,
} from '../../bench/lib/lighthouse.js';
import { ApiClient } from '../support/api-client.js';
import { chromiumIsAvailable } from '../support/browser.js';
import { aPhone, codeFor, signedInStaff } from '../support/customers.js';
import { fortyDishMenu, HAMBURGER_ID, LARGE_BACON_NO_ONIONS, SODA_ID } from '../support/menu-fixture.js';
import { aPhoneJpegWithGps } from '../support/photos.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const RUNS = 5;
/** Five runs of Lighthouse, each about ten seconds here, and the restaurant's setup. */
const TIMEOUT_MS = 150_000;

/**
 * The floor per page: performance as the issue sets it, accessibility 100, best practices 95; on
 * the menu, usable (Largest Contentful Paint) within 1.5 s too.
 */
const FLOORS: Record<'menu' | 'other', Floors> = {
  menu: { performance: 95, accessibility: 100, 'best-practices': 95, largestContentfulPaintMs: 1500 },
  other: { performance: 90, accessibility: 100, 'best-practices': 95 },
};

interface Floors {
  performance: number;
  accessibility: number;
  'best-practices': number;
  /** The most the median run (by LCP) may take, in milliseconds. */
  largestContentfulPaintMs?: number;
}

/** The restaurant: 40 dishes in 6 sections, the burgers with photos from the owner's phone. */
async function restaurant() {
  const app = await startSandboxApp();
  const admin = await signedInStaff(app, 'admin');
  const menu = fortyDishMenu();
  expect((await admin.post('/api/staff/menu/import', menu)).status).toBe(200);
  const photo = await aPhoneJpegWithGps();
  for (const dish of menu.dishes.filter((d) => d.category === 'Burgers')) {
    const uploaded = await admin.request('PUT', `/api/staff/menu/${dish.id}/photo`, {
      raw: photo,
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(uploaded.status).toBe(200);
  }
  return app;
}

/** A guest's order, placed over the API; its private link from the confirmation text. */
async function guestOrderLink(app: Awaited<ReturnType<typeof startSandboxApp>>): Promise<string> {
  const phone = aPhone();
  const guest = new ApiClient(app.baseUrl);
  expect((await guest.post('/api/website/guest', { name: 'Sam Rivera', phone })).status).toBe(202);
  const verified = await guest.post('/api/website/authenticate/verify', {
    tfaPin: codeFor(app.sandbox.simulator, phone),
  });
  expect(verified.status).toBe(200);
  expect((await guest.order([{ id: HAMBURGER_ID, quantity: 1 }])).status).toBe(201);
  const text = () =>
    app.sandbox.simulator
      .sent({ to: phone })
      .find((m) => m.kind === 'message' && m.text.includes('Follow it:'));
  await expect.poll(text, { timeout: 5000 }).toBeDefined();
  return /Follow it: (\S+)/.exec(text()?.text ?? '')?.[1] ?? 'no link in the text';
}

function report(name: string, figures: PageFigures): string {
  const { scores } = figures;
  return [
    `Lighthouse, ${name} (${figures.url}):`,
    `  performance ${String(scores.performance)}, accessibility ${String(scores.accessibility)}, best practices ${String(scores['best-practices'])}`,
    `  FCP ${String(Math.round(figures.firstContentfulPaintMs))} ms, LCP ${String(Math.round(figures.largestContentfulPaintMs))} ms, TBT ${String(Math.round(figures.totalBlockingTimeMs))} ms, CLS ${figures.cumulativeLayoutShift.toFixed(3)}, speed index ${String(Math.round(figures.speedIndexMs))} ms`,
    `  ${String(figures.requests)} requests, ${(figures.transferBytes / 1024).toFixed(1)} KiB on the wire`,
    ...figures.failedAudits.map((audit) => `  not passed: ${audit}`),
  ].join('\n');
}

describe.skipIf(!chromiumIsAvailable())('Lighthouse on a phone over a slow mobile connection', () => {
  let browser: LighthouseBrowser;
  beforeAll(async () => {
    browser = await openLighthouseBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  /** The median of five runs by performance, as Lighthouse advises for a score that varies by run. */
  async function judge(name: string, url: string, floors: Floors) {
    const runs: PageFigures[] = [];
    for (let run = 0; run < RUNS; run += 1) runs.push(await browser.audit(url));
    const figures = [...runs].sort((a, b) => a.scores.performance - b.scores.performance)[
      Math.floor(RUNS / 2)
    ];
    if (!figures) throw new Error('no Lighthouse run');
    // The scores in the run's output, passing or not (a warning, so that CI logs keep it).
    const lcps = runs.map((r) => Math.round(r.largestContentfulPaintMs));
    console.warn(
      `${report(name, figures)}\n  performance in each run: ${runs.map((r) => r.scores.performance).join(', ')}\n  LCP in each run (ms): ${lcps.join(', ')}`,
    );
    expect
      .soft(figures.scores.performance, `${name}: performance`)
      .toBeGreaterThanOrEqual(floors.performance);
    expect
      .soft(figures.scores.accessibility, `${name}: accessibility`)
      .toBeGreaterThanOrEqual(floors.accessibility);
    expect
      .soft(figures.scores['best-practices'], `${name}: best practices`)
      .toBeGreaterThanOrEqual(floors['best-practices']);
    if (floors.largestContentfulPaintMs !== undefined) {
      const median = [...lcps].sort((a, b) => a - b)[Math.floor(RUNS / 2)];
      expect
        .soft(median, `${name}: Largest Contentful Paint (ms), the median run`)
        .toBeLessThanOrEqual(floors.largestContentfulPaintMs);
    }
    // The page must not move in any run, not only in the median one.
    const shift = Math.max(...runs.map((r) => r.cumulativeLayoutShift));
    expect.soft(shift, `${name}: layout shift, the most of any run`).toBeLessThanOrEqual(0.1);
    return figures;
  }

  it(
    'scores the menu page at least 95 for performance and 100 for accessibility, usable in 1.5 s',
    async () => {
      const app = await restaurant();
      await judge('the menu', `${app.baseUrl}/website/order`, FLOORS.menu);
    },
    TIMEOUT_MS,
  );

  it(
    'scores the sign-in page at least 90 / 100 / 95',
    async () => {
      const app = await restaurant();
      await judge('sign-in', `${app.baseUrl}/website/login`, FLOORS.other);
    },
    TIMEOUT_MS,
  );

  it(
    'scores checkout with a cart of three lines at least 90 / 100 / 95',
    async () => {
      const app = await restaurant();
      // The cart as the menu page keeps it, put in the browser's storage (which Lighthouse keeps; it
      // empties the cache) from a page without the app.
      const page = await browser.context.newPage();
      await page.goto(`${app.baseUrl}/favicon.svg`);
      const cart = [
        {
          id: HAMBURGER_ID,
          quantity: 1,
          options: LARGE_BACON_NO_ONIONS,
          name: 'Hamburger',
          optionNames: { large: 'Large', bacon: 'Bacon', onions: 'Onions' },
          seenPrice: 1345,
        },
        { id: HAMBURGER_ID, quantity: 2, name: 'Hamburger', seenPrice: 995 },
        { id: SODA_ID, quantity: 3, name: 'Soda', seenPrice: 199 },
      ];
      await page.evaluate(
        `localStorage.setItem('von-appetit.cart', ${JSON.stringify(JSON.stringify(cart))})`,
      );
      await page.close();
      await judge('checkout', `${app.baseUrl}/website/checkout`, FLOORS.other);
    },
    TIMEOUT_MS,
  );

  it(
    "scores the order status page a guest's text links to at least 90 / 100 / 95",
    async () => {
      const app = await restaurant();
      await judge('order status', await guestOrderLink(app), FLOORS.other);
    },
    TIMEOUT_MS,
  );
});
