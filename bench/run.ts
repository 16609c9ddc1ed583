// `npm run bench`: the app's speed as measured facts. Builds the app if stale, runs it in a child process
// (sandbox comms, logging at warn) on SQLite — and on MongoDB when MONGODB_URI is set — and
// drives it with autocannon and plain HTTP clients from this process. Every figure stands next
// to a ceiling measured in the same run (a bare Fastify server, the store's raw insert rate),
// because this 2-core machine is shared with the load generator and noisy. Last, the menu page
// as a phone on a slow connection loads it (Lighthouse, bench/lib/phone.ts).
//
//   npm run bench                 full run (about 4 minutes per store)
//   npm run bench -- --quick      a smoke run: short scenarios, fewer clients (seconds)
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Request } from 'autocannon';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../src/server/config/config.js';
import type { Store } from '../src/server/ports/store.js';
import { newTextMessage, type NewOrder } from '../src/server/domain/order.js';
import { openStore } from '../src/server/setup/store.js';
import { buildIfStale } from '../scripts/build-if-stale.js';
import { freePort, serverLaunch, startProcess, stopAll, type RunningProcess } from './lib/app-process.js';
import { openBoardClients } from './lib/board-clients.js';
import { measureMenuOnAPhone, type PhoneFigures, type PhoneSkipped } from './lib/phone.js';
import { runLoad, warmThenRun, type LoadSummary } from './lib/load.js';
import {
  renderReport,
  type DrainFigures,
  type FailedStore,
  type FanOutFigures,
  type StoreReport,
} from './lib/report.js';
import { seedSessions, type SeededSession } from './lib/seed.js';

const ROOT = resolve(import.meta.dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results');
const HAMBURGER = '5eed00000000000000000001';
const SODA = '5eed00000000000000000002';
/** Progress on standard output. */
const say = (line: string) => process.stdout.write(`${line}\n`);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    /** CPU profiles of the app (--cpu-prof) into bench/results/profiles; the crash step stops gracefully instead. */
    profile: { type: 'boolean', default: false },
    /**
     * MongoDB: run on this database and keep it (it is made when missing), so that runs one
     * after another measure a database that grows; the report says how many orders it held.
     */
    'mongodb-database': { type: 'string' },
    /** Only this store (sqlite or mongodb). */
    store: { type: 'string' },
  },
});
const KEPT_DATABASE = flags['mongodb-database'];
if (flags.store !== undefined && flags.store !== 'sqlite' && flags.store !== 'mongodb') {
  throw new Error(`--store must be sqlite or mongodb, not ${flags.store}`);
}
if ((flags.store === 'mongodb' || KEPT_DATABASE !== undefined) && !process.env.MONGODB_URI) {
  throw new Error('MongoDB runs need MONGODB_URI');
}
/** Names made by this run (accounts), apart from those of earlier runs on a kept database. */
const RUN = Date.now().toString(36);
const QUICK = flags.quick;
const PLAN = {
  connections: QUICK ? 10 : 50,
  seconds: QUICK ? 2 : 10,
  warmupSeconds: QUICK ? 1 : 3,
  boardClients: QUICK ? 50 : 1000,
  // 200, so that the p99 is not simply the slowest of them (of 60, it would be).
  fanOutOrders: QUICK ? 5 : 200,
  stormLogins: 20,
  insertSeconds: QUICK ? 1 : 3,
  drainTexts: QUICK ? 60 : 1000,
};

interface ProcessFigures {
  rssMb: number;
  eventLoopDelayP99Ms: number;
  /** MongoDB: database commands sent per request of the scenario, its background work included. */
  dbCommandsPerRequest?: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const round = (value: number) => Math.round(value * 100) / 100;

/** Database commands the app sent since it started (`/metrics`), or `null` when it sends none. */
async function dbCommandsSent(app: RunningProcess): Promise<number | null> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const counts = [...text.matchAll(/^von_appetit_db_commands_total\{[^}]*\} (\d+)$/gm)];
  return counts.length === 0 ? null : counts.reduce((sum, [, count]) => sum + Number(count), 0);
}

/** Where each app's command count stood when its current scenario began. */
const commandsAtStart = new Map<RunningProcess, number | null>();

/**
 * The server's figures for the scenario that began at the last reset; `requests`: how many it
 * sent, for the commands per request (MongoDB).
 */
