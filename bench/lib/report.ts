// The bench report: every scenario beside its ceiling and its target, in markdown.
import type { LoadSummary } from './load.js';
import type { PhoneFigures, PhoneSkipped } from './phone.js';

interface ProcessFigures {
  rssMb: number;
  eventLoopDelayP99Ms: number;
  dbCommandsPerRequest?: number;
}

export interface StoreReport {
  store: 'sqlite' | 'mongodb';
  ceilings: {
    bareFastifyMenu: LoadSummary;
    storeInsertsPerSecond: number;
    /** MongoDB: a plain handler's order (the session by `_id`, one insert) on the same database. */
    plainOrder?: LoadSummary;
    /** MongoDB: a plain handler's `findOne` by `_id` in the same orders. */
    findOneById?: LoadSummary;
  };
  menu: LoadSummary & { process: ProcessFigures };
  menuConditional: LoadSummary & { process: ProcessFigures };
  orders: LoadSummary & {
    process: ProcessFigures;
    acknowledgedTotal: number;
    /** Stored: the acknowledged ones, and those the run's end cut off before their answer arrived. */
    storedTotal: number;
    duplicateOrders: number;
    acknowledgedMissingBeforeCrash: number;
    acknowledgedMissingAfterCrash: number;
    replays: number;
    replaysAnsweredConsistently: number;
  };
  status: LoadSummary & { process: ProcessFigures };
  loginStorm: { menu: LoadSummary; logins: number; loginsPerSecond: number; process: ProcessFigures };
  fanOut: FanOutFigures | { error: string };
  drain: DrainFigures | { error: string };
  /** MongoDB on a database kept across runs (--mongodb-database): the orders it held at the start. */
  ordersAtStart?: number;
}

export interface DrainFigures {
  /** Queued before the app started, one per order. */
  texts: number;
  /** Taken by the provider when the measurement ended (all of them, unless it timed out). */
  sent: number;
  /** From the app's start until the last was taken. */
  seconds: number;
  textsPerSecond: number;
  /** The pace the relay was given (SMS_SENDS_PER_SECOND). */
  sendsPerSecond: number;
  process: ProcessFigures;
}

export interface FanOutFigures {
  clients: number;
  orders: number;
  toLastClientMs: { p50: number; p99: number; max: number };
  toEachClientMs: { p50: number; p99: number };
  process: ProcessFigures;
  /** A second after the boards left: what the scenario leaves behind. */
  rssAfterMb: number;
  /** The Vonage simulator's own process then (not the server's: Vonage is outside a deployed app). */
  simulatorRssMb: number | null;
}

/** A store whose run stopped half-way: what went wrong. */
export interface FailedStore {
  store: 'sqlite' | 'mongodb';
  error: string;
}

