// Lighthouse on Debian's Chromium, as a phone on a slow mobile connection sees a page: mobile form
// factor and Lighthouse's default simulated throttling (150 ms round trips, 1.6 Mbps down,
// 750 kbps up: WebPageTest's "fast 3G"; a CPU four times slower than this machine's). Used by
// the bench (the menu page's figures) and by tests/e2e/lighthouse.test.ts (the score gate).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_PATH, OFFLINE_CHROMIUM_ARGS } from '../../tests/support/chromium.js';

export { CHROMIUM_PATH };

/** The categories judged, by their Lighthouse ids. */
export const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface PageFigures {
  url: string;
  /** 0–100 per category. */
  scores: Record<Category, number>;
  /** Milliseconds, under the simulated connection and CPU. */
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
  totalBlockingTimeMs: number;
  cumulativeLayoutShift: number;
  speedIndexMs: number;
  /** Bytes on the wire (compressed, headers included) of every request the page made. */
  transferBytes: number;
  requests: number;
  /** Each audit of a judged category that did not pass, as "id: title (shown value)". */
  failedAudits: string[];
}

export interface LighthouseBrowser {
  /** Runs Lighthouse on `url`, the cache emptied first (local storage is kept). */
  audit(url: string): Promise<PageFigures>;
  /** The browser's own profile (cookies, local storage) for setting a page up before an audit. */
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a debugging port for Lighthouse, on a profile of its own (deleted on close). */
export async function openLighthouseBrowser(): Promise<LighthouseBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'von-appetit-lighthouse-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...OFFLINE_CHROMIUM_ARGS, '--remote-debugging-port=0'],
  });
  const port = await debuggingPort(profile);
  return {
    context,
    audit: async (url) => {
      for (let attempt = 1; ; attempt += 1) {
        const result = await lighthouse(url, {
          port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
        });
        if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
        // Chromium's trace sometimes misses the navigation's start: Lighthouse's own advice is to
        // run again (nothing was measured; a page that fails to load fails every attempt).
        if (result.lhr.runtimeError?.code === 'NO_NAVSTART' && attempt < 3) continue;
        return figuresOf(result.lhr);
      }
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The port Chromium took: it writes it into the profile once it listens. */
async function debuggingPort(profile: string): Promise<number> {
  const file = join(profile, 'DevToolsActivePort');
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (existsSync(file)) {
      const port = Number(readFileSync(file, 'utf8').split('\n')[0]);
      if (port > 0) return port;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Chromium wrote no debugging port into ${file}`);
}

type Result = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

function figuresOf(lhr: Result): PageFigures {
  if (lhr.runtimeError)
    throw new Error(`Lighthouse could not load ${lhr.finalDisplayedUrl}: ${lhr.runtimeError.message}`);
  const numeric = (id: string) => {
    const value = lhr.audits[id]?.numericValue;
    if (value === undefined)
      throw new Error(`Lighthouse measured no ${id}: ${lhr.audits[id]?.errorMessage ?? 'absent'}`);
    return value;
  };
  const scores = Object.fromEntries(
    CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)]),
  ) as Record<Category, number>;
  const judged = new Set(
    CATEGORIES.flatMap((id) =>
      (lhr.categories[id]?.auditRefs ?? []).filter((ref) => ref.weight > 0).map((ref) => ref.id),
    ),
  );
  const failedAudits = [...judged]
    .map((id) => lhr.audits[id])
    .filter((audit) => audit !== undefined && audit.score !== null && audit.score < 0.9)
    .map(
      (audit) =>
        `${audit?.id ?? ''}: ${audit?.title ?? ''}${audit?.displayValue ? ` (${audit.displayValue})` : ''}`,
    );
  const requests = lhr.audits['network-requests']?.details;
  return {
    url: lhr.finalDisplayedUrl,
    scores,
    firstContentfulPaintMs: numeric('first-contentful-paint'),
    largestContentfulPaintMs: numeric('largest-contentful-paint'),
    totalBlockingTimeMs: numeric('total-blocking-time'),
    cumulativeLayoutShift: numeric('cumulative-layout-shift'),
    speedIndexMs: numeric('speed-index'),
    transferBytes: numeric('total-byte-weight'),
    requests: requests?.type === 'table' ? requests.items.length : 0,
    failedAudits,
  };
}
