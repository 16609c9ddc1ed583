// What a customer's phone downloads before the menu can render: the scripts the built
// index.html loads and preloads. At most 80 KB gzipped, and never the Video SDK (which is
// fetched only when a live support call starts).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const WEB = resolve(import.meta.dirname, '../../dist/web');
/** 80 KiB. */
const BUDGET_BYTES = 80 * 1024;

describe('the customer menu page', () => {
  it('loads at most 80 KB of gzipped JavaScript before its first render, without the Video SDK', () => {
    const html = readFileSync(join(WEB, 'index.html'), 'utf8');
    const scripts = [
      ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
      ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
    ].map((match) => match[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    let gzipped = 0;
    for (const src of scripts) {
      const code = readFileSync(join(WEB, src));
      gzipped += gzipSync(code).length;
      expect(code.toString('utf8'), src).not.toMatch(/opentok|tokbox/i);
    }
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
