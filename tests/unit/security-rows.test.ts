// Every security requirement the code and the tests cite, as `(SEC-16)` or `it('… (R4, L7)')`,
// is a row of docs/security.md: a citation of a row nobody wrote fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const ID = /^(?:(?:SEC|REL)-\d{2}(?:…\d{2})?|(?:R|L|O|S|D|A|RT|W|DB|P|G|LD|H)\d{1,2})$/;

/** The ids a text cites: brackets whose every part is an id (`SEC-01…07` stands for a range). */
function citedIds(text: string): string[] {
  const ids: string[] = [];
  for (const [, inside = ''] of text.matchAll(/\(([^()]{1,80})\)/g)) {
    const parts = inside.split(/,\s*|\s+and\s+/).map((part) => part.trim());
    if (parts.length === 0 || !parts.every((part) => ID.test(part))) continue;
    for (const part of parts) {
      const range = /^(SEC|REL)-(\d{2})…(\d{2})$/.exec(part);
      if (!range) {
        ids.push(part);
        continue;
      }
      const [, family = '', from = '0', to = '0'] = range;
      for (let n = Number(from); n <= Number(to); n += 1) ids.push(`${family}-${String(n).padStart(2, '0')}`);
    }
  }
  return ids;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|vue)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the security requirements (docs/security.md)', () => {
  it('define every id cited anywhere in src/ and tests/', () => {
    const rows = new Set(
      [...readFileSync(join(ROOT, 'docs/security.md'), 'utf8').matchAll(/^\| ([A-Z]+-?\d+) +\|/gm)].map(
        ([, id]) => id,
      ),
    );
    const missing: string[] = [];
    let cited = 0;
    // This file's own examples below are no citations.
    const files = [...sourceFiles('src'), ...sourceFiles('tests')].filter((f) => f !== import.meta.filename);
    for (const file of files) {
      for (const id of citedIds(readFileSync(file, 'utf8'))) {
        cited += 1;
        if (!rows.has(id)) missing.push(`${id} in ${relative(ROOT, file)}`);
      }
    }
    expect(cited).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('read a citation as the ids in brackets, and nothing else', () => {
    expect(citedIds("it('refuses a reused key (D7)')")).toEqual(['D7']);
    expect(citedIds('// logs (L10, G4) and sessions (SEC-01…03)')).toEqual([
      'L10',
      'G4',
      'SEC-01',
      'SEC-02',
      'SEC-03',
    ]);
    expect(citedIds('(RT4 and H1)')).toEqual(['RT4', 'H1']);
    // Brackets holding anything else are no citation: a URL, prose, a call.
    expect(citedIds("fetch('/orders/%E0%A4%A?x=1') (a note) f(a, b) (L1 in prose)")).toEqual([]);
  });
});
