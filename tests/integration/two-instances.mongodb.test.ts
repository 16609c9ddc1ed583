// Two app processes on one MongoDB database, as instances behind a load balancer run: what is
// done through one holds on the other (docs/mongodb.md). Each is `node src/server/main.ts`
// against one Vonage simulator, which posts delivery reports to whichever instance is up.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config/config.js';
import { Order } from '../../src/contract/orders.js';
import type { Store } from '../../src/server/ports/store.js';
import {
  createVonageSimulator,
  credentialsInFile,
  type VonageSimulator,
} from '../../src/vonage-sim/index.js';
import { ApiClient } from '../support/api-client.js';
import {
  addAccount,
  aPhone,
  aUsername,
  codeFor,
  signedInStaff,
  STRONG_PASSWORD,
} from '../support/customers.js';
import { openEventStream } from '../support/event-stream.js';
import { quietLog } from '../support/logs.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { createTestDatabase, openTestStore, type TestDatabase } from '../support/test-store.js';

const SODA = '5eed00000000000000000002';

/** The same signed-in browser, sent to the other instance (a load balancer without stickiness). */
function sameBrowserOn(baseUrl: string, client: ApiClient): ApiClient {
  const other = new ApiClient(baseUrl, client.defaults);
  for (const [name, value] of client.cookies) other.cookies.set(name, value);
  other.csrfToken = client.csrfToken;
  return other;
}