async function processFigures(app: RunningProcess, requests?: number): Promise<ProcessFigures> {
  const response = await fetch(`${app.url}/internal/metrics?reset=true`);
  const metrics = (await response.json()) as { eventLoopDelayMs: { p99: number } };
  const figures: ProcessFigures = {
    rssMb: mb(app.rssBytes()),
    eventLoopDelayP99Ms: metrics.eventLoopDelayMs.p99,
  };
  const [before, now] = [commandsAtStart.get(app), await dbCommandsSent(app)];
  if (requests && typeof before === 'number' && now !== null) {
    figures.dbCommandsPerRequest = Math.round(((now - before) / requests) * 10) / 10;
  }
  commandsAtStart.set(app, now);
  return figures;
}

async function resetMetrics(app: RunningProcess): Promise<void> {
  await fetch(`${app.url}/internal/metrics?reset=true`);
  commandsAtStart.set(app, await dbCommandsSent(app));
}

const sent = (run: LoadSummary & { warmupRequests?: number }) =>
  run.ok + run.failed + (run.warmupRequests ?? 0);

interface StoredOrders {
  total: number;
  /** Orders per Idempotency-Key beyond the first: must be 0. */
  duplicates: number;
  ids: Set<string>;
}

/**
 * Every order of the bench's customers, read through the port (the code the app reads with).
 * A check, not a figure: a minute per read, as on a test server without our indexes each scans
 * every order while the app's relay still drains the run's texts.
 */
async function storedOrders(env: Record<string, string>, customers: SeededSession[]): Promise<StoredOrders> {
  const store = await openStore(loadConfig({ ...env, MONGODB_TIMEOUT_MS: '60000' }), quiet);
  try {
    await store.whenReady();
    const ids = new Set<string>();
    const keys = new Set<string>();
    let total = 0;
    for (const userId of new Set(customers.map((c) => c.userId))) {
      for (const order of await store.orders.listOfUser({ userId, limit: 10_000_000 })) {
        total += 1;
        ids.add(order.id);
        keys.add(`${userId}|${order.idempotencyKey ?? order.id}`);
      }
    }
    return { total, duplicates: total - keys.size, ids };
  } finally {
    await store.close();
  }
}

/** An order as the store takes it, written straight in: one Hamburger, nothing owed. */
function benchOrder(at: Date, number: string): NewOrder {
  return {
    userId: '0123456789abcdef01234567',
    customerName: 'bench',
    number,
    items: [{ itemId: HAMBURGER, name: 'Hamburger', unitPrice: 995, quantity: 1 }],
    total: 995,
    status: 'received',
    statusHistory: [{ status: 'received', at }],
    orderTime: at,
    lastUpdated: at,
    idempotencyKey: randomUUID(),
    requestHash: 'bench',
    notifications: [],
    outboxDueAt: null,
    version: 0,
    statusVersion: 0,
    calls: [],
    charges: null,
    pickup: null,
    messages: [],
  };
}

/** The store alone, without HTTP: orders inserted by 50 concurrent writers for a few seconds. */
async function rawInsertRate(env: Record<string, string>): Promise<number> {
  const store: Store = await openStore(loadConfig(env), quiet);
  await store.whenReady();
  const at = new Date();
  const until = Date.now() + PLAN.insertSeconds * 1000;
  let inserted = 0;
  const writer = async () => {
    while (Date.now() < until) {
      await store.orders.add({ order: benchOrder(at, String(inserted)) });
      inserted += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: 50 }, writer));
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return Math.round(inserted / seconds);
}

