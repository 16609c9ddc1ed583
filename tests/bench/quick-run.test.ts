// The bench's harness in a brief run (`npm run bench -- --quick`), on every store the suite has.
// Its figures are not judged here: speed is measured by `npm run bench`, never asserted in a
// test. What is checked is that every scenario runs and is reported, and what the bench checks
// beside speed: no request failed, each order stored exactly once, every acknowledged order
// still there after the crash, every kitchen board reached.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { FailedStore, Report, StoreReport } from '../../bench/lib/report.js';
import { chromiumIsAvailable } from '../support/browser.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** `npm run bench -- --quick --out <dir>` as a person runs it: exit code and what it printed. */
async function quickBench(out: string): Promise<{ code: number | null; output: string }> {
  // Without the test runner's own variables (NODE_ENV=test, TEST_STORE …); MONGODB_URI stays.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(VITEST|NODE_ENV$|TEST_STORE$)/.test(key)),
  );
  // In a process group of its own, with the servers it starts: ended whole, however the test ends.
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['bench/run.ts', '--quick', '--out', out], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const endGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  onTestFinished(endGroup);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  endGroup();
  return { code, output };
}

function gitHead(): string {
  return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
}

function completed(store: StoreReport | FailedStore): StoreReport {
  if ('error' in store) throw new Error(`the ${store.store} run stopped: ${store.error}`);
  return store;
}

describe('npm run bench -- --quick', () => {
  it('runs every scenario on every store and reports them; no request fails, no order is lost or doubled, every queued text is taken', async () => {
    const out = await mkdtemp(join(tmpdir(), 'von-appetit-bench-'));
    onTestFinished(() => rm(out, { recursive: true, force: true }));
    const { code, output } = await quickBench(out);
    expect(code, output.slice(-3000)).toBe(0);

    const report = JSON.parse(await readFile(join(out, 'latest.json'), 'utf8')) as Report;
    expect(report.quick).toBe(true);
    expect(report.code?.commit).toBe(gitHead());
    expect(report.stores.map((s) => s.store)).toEqual(
      process.env.MONGODB_URI ? ['sqlite', 'mongodb'] : ['sqlite'],
    );
    for (const store of report.stores.map(completed)) {
      const loads = {
        ceiling: store.ceilings.bareFastifyMenu,
        menu: store.menu,
        menuConditional: store.menuConditional,
        orders: store.orders,
        status: store.status,
        menuDuringStorm: store.loginStorm.menu,
      };
      for (const [name, load] of Object.entries(loads)) {
        expect({ name, answered: load.ok > 0, failed: load.failed }).toEqual({
          name,
          answered: true,
          failed: 0,
        });
      }
      expect(store.ceilings.storeInsertsPerSecond).toBeGreaterThan(0);
      expect(store.loginStorm.logins).toBeGreaterThan(0);

      const orders = store.orders;
      expect(orders.acknowledgedTotal).toBeGreaterThanOrEqual(orders.ok);
      expect(orders.storedTotal).toBeGreaterThanOrEqual(orders.acknowledgedTotal);
      expect(orders.duplicateOrders).toBe(0);
      expect(orders.acknowledgedMissingBeforeCrash).toBe(0);
      expect(orders.acknowledgedMissingAfterCrash).toBe(0);
      expect(orders.replays).toBeGreaterThan(0);
      expect(orders.replaysAnsweredConsistently).toBe(orders.replays);

      if ('error' in store.fanOut)
        throw new Error(`the ${store.store} fan-out failed: ${store.fanOut.error}`);
      // As many texts taken as were queued (the budget's daily count of accepted texts): a lost
      // one shows; a duplicate beside a loss would not, which the relay's own tests cover.
      if ('error' in store.drain) throw new Error(`the ${store.store} drain failed: ${store.drain.error}`);
      expect(store.drain.sent).toBe(store.drain.texts);
    }

    // The menu page on a phone: Lighthouse ran once and said what it measured.
    const phone = report.phone;
    if (chromiumIsAvailable()) {
      if (!phone || !('median' in phone)) throw new Error(`no phone figures: ${JSON.stringify(phone)}`);
      expect(phone.runs).toBe(1);
      expect(phone.median.largestContentfulPaintMs).toBeGreaterThan(0);
      expect(phone.median.transferBytes).toBeGreaterThan(0);
      expect(phone.median.requests).toBeGreaterThan(0);
    }

    const markdown = await readFile(join(out, 'latest.md'), 'utf8');
    expect(markdown).toMatch(/^# Bench report \(quick smoke run: figures not comparable\)/);
    expect(markdown).toContain('| Target | Measured | Met |');
    expect(markdown).toContain(`commit ${gitHead().slice(0, 12)}`);
    for (const store of report.stores) {
      expect(markdown).toContain(store.store === 'sqlite' ? '### SQLite' : '### MongoDB');
    }
    expect(markdown).toContain('### The menu page on a phone');
  });
});
