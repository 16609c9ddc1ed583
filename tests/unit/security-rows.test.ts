// Every security requirement the code and the tests cite, as `(SEC-16)` or `it('… (R4, L7)')`,
// is a row of docs/security.md: a citation of a row nobody wrote fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
/** An id, or a range of them: `SEC-16`, `SEC-01…07`, `R4`, `P1–P5` (not `%A4`, a URL's byte). */
const ID =
  /(?<![%\w-])(?:(SEC|REL)-(\d{2})(?:…(\d{2}))?|(R|L|O|S|D|A|RT|W|DB|P|G|LD|H)(\d{1,2})(?:[–…](?:\4)?(\d{1,2}))?)(?![\w-])/g;

/** Every id in `from`…`to` of one family, written as the rows are. */
function expand(family: string, from: string, to: string | undefined, width: number): string[] {
  const ids: string[] = [];
  const pad = (n: number) => String(n).padStart(width, '0');
  for (let n = Number(from); n <= Number(to ?? from); n += 1) ids.push(`${family}${pad(n)}`);
  return ids;
}

/** The ids a text cites: every id written inside brackets, ranges spelled out. */
function citedIds(text: string): string[] {
  const ids: string[] = [];
  for (const [, inside = ''] of text.matchAll(/\(([^()]{1,160})\)/g)) {
    for (const [, dashed, from, to, family, first, last] of inside.matchAll(ID)) {
      if (dashed && from) ids.push(...expand(`${dashed}-`, from, to, 2));
      else if (family && first) ids.push(...expand(family, first, last, 1));
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

  it('read a citation as every id in brackets, ranges spelled out, and nothing else', () => {
    expect(citedIds("it('refuses a reused key (D7)')")).toEqual(['D7']);
    expect(citedIds('// logs (L10, G4) and sessions (SEC-01…03)')).toEqual([
      'L10',
      'G4',
      'SEC-01',
      'SEC-02',
      'SEC-03',
    ]);
    expect(citedIds('(RT4 and H1)')).toEqual(['RT4', 'H1']);
    expect(citedIds('(SEC-16: no state change on GET) (the rows P1–P3; see H2)')).toEqual([
      'SEC-16',
      'P1',
      'P2',
      'P3',
      'H2',
    ]);
    // No citation: outside brackets, a URL's escaped byte, a longer word, a call's arguments.
    expect(citedIds("H5 fetch('/orders/%E0%A4%A?x=1') (PA1, R2D2) f(a, b) (MP3)")).toEqual([]);
  });
});