/** Kitchen boards on the event stream, and how long each order takes to reach them all. */
async function measureFanOut(
  app: RunningProcess,
  simulator: RunningProcess,
  cookCookies: string[],
  placer: SeededSession,
): Promise<FanOutFigures> {
  const clients = await openBoardClients(app.url, cookCookies, PLAN.boardClients);
  try {
    await resetMetrics(app);
    const toLast: number[] = [];
    const toEach: number[] = [];
    for (let i = 0; i < PLAN.fanOutOrders; i += 1) {
      const response = await fetch(`${app.url}/api/website/order`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: placer.cookie,
          'x-csrf-token': placer.csrfToken,
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({ items: [{ id: SODA, quantity: 1 }] }),
      });
      const accepted = performance.now();
      const orderId = /"id":"([0-9a-f]{24})"/.exec(await response.text())?.[1] ?? '';
      const arrivals = await clients.arrivals(orderId);
      // From the order's acceptance (its 201 received); a board that heard of it even earlier counts 0.
      for (const at of arrivals) toEach.push(Math.max(0, at - accepted));
      toLast.push(Math.max(0, Math.max(...arrivals) - accepted));
      await new Promise((r) => setTimeout(r, 20));
    }
    const process = await processFigures(app);
    clients.close();
    // The server notices the boards leave and lets their connections go.
    await new Promise((r) => setTimeout(r, 1000));
    return {
      clients: PLAN.boardClients,
      orders: PLAN.fanOutOrders,
      toLastClientMs: {
        p50: round(percentile(toLast, 50)),
        p99: round(percentile(toLast, 99)),
        max: round(Math.max(...toLast)),
      },
      toEachClientMs: { p50: round(percentile(toEach, 50)), p99: round(percentile(toEach, 99)) },
      process,
      rssAfterMb: mb(app.rssBytes()),
      // A simulator that died leaves the server's figures standing.
      simulatorRssMb: (() => {
        try {
          return mb(simulator.rssBytes());
        } catch {
          return null;
        }
      })(),
    };
  } finally {
    clients.close();
  }
}

/** The server as `npm start` runs it: the same node flags and allocator setting. */
const LAUNCH = serverLaunch(ROOT);

/**
 * The Vonage simulator in its own process (`npm run vonage-sim`), as Vonage is outside a
 * deployed app: the server's figures are then the app's alone. It makes the sandbox credentials
 * file the app reads (VONAGE_SIMULATOR_URL), and posts delivery reports to the app's port.
 */
async function startSimulator(work: string, appPort: number): Promise<RunningProcess> {
  // The app's port is not taken yet (it starts after): never hand it to the simulator.
  let port = await freePort();
  while (port === appPort) port = await freePort();
  return startProcess({
    script: join(ROOT, 'dist/node/vonage-sim/cli.js'),
    scriptArgs: [
      '--port',
      String(port),
      '--status-url',
      `http://127.0.0.1:${appPort}/api/webhooks/vonage/message-status`,
      '--credentials',
      join(work, 'vonage-sandbox.json'),
    ],
    env: {},
    port,
    cwd: ROOT,
    // It prints every text it "sends".
    quiet: true,
  });
}

async function startApp(env: Record<string, string>): Promise<RunningProcess> {
  const profiling = flags.profile ? ['--cpu-prof', '--cpu-prof-dir', join(RESULTS, 'profiles')] : [];
  return startProcess({
    script: join(ROOT, 'dist/node/server/main.js'),
    nodeArgs: [...LAUNCH.nodeArgs, ...profiling],
    env: { ...LAUNCH.env, ...env },
    port: Number(env.PORT),
    readyPath: '/readyz',
    cwd: ROOT,
  });
}

/** Texts the relay has had accepted today (the text budget's daily count on `/metrics`). */
async function textsSentToday(app: RunningProcess): Promise<number> {
  const metrics = await (await fetch(`${app.url}/metrics`)).text();
  const line = /von_appetit_sms_budget_sent\{kind="notifications",window="day"\} (\d+)/.exec(metrics);
  return Number(line?.[1] ?? 0);
}

/**
 * The relay's drain: `PLAN.drainTexts` orders, each owing its confirmation, queued in a fresh
 * database before the app starts; the time from its start until the provider took every text.
 */
async function measureDrain(env: Record<string, string>): Promise<DrainFigures> {
  const store: Store = await openStore(loadConfig(env), quiet);
  await store.whenReady();
  const at = new Date();
  const queue = Array.from({ length: PLAN.drainTexts }, (_, i) => i);
  const writer = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      await store.orders.add({
        order: {
          ...benchOrder(at, String(i + 1)),
          notifications: [
            newTextMessage({
              id: 'n1',
              to: `+1555777${String(10_000 + i).slice(1)}`,
              text: `Von Appétit: order #${i + 1} received, total $9.95`,
              at,
            }),
          ],
          outboxDueAt: at,
        },
      });
    }
  };
  await Promise.all(Array.from({ length: 20 }, writer));
  await store.close();
  const started = performance.now();
  const app = await startApp(env);
  // Every command since the app started counts, its start-up's too.
  commandsAtStart.set(app, 0);
  try {
    const deadline = started + 180_000;
    let sent = 0;
    while (sent < PLAN.drainTexts && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      sent = await textsSentToday(app);
    }
    const seconds = round((performance.now() - started) / 1000);
    return {
      texts: PLAN.drainTexts,
      sent,
      seconds,
      textsPerSecond: round(sent / seconds),
      sendsPerSecond: Number(env.SMS_SENDS_PER_SECOND),
      process: await processFigures(app, sent),
    };
  } finally {
    await app.stop();
  }
}

