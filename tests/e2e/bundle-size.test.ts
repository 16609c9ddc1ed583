// What a customer's phone downloads before the menu can render: the scripts the built
// index.html loads and preloads, as they go over the wire (brotli: the build writes each beside
// its file, and tests/e2e/compression.test.ts checks that browsers get it). At most 60 KB; never
// the Video SDK (fetched only when a live support call starts), nor zod (the page carries its
// first answers, checked by the server: the contract's schemas load with the first answer from
// the network).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = resolve(import.meta.dirname, '../../dist/web');
/** 60 KiB. */
const BUDGET_BYTES = 60 * 1024;

describe('the customer menu page', () => {
  it('downloads at most 60 KB of JavaScript before its first render, without the Video SDK or zod', () => {
    const html = readFileSync(join(WEB, 'index.html'), 'utf8');
    const scripts = [
      ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
      ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
    ].map((match) => match[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    let onTheWire = 0;
    for (const src of scripts) {
      onTheWire += readFileSync(join(WEB, `${src}.br`)).length;
      const code = readFileSync(join(WEB, src), 'utf8');
      expect(code, src).not.toMatch(/opentok|tokbox/i);
      expect(code, src).not.toContain('ZodError');
    }
    expect(onTheWire).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