export interface Report {
  at: string;
  quick: boolean;
  plan: {
    connections: number;
    seconds: number;
    warmupSeconds: number;
    boardClients: number;
    fanOutOrders: number;
    drainTexts: number;
  };
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  /** How the server was started (as `npm start` does). */
  launch: { nodeArgs: string[]; env: Record<string, string> };
  stores: (StoreReport | FailedStore)[];
  /** The menu page on a phone (absent from reports written before it was measured). */
  phone?: PhoneFigures | PhoneSkipped | { error: string };
  tookSeconds: number;
  /** The code measured: its git commit, and whether the tree had changes beside it (absent outside git). */
  code?: { commit: string; changed: boolean };
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

const pct = (ratio: number) => `${Math.round(ratio * 1000) / 10} %`;

/** The speed targets (docs/performance.md), judged on one store's figures (they are set for SQLite). */
export function checkTargets(s: StoreReport): TargetCheck[] {
  const menuRatio = s.menu.requestsPerSecond / Math.max(1, s.ceilings.bareFastifyMenu.requestsPerSecond);
  const exactlyOnce =
    s.orders.duplicateOrders === 0 &&
    s.orders.acknowledgedMissingBeforeCrash === 0 &&
    s.orders.replaysAnsweredConsistently === s.orders.replays &&
    s.orders.failed === 0;
  return [
    {
      target: 'Menu read ≥ 60 % of bare Fastify',
      measured: `${s.menu.requestsPerSecond} / ${s.ceilings.bareFastifyMenu.requestsPerSecond} req/s = ${pct(menuRatio)}`,
      met: menuRatio >= 0.6,
    },
    {
      target: 'Menu read p99 ≤ 5 ms',
      measured: `${s.menu.latencyMs.p99} ms (bare Fastify's own p99 in this run: ${s.ceilings.bareFastifyMenu.latencyMs.p99} ms)`,
      met: s.menu.latencyMs.p99 <= 5,
    },
    {
      target: 'Orders ≥ 5,000/s',
      measured: `${s.orders.requestsPerSecond} orders/s`,
      met: s.orders.requestsPerSecond >= 5000,
    },
    {
      target: 'Orders p99 ≤ 20 ms',
      measured: `${s.orders.latencyMs.p99} ms`,
      met: s.orders.latencyMs.p99 <= 20,
    },
    {
      target: 'Exactly once per Idempotency-Key',
      measured: `${s.orders.acknowledgedTotal} acknowledged, all stored (${s.orders.acknowledgedMissingBeforeCrash} missing), ${s.orders.duplicateOrders} duplicates among ${s.orders.storedTotal} stored; ${s.orders.replaysAnsweredConsistently}/${s.orders.replays} replays answered the same order; ${s.orders.failed} failed`,
      met: exactlyOnce,
    },
    {
      target: 'Every acknowledged order survives a crash (SIGKILL)',
      measured: `${s.orders.acknowledgedTotal - s.orders.acknowledgedMissingAfterCrash} of ${s.orders.acknowledgedTotal} after restart`,
      met: s.orders.acknowledgedMissingAfterCrash === 0,
    },
    'error' in s.fanOut
      ? { target: 'Fan-out p99 ≤ 50 ms to the last board', measured: s.fanOut.error, met: false }
      : {
          target: 'Fan-out p99 ≤ 50 ms to the last board',
          measured: `${s.fanOut.toLastClientMs.p99} ms (${s.fanOut.clients} boards)`,
          met: s.fanOut.toLastClientMs.p99 <= 50,
        },
    'error' in s.drain
      ? { target: 'Queued texts drained at 30/s ≤ 40 s', measured: s.drain.error, met: false }
      : {
          target: `${s.drain.texts} queued texts drained at ${s.drain.sendsPerSecond}/s in ≤ ${(40 * s.drain.texts) / 1000} s`,
          measured: `${s.drain.sent} in ${s.drain.seconds} s (${s.drain.textsPerSecond}/s)`,
          met: s.drain.sent === s.drain.texts && s.drain.seconds <= (40 * s.drain.texts) / 1000,
        },
    {
      target: 'Menu p99 ≤ 10 ms during the login storm',
      measured: `${s.loginStorm.menu.latencyMs.p99} ms (${s.loginStorm.loginsPerSecond} logins/s; without the storm, ${s.menu.latencyMs.p99} ms)`,
      met: s.loginStorm.menu.latencyMs.p99 <= 10,
    },
    'error' in s.fanOut
      ? { target: 'RSS ≤ 150 MB after fan-out', measured: 'no fan-out figures', met: false }
      : {
          target: 'RSS ≤ 150 MB after fan-out',
          measured: `${s.fanOut.rssAfterMb} MB`,
          met: s.fanOut.rssAfterMb <= 150,
        },
  ];
}

function loadRow(name: string, run: LoadSummary, extra = ''): string {
  return `| ${name} | ${run.requestsPerSecond} | ${run.latencyMs.p50} | ${run.latencyMs.p99} | ${run.failed} | ${extra} |`;
}

/** "; 42 % of <what>" beside a ceiling of the same run, or nothing without one. */
function beside(run: LoadSummary, ceiling: LoadSummary | undefined, what: string): string {
  return ceiling ? `; ${pct(run.requestsPerSecond / Math.max(1, ceiling.requestsPerSecond))} of ${what}` : '';
}

function storeSection(s: StoreReport, judged: boolean): string {
  const ceiling = s.ceilings.bareFastifyMenu.requestsPerSecond;
  const ratio = (run: LoadSummary) => pct(run.requestsPerSecond / Math.max(1, ceiling));
  const proc = (p: ProcessFigures) =>
    `RSS ${p.rssMb} MB, loop delay p99 ${p.eventLoopDelayP99Ms} ms` +
    (p.dbCommandsPerRequest === undefined ? '' : `, ${p.dbCommandsPerRequest} database commands per request`);
  const lines = [
    `### ${s.store === 'sqlite' ? 'SQLite' : 'MongoDB'}`,
    '',
    ...(s.ordersAtStart === undefined
      ? []
      : [`On a database kept across runs, holding ${s.ordersAtStart} orders at the start.`, '']),
    '| Scenario | req/s | p50 ms | p99 ms | failed | beside its ceiling; the server at the end |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    loadRow('Ceiling: bare Fastify, same menu JSON', s.ceilings.bareFastifyMenu, '100 %'),
    loadRow('1. Menu read', s.menu, `${ratio(s.menu)} of bare Fastify; ${proc(s.menu.process)}`),
    loadRow(
      '1b. Menu read, If-None-Match (304)',
      s.menuConditional,
      `${ratio(s.menuConditional)}; ${proc(s.menuConditional.process)}`,
    ),
    ...(s.ceilings.plainOrder
      ? [loadRow('Ceiling: plain order (session by `_id`, one insert)', s.ceilings.plainOrder, '100 %')]
      : []),
    loadRow(
      '2. Order placement',
      s.orders,
      `${pct(s.orders.requestsPerSecond / Math.max(1, s.ceilings.storeInsertsPerSecond))} of the store's raw ${s.ceilings.storeInsertsPerSecond} inserts/s${beside(s.orders, s.ceilings.plainOrder, 'the plain order')}; ${proc(s.orders.process)}`,
    ),
    ...(s.ceilings.findOneById
      ? [loadRow('Ceiling: `findOne` by `_id` in the same orders', s.ceilings.findOneById, '100 %')]
      : []),
    loadRow(
      '3. Order status read by its owner',
      s.status,
      `${beside(s.status, s.ceilings.findOneById, '`findOne` by `_id`').replace(/^; /, '')}${s.ceilings.findOneById ? '; ' : ''}${proc(s.status.process)}`,
    ),
    loadRow(
      '4. Menu read during a login storm',
      s.loginStorm.menu,
      `${s.loginStorm.loginsPerSecond} argon2id logins/s (20 at a time); ${proc(s.loginStorm.process)}`,
    ),
    '',
    'error' in s.fanOut
      ? `5. Fan-out: the run stopped: ${s.fanOut.error}.`
      : `5. Fan-out: ${s.fanOut.orders} orders to ${s.fanOut.clients} kitchen boards on the event stream — to the last board p50 ${s.fanOut.toLastClientMs.p50} ms, p99 ${s.fanOut.toLastClientMs.p99} ms (max ${s.fanOut.toLastClientMs.max}); to each board p50 ${s.fanOut.toEachClientMs.p50} ms, p99 ${s.fanOut.toEachClientMs.p99} ms. ${proc(s.fanOut.process)} (the boards still connected); RSS a second after they left ${s.fanOut.rssAfterMb} MB (the Vonage simulator, in its own process, ${s.fanOut.simulatorRssMb === null ? 'had stopped' : `${s.fanOut.simulatorRssMb} MB`}).`,
    '',
    'error' in s.drain
      ? `6. Relay drain: the run stopped: ${s.drain.error}.`
      : `6. Relay drain: ${s.drain.texts} texts queued in a fresh database before the app started, at SMS_SENDS_PER_SECOND ${s.drain.sendsPerSecond} — ${s.drain.sent} taken by the provider in ${s.drain.seconds} s from the app's start (${s.drain.textsPerSecond} texts/s). ${proc(s.drain.process)}${s.drain.process.dbCommandsPerRequest === undefined ? '' : ' (per text: its claim, send record, budget, delivery reports, live events, and the start-up)'}.`,
    '',
  ];
  if (judged) {
    lines.push('| Target | Measured | Met |', '| --- | --- | :---: |');
    for (const check of checkTargets(s))
      lines.push(`| ${check.target} | ${check.measured} | ${check.met ? '✅' : '❌'} |`);
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * The menu page before the work on phones (issue 24): as the December 2026 review measured it
 * (no compression at all), and in this harness on the build that first compressed the scripts
 * and stylesheet (commit d3fd907), 40 dishes.
 */
const PHONE_BEFORE = {
  review: { lcpMs: 2400, requests: 14, kib: 353 },
  compressedOnly: { lcpMs: 2410, requests: 24, kib: 129.7, performance: 91, tbtMs: 275, cls: 0 },
};

function phoneSection(phone: Report['phone']): string[] {
  if (!phone) return [];
  const title = '### The menu page on a phone';
  if ('error' in phone) return [title, '', `The run stopped: ${phone.error}`, ''];
  if ('skipped' in phone) return [title, '', `Not measured: ${phone.skipped}.`, ''];
  const m = phone.median;
  const { review, compressedOnly: before } = PHONE_BEFORE;
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  return [
    title,
    '',
    `Lighthouse 12 on Debian's Chromium, mobile, its default simulated throttling (150 ms round trips, 1.6 Mbps down, 750 kbps up: "fast 3G"; CPU 4× slower), \`/website/order\` with 40 dishes in 6 sections (7 with photos). The median of ${String(phone.runs)} run${phone.runs === 1 ? '' : 's'} by LCP (all: ${phone.largestContentfulPaintsMs.join(', ')} ms).`,
    '',
    '| | Review, Dec 2026 (nothing compressed) | Scripts compressed (d3fd907) | This run |',
    '| --- | --- | --- | --- |',
    `| Largest Contentful Paint | ${String(review.lcpMs)} ms | ${String(before.lcpMs)} ms | **${String(Math.round(m.largestContentfulPaintMs))} ms** (target ≤ 1500) |`,
    `| Bytes on the wire | ~${String(review.kib)} KiB | ${String(before.kib)} KiB | ${kib(m.transferBytes)} |`,
    `| Requests | ${String(review.requests)} | ${String(before.requests)} | ${String(m.requests)} |`,
    `| First Contentful Paint | | | ${String(Math.round(m.firstContentfulPaintMs))} ms |`,
    `| Total Blocking Time | | ${String(before.tbtMs)} ms | ${String(Math.round(m.totalBlockingTimeMs))} ms |`,
    `| Cumulative Layout Shift | | ${before.cls.toFixed(3)} | ${m.cumulativeLayoutShift.toFixed(3)} |`,
    `| Performance / accessibility / best practices | | ${String(before.performance)} / 100 / 100 | ${String(m.scores.performance)} / ${String(m.scores.accessibility)} / ${String(m.scores['best-practices'])} |`,
    '',
  ];
}

export function renderReport(report: Report): string {
  const { machine, plan } = report;
  const code = report.code
    ? ` · commit ${report.code.commit.slice(0, 12)}${report.code.changed ? ' with uncommitted changes' : ''}`
    : '';
  return [
    `# Bench report${report.quick ? ' (quick smoke run: figures not comparable)' : ''}`,
    '',
    `${report.at} · ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node} · ${plan.connections} connections, ${plan.seconds} s per scenario after ${plan.warmupSeconds} s of warm-up · took ${report.tookSeconds} s${code}.`,
    '',
    "The load generator runs on the same machine as the server, so every figure is read beside a ceiling measured in the same run. Latencies are autocannon's, from the client side, in milliseconds.",
    '',
    `The server is the production build under plain node, with \`npm start\`'s node flags and allocator setting: \`${[...Object.entries(report.launch.env).map(([k, v]) => `${k}=${v}`), 'node', ...report.launch.nodeArgs].join(' ')}\`. Its comms are the sandbox's, with the Vonage simulator in a process of its own (\`npm run vonage-sim -- --credentials …\`, the server given \`VONAGE_SIMULATOR_URL\`) rather than inside the server as \`npm start\` has it in sandbox mode: a deployed app has Vonage outside, so the server's figures are the app's alone (the simulator's RSS is given beside the fan-out). \`NODE_ENV\` is \`development\` because \`production\` refuses sandbox comms and cookies without \`Secure\` over plain HTTP; in what it serves, production differs only by the HSTS header and the cookie's \`Secure\` flag.`,
    '',
    'What bounds each figure: docs/performance.md; what earlier runs found and fixed: bench/results/history.md.',
    '',
    ...report.stores.map((s) =>
      'error' in s
        ? `### ${s.store === 'sqlite' ? 'SQLite' : 'MongoDB'}\n\nThe run stopped: ${s.error}\n`
        : storeSection(s, s.store === 'sqlite'),
    ),
    ...phoneSection(report.phone),
  ].join('\n');
}