/**
 * What every app the bench starts is given: sandbox comms, logging at warn, plain HTTP (cookies
 * without `Secure`), its port and a data directory of its own.
 */
function appEnv(port: number, work: string): Record<string, string> {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: work,
    COOKIE_SECURE: 'false',
  };
}

async function benchStore(kind: 'sqlite' | 'mongodb'): Promise<StoreReport> {
  const work = mkdtempSync(join(tmpdir(), `von-appetit-bench-${kind}-`));
  const port = await freePort();
  const dbName = KEPT_DATABASE ?? `bench_${Date.now()}`;
  const env: Record<string, string> = {
    ...appEnv(port, work),
    EXPOSE_METRICS: 'true',
    // Login storm clients each come from their own address (X-Forwarded-For, one proxy hop).
    TRUST_PROXY_HOPS: '1',
    // The restaurant's text ceilings lifted: thousands of orders a second text their customers
    // as a real evening never would, and the relay's work is part of what is measured.
    SMS_NOTIFICATIONS_PER_HOUR: '1000000',
    SMS_NOTIFICATIONS_PER_DAY: '1000000',
    SMS_CODES_PER_HOUR: '1000000',
    SMS_CODES_PER_DAY: '1000000',
    // Vonage's default limit, said here because the drain is measured against it.
    SMS_SENDS_PER_SECOND: '30',
    ...(kind === 'mongodb'
      ? { MONGODB_URI: process.env.MONGODB_URI ?? '', MONGODB_DB: dbName }
      : { SQLITE_FILE: join(work, 'bench.db') }),
  };
  const scratchEnv = {
    ...env,
    ...(kind === 'mongodb' ? { MONGODB_DB: `${dbName}_raw` } : { SQLITE_FILE: join(work, 'raw.db') }),
  };
  say(`\n== ${kind} ==`);
  let simulator: RunningProcess | undefined;
  try {
    // A kept database holds the orders of earlier runs: how many, for the report.
    let ordersAtStart: number | undefined;
    if (kind === 'mongodb' && KEPT_DATABASE !== undefined) {
      const client = new MongoClient(process.env.MONGODB_URI ?? '');
      ordersAtStart = await client.db(dbName).collection('orders').countDocuments();
      await client.close();
    }
    // Accounts and sessions first; the app then starts on that database.
    const seedStore = await openStore(loadConfig(env), quiet);
    await seedStore.whenReady();
    const customers = await seedSessions(seedStore, {
      role: 'customer',
      accounts: PLAN.connections,
      sessionsPerAccount: 1,
      prefix: `bench-customer-${RUN}`,
    });
    const boards = await seedSessions(seedStore, {
      role: 'staff',
      accounts: 1,
      sessionsPerAccount: Math.ceil(PLAN.boardClients / 5),
      prefix: `bench-cook-${RUN}`,
    });
    await seedStore.close();

    simulator = await startSimulator(work, port);
    env.VONAGE_SIMULATOR_URL = simulator.url;
    let app = await startApp(env);
    const menuJson = await (await fetch(`${app.url}/api/menu`)).text();
    const etag = (await fetch(`${app.url}/api/menu`)).headers.get('etag') ?? '';

    // Ceiling: the bare framework serving the same bytes.
    const menuFile = join(work, 'menu.json');
    writeFileSync(menuFile, menuJson);
    const barePort = await freePort();
    const bare = await startProcess({
      script: join(ROOT, 'bench/bare-server.ts'),
      nodeArgs: ['--import', 'tsx'],
      env: { BENCH_MENU_FILE: menuFile },
      port: barePort,
      readyPath: '/readyz',
      cwd: ROOT,
    });
    const base = { connections: PLAN.connections, durationSeconds: PLAN.seconds };
    say('ceiling: bare Fastify menu');
    const ceiling = await warmThenRun({ ...base, url: `${bare.url}/api/menu` }, PLAN.warmupSeconds);
    await bare.stop();

    say('1. menu read');
    await resetMetrics(app);
    const menu = await warmThenRun({ ...base, url: `${app.url}/api/menu` }, PLAN.warmupSeconds);
    const menuProcess = await processFigures(app, sent(menu));
    say('1b. menu read, conditional (ETag)');
    const menuConditional = await runLoad({
      ...base,
      url: `${app.url}/api/menu`,
      headers: { 'if-none-match': etag },
    });
    const conditionalProcess = await processFigures(app, sent(menuConditional));

    // MongoDB: the plain handler beside the app, on the same database (bare-server.ts).
    const plain =
      kind === 'mongodb'
        ? await startProcess({
            script: join(ROOT, 'bench/bare-server.ts'),
            nodeArgs: ['--import', 'tsx'],
            env: { BENCH_MONGODB_URI: process.env.MONGODB_URI ?? '', BENCH_MONGODB_DB: dbName },
            port: await freePort(),
            readyPath: '/readyz',
            cwd: ROOT,
          })
        : undefined;
    let plainOrder: LoadSummary | undefined;
    if (plain) {
      say('ceiling: the plain two-command order (session by _id, one insert)');
      let nextCustomer = 0;
      const plainRequests: Request[] = [
        {
          method: 'POST',
          path: '/plain/order',
          setupRequest: (request, context) => {
            const ctx = context as { session?: SeededSession };
            ctx.session ??= customers[nextCustomer++ % customers.length];
            return {
              ...request,
              headers: {
                ...request.headers,
                'content-type': 'application/json',
                cookie: ctx.session?.cookie ?? '',
              },
              body: JSON.stringify({ items: [{ id: HAMBURGER, quantity: 1 }] }),
            };
          },
        },
      ];
      plainOrder = await warmThenRun(
        { ...base, url: plain.url, requests: plainRequests },
        PLAN.warmupSeconds,
      );
    }

    say('2. order placement');
    const acknowledged: { key: string; body: string; session: SeededSession; orderId: string }[] = [];
    const orderRequests: Request[] = [
      {
        method: 'POST',
        path: '/api/website/order',
        setupRequest: (request, context) => {
          const ctx = context as { session?: SeededSession; key?: string; body?: string; n?: number };
          ctx.n = (ctx.n ?? 0) + 1;
          ctx.session ??= customers[Math.floor(Math.random() * customers.length)];
          const session = ctx.session;
          if (!session) return request;
          ctx.key = randomUUID();
          // 1 to 3 lines.
          const lines = [
            { id: HAMBURGER, quantity: 1 },
            { id: SODA, quantity: 2 },
            { id: HAMBURGER, quantity: 1 },
          ].slice(0, 1 + (ctx.n % 3));
          ctx.body = JSON.stringify({ items: lines });
          return {
            ...request,
            headers: {
              ...request.headers,
              'content-type': 'application/json',
              cookie: session.cookie,
              'x-csrf-token': session.csrfToken,
              'idempotency-key': ctx.key,
            },
            body: ctx.body,
          };
        },
        onResponse: (status, body, context) => {
          const ctx = context as { session?: SeededSession; key?: string; body?: string };
          if (status === 201 && ctx.session && ctx.key && ctx.body) {
            const orderId = /"id":"([0-9a-f]{24})"/.exec(body)?.[1] ?? '';
            acknowledged.push({ key: ctx.key, body: ctx.body, session: ctx.session, orderId });
          }
        },
      },
    ];
    await resetMetrics(app);
    // The warm-up places orders too: they count for exactly-once and durability below.
    const orders = await warmThenRun({ ...base, url: app.url, requests: orderRequests }, PLAN.warmupSeconds);
    const ordersProcess = await processFigures(app, sent(orders));

    // Exactly once: replays answer the same order, and the store holds one per acknowledged key.
    let replayedSame = 0;
    const replays = acknowledged.slice(0, 100);
    for (const { key, body, session, orderId } of replays) {
      const response = await fetch(`${app.url}/api/website/order`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: session.cookie,
          'x-csrf-token': session.csrfToken,
          'idempotency-key': key,
        },
        body,
      });
      const text = await response.text();
      const replayed = response.headers.get('idempotency-replayed') === 'true';
      if (response.ok && replayed && text.includes(orderId)) replayedSame += 1;
    }
    const beforeCrash = await storedOrders(env, customers);
    // A crash: SIGKILL, no shutdown code. Every acknowledged order must be there after restart.
    if (flags.profile) await app.stop();
    else await app.kill();
    const afterCrash = await storedOrders(env, customers);
    const missing = (stored: StoredOrders) => acknowledged.filter((a) => !stored.ids.has(a.orderId)).length;
    app = await startApp(env);

    const ownOrders = new Map<string, string>();
    for (const { session, orderId } of acknowledged) ownOrders.set(session.cookie, orderId);
    let plainRead: LoadSummary | undefined;
    if (plain) {
      say('ceiling: findOne by _id in the same orders');
      const ids = [...ownOrders.values()];
      let nextId = 0;
      const readRequests: Request[] = [
        {
          method: 'GET',
          path: '/plain/orders',
          setupRequest: (request) => ({
            ...request,
            path: `/plain/orders/${ids[nextId++ % ids.length] ?? ''}`,
          }),
        },
      ];
      plainRead = await warmThenRun({ ...base, url: plain.url, requests: readRequests }, PLAN.warmupSeconds);
      await plain.stop();
    }

    say('3. order status read by its owner');
    const withOrders = customers.filter((c) => ownOrders.has(c.cookie));
    let nextReader = 0;
    const statusRequests: Request[] = [
      {
        method: 'GET',
        path: '/api/website/orders',
        setupRequest: (request, context) => {
          const ctx = context as { session?: SeededSession };
          ctx.session ??= withOrders[nextReader++ % withOrders.length];
          const session = ctx.session;
          if (!session) return request;
          return {
            ...request,
            path: `/api/website/orders/${ownOrders.get(session.cookie) ?? ''}`,
            headers: { ...request.headers, cookie: session.cookie },
          };
        },
      },
    ];
    await resetMetrics(app);
    const status = await warmThenRun({ ...base, url: app.url, requests: statusRequests }, PLAN.warmupSeconds);
    const statusProcess = await processFigures(app, sent(status));

    say('4. login storm during menu reads');
    await resetMetrics(app);
    let logins = 0;
    let stormOn = true;
    const storm = Array.from({ length: PLAN.stormLogins }, async (_, worker) => {
      while (stormOn) {
        const response = await fetch(`${app.url}/api/website/authenticate`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': `10.${worker}.${logins % 250}.${(logins >> 8) % 250}`,
          },
          body: JSON.stringify({
            username: `storm-${worker}-${logins}`,
            password: 'not the password at all',
          }),
        });
        await response.arrayBuffer();
        logins += 1;
      }
    });
    const menuInStorm = await runLoad({ ...base, url: `${app.url}/api/menu` });
    stormOn = false;
    await Promise.all(storm);
    const stormProcess = await processFigures(app);

    say('5. fan-out to kitchen boards');
    const placer = customers[0];
    if (!placer) throw new Error('no customer session');
    const fanOut = await measureFanOut(
      app,
      simulator,
      boards.map((b) => b.cookie),
      placer,
    ).catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
    await app.stop();

    say('6. the relay drains a queue of texts');
    const drainEnv = {
      ...env,
      ...(kind === 'mongodb' ? { MONGODB_DB: `${dbName}_drain` } : { SQLITE_FILE: join(work, 'drain.db') }),
    };
    const drain = await measureDrain(drainEnv).catch((error: unknown) => ({
      error: error instanceof Error ? error.message : String(error),
    }));

    say('ceiling: raw store inserts');
    const insertsPerSecond = await rawInsertRate(scratchEnv);

    return {
      store: kind,
      ceilings: {
        bareFastifyMenu: ceiling,
        storeInsertsPerSecond: insertsPerSecond,
        ...(plainOrder ? { plainOrder } : {}),
        ...(plainRead ? { findOneById: plainRead } : {}),
      },
      menu: { ...menu, process: menuProcess },
      menuConditional: { ...menuConditional, process: conditionalProcess },
      orders: {
        ...orders,
        process: ordersProcess,
        acknowledgedTotal: acknowledged.length,
        storedTotal: beforeCrash.total,
        duplicateOrders: beforeCrash.duplicates,
        acknowledgedMissingBeforeCrash: missing(beforeCrash),
        acknowledgedMissingAfterCrash: missing(afterCrash),
        replays: replays.length,
        replaysAnsweredConsistently: replayedSame,
      },
      status: { ...status, process: statusProcess },
      loginStorm: {
        menu: menuInStorm,
        logins,
        loginsPerSecond: round(logins / menuInStorm.durationSeconds),
        process: stormProcess,
      },
      fanOut,
      drain,
      ...(ordersAtStart === undefined ? {} : { ordersAtStart }),
    };
  } finally {
    // The app, the ceiling's server and the simulator, whichever are still running (a step failed).
    await stopAll();
    rmSync(work, { recursive: true, force: true });
    if (kind === 'mongodb' && process.env.MONGODB_URI) {
      const client = new MongoClient(process.env.MONGODB_URI);
      if (KEPT_DATABASE === undefined) {
        await client
          .db(dbName)
          .dropDatabase()
          .catch(() => undefined);
      }
      await client
        .db(`${dbName}_raw`)
        .dropDatabase()
        .catch(() => undefined);
      await client
        .db(`${dbName}_drain`)
        .dropDatabase()
        .catch(() => undefined);
      await client.close();
    }
  }
}