describe('two instances on one database', () => {
  let database: TestDatabase;
  let dataDir: string;
  let store: Store;
  let simulator: VonageSimulator;
  const instances: { a?: ServerProcess; b?: ServerProcess; reportsTo?: string } = {};
  let a: string;
  let b: string;

  /** A customer of its own for each test, signed in (password and code) through `baseUrl`. */
  async function signedInCustomer(baseUrl: string) {
    const username = aUsername();
    const phone = aPhone();
    await addAccount(store, { username, phone, role: 'customer' });
    const client = new ApiClient(baseUrl);
    await client.post('/api/website/authenticate', { username, password: STRONG_PASSWORD });
    const verified = await client.post('/api/website/authenticate/verify', {
      tfaPin: codeFor(simulator, phone),
    });
    expect(verified.body).toMatchObject({ stage: 'full' });
    return { client, phone };
  }

  beforeAll(async () => {
    database = await createTestDatabase('mongodb');
    dataDir = await mkdtemp(join(tmpdir(), 'von-appetit-two-'));
    const credentials = credentialsInFile(join(dataDir, 'vonage-sandbox.json'), quietLog);
    simulator = createVonageSimulator({
      credentials,
      messageStatusUrl: () =>
        instances.reportsTo && `${instances.reportsTo}/api/webhooks/vonage/message-status`,
      log: quietLog,
    });
    const env = {
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      VONAGE_SIMULATOR_URL: await simulator.listen({ host: '127.0.0.1', port: 0 }),
      // Registrations may spend half of it: ten codes an hour across both instances (fewer than
      // one client's twenty registrations an hour, so the budget is what stops them).
      SMS_CODES_PER_HOUR: '20',
      TRUST_PROXY_HOPS: '1',
      ...database.env,
    };
    instances.a = startServerProcess(env, { keep: true });
    instances.b = startServerProcess(env, { keep: true });
    [a, b] = await Promise.all([instances.a.url, instances.b.url]);
    instances.reportsTo = a;
    store = openTestStore(loadConfig({ NODE_ENV: 'test', ...database.env }));
    await store.whenReady();
  }, 60_000);

  afterAll(async () => {
    instances.a?.child.kill('SIGKILL');
    instances.b?.child.kill('SIGKILL');
    // Each step whatever became of the ones before (a start-up that failed half-way).
    // (An unset one fails alone, inside its own function.)
    await Promise.allSettled([
      (async () => store.close())(),
      (async () => simulator.close())(),
      (async () => database.drop())(),
      (async () => rm(dataDir, { recursive: true, force: true }))(),
    ]);
  });

  it("takes a session made on A on B, and shows an order placed through A on B's board at once", async () => {
    const customer = await signedInCustomer(a);
    const onB = sameBrowserOn(b, customer.client);
    expect((await onB.get('/api/website/orders')).status).toBe(200);

    const staff = await signedInStaff({ baseUrl: b, store, sandbox: { simulator } });
    const board = await openEventStream(staff, '/api/staff/kitchen/events');
    await board.connected;
    const placed = Order.parse((await customer.client.order([{ id: SODA, quantity: 1 }])).body);
    // B learns of it through the database: its poller looks every 250 ms.
    let seen = await board.next(2000);
    while (!seen.data.includes(placed.id)) seen = await board.next(2000);
    board.close();
  });

  it('makes one order of one Idempotency-Key sent to A and B at once', async () => {
    const customer = await signedInCustomer(a);
    const onB = sameBrowserOn(b, customer.client);
    const key = randomUUID();
    const answers = await Promise.all([
      customer.client.order([{ id: SODA, quantity: 2 }], key),
      onB.order([{ id: SODA, quantity: 2 }], key),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(new Set(answers.map((answer) => (answer.body as { id: string }).id)).size).toBe(1);
    const mine = (await onB.get<{ orders: unknown[] }>('/api/website/orders')).body.orders;
    expect(mine).toHaveLength(1);
  });

  it('holds on B a text budget spent on A', async () => {
    // Each from an address of its own (one proxy hop): no per-client limit gets in the way.
    let client = 0;
    const register = (baseUrl: string) =>
      new ApiClient(baseUrl, { 'x-forwarded-for': `198.51.100.${(client += 1)}` }).post(
        '/api/website/register',
        {
          username: aUsername(),
          password: STRONG_PASSWORD,
          phone: aPhone(),
        },
      );
    // Registrations through A until the hour's registration codes are spent…
    let accepted = 0;
    let answer = await register(a);
    for (; answer.status === 202 && accepted < 20; answer = await register(a)) accepted += 1;
    expect(answer.body, JSON.stringify(answer.body)).toMatchObject({
      status: 503,
      code: 'sms_budget_exhausted',
    });
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThanOrEqual(10);
    // …and B refuses the next one too.
    expect((await register(b)).body).toMatchObject({ status: 503, code: 'sms_budget_exhausted' });
  });

  it("loses no acknowledged order when A is killed during a burst, and B's relay texts every one", async () => {
    const ordering = await signedInCustomer(a);
    // Killed (no shutdown code) once ten orders were answered, with more in flight.
    let answered = 0;
    const burst = Array.from({ length: 40 }, () =>
      ordering.client.order([{ id: SODA, quantity: 1 }]).then((answer) => {
        answered += 1;
        if (answered === 10) instances.a?.child.kill('SIGKILL');
        return answer;
      }),
    );
    const settled = await Promise.allSettled(burst);
    instances.reportsTo = b;
    const acknowledged = settled.flatMap((result) =>
      result.status === 'fulfilled' && result.value.status === 201 ? [Order.parse(result.value.body)] : [],
    );
    expect(acknowledged.length).toBeGreaterThanOrEqual(10);
    const onB = sameBrowserOn(b, ordering.client);
    for (const order of acknowledged) {
      expect((await onB.get(`/api/website/orders/${order.id}`)).status).toBe(200);
    }
    // A text A had claimed but not sent is B's once A's lease on it runs out (30 s).
    const textsOf = (order: Order) =>
      simulator
        .sent({ to: ordering.phone })
        .filter((m) => m.kind === 'message' && m.text.includes(`order #${order.number} `)).length;
    await expect
      .poll(() => acknowledged.every((order) => textsOf(order) >= 1), { timeout: 45_000, interval: 500 })
      .toBe(true);
    // At least once (docs/security.md P3): only the text A was sending at the kill, sent but not
    // yet marked so, may go twice.
    const extra = acknowledged.reduce((sum, order) => sum + textsOf(order) - 1, 0);
    expect(extra).toBeLessThanOrEqual(1);
  }, 90_000);
});