/** The commit the run measured, and whether the working tree differed from it (git's own files only). */
function measuredCode(): { commit: string; changed: boolean } | undefined {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    return {
      commit: git('rev-parse', 'HEAD'),
      changed: git('status', '--porcelain', '--untracked-files=no') !== '',
    };
  } catch {
    // Not a git checkout (an unpacked archive): the report says nothing of it.
    return undefined;
  }
}

/**
 * The menu page on a phone (bench/lib/phone.ts): the production build on a database of its own,
 * the menu imported by an admin. Lighthouse, not load: the store makes no difference here.
 */
async function benchPhone(): Promise<PhoneFigures | PhoneSkipped | { error: string }> {
  const work = mkdtempSync(join(tmpdir(), 'von-appetit-bench-phone-'));
  const port = await freePort();
  const env: Record<string, string> = { ...appEnv(port, work), SQLITE_FILE: join(work, 'phone.db') };
  say('\n== the menu page on a phone ==');
  try {
    const seedStore = await openStore(loadConfig(env), quiet);
    await seedStore.whenReady();
    const [admin] = await seedSessions(seedStore, {
      role: 'admin',
      accounts: 1,
      sessionsPerAccount: 1,
      prefix: `bench-owner-${RUN}`,
    });
    await seedStore.close();
    if (!admin) throw new Error('no admin session was seeded');
    const app = await startApp(env);
    try {
      return await measureMenuOnAPhone(app.url, admin, QUICK ? 1 : 5);
    } finally {
      await app.stop();
    }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  // As `npm start` does: whatever is older than its sources is built again.
  buildIfStale(['web', 'server']);
  const stores: (StoreReport | FailedStore)[] = flags.store === 'mongodb' ? [] : [await benchStore('sqlite')];
  if (flags.store === 'sqlite') say('\nOnly SQLite, as asked.');
  else if (process.env.MONGODB_URI) {
    // MongoDB has no targets yet: a failure there is reported, and the SQLite figures still written.
    stores.push(
      await benchStore('mongodb').catch((error: unknown) => ({
        store: 'mongodb' as const,
        error: error instanceof Error ? error.message : String(error),
      })),
    );
  } else say('\nMONGODB_URI is not set: MongoDB figures skipped.');
  const phone = await benchPhone();
  const machine = {
    cpus: (await import('node:os')).cpus().length,
    cpuModel: (await import('node:os')).cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((await import('node:os')).totalmem() / 1024 ** 3),
    node: process.version,
  };
  const report = {
    at: new Date().toISOString(),
    code: measuredCode(),
    quick: QUICK,
    plan: PLAN,
    launch: LAUNCH,
    machine,
    stores,
    phone,
    tookSeconds: Math.round((Date.now() - started) / 1000),
  };
  const out = flags.out ? resolve(flags.out) : RESULTS;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  const markdown = renderReport(report);
  writeFileSync(join(out, 'latest.md'), markdown);
  say(`\n${markdown}`);
  say(`Written: ${join(out, 'latest.json')} and latest.md (${report.tookSeconds} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
