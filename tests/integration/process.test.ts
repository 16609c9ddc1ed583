// The real entry point as an operator starts it: `node src/server/main.ts` with environment variables.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MenuList } from '../../src/contract/menu.js';
import { Order } from '../../src/contract/orders.js';
import {
  createVonageSimulator,
  credentialsInFile,
  generateSandboxCredentials,
} from '../../src/vonage-sim/index.js';
import { registerCustomer } from '../support/customers.js';
import { quietLog } from '../support/logs.js';
import { startServerProcess } from '../support/server-process.js';
import { createTestDatabase } from '../support/test-store.js';

const start = (env: Record<string, string>) => startServerProcess(env);

describe('starting the server', () => {
  it('stops with exit code 1 and one readable line when PORT is malformed', async () => {
    const server = start({ PORT: 'abc' });
    expect(await server.exited).toBe(1);
    const { stderr } = server.output();
    expect(stderr).toBe('Invalid configuration: PORT: must be a whole number from 0 to 65535 (got "abc")\n');
  });

  it('refuses to start in production on the sandbox, naming what is missing', async () => {
    const server = start({ NODE_ENV: 'production' });
    expect(await server.exited).toBe(1);
    expect(server.output().stderr).toMatch(
      /^Invalid configuration: VONAGE_APPLICATION_ID: NODE_ENV=production needs real Vonage credentials/,
    );
  });

  it('serves the seeded menu in sandbox mode, shuts down cleanly on SIGTERM and keeps its data across a restart', async () => {
    const database = await createTestDatabase();
    const dataDir = await mkdtemp(join(tmpdir(), 'von-appetit-data-'));
    try {
      const env = { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...database.env };

      const first = start(env);
      const firstUrl = await first.url;
      const before = MenuList.parse(await (await fetch(`${firstUrl}/api/inventory`)).json());
      expect(before.map(({ name, price }) => ({ name, price }))).toEqual([
        { name: 'Hamburger', price: 995 },
        { name: 'Soda', price: 199 },
      ]);
      // Sandbox: it says so, the dev inbox answers, and the simulator's credentials stay private on disk.
      expect(first.output().stdout).toContain('sandbox mode: Vonage calls go to the built-in simulator');
      expect((await fetch(`${firstUrl}/dev/inbox/messages`)).status).toBe(200);
      const credentialsFile = join(dataDir, 'vonage-sandbox.json');
      expect((await stat(credentialsFile)).mode & 0o777).toBe(0o600);
      const credentials = await readFile(credentialsFile, 'utf8');
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      const second = start(env);
      const after = MenuList.parse(await (await fetch(`${await second.url}/api/inventory`)).json());
      expect(after).toEqual(before);
      expect(await readFile(credentialsFile, 'utf8')).toBe(credentials);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start against a simulator on its own without the credentials file they share, and leaves a broken one alone', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'von-appetit-data-'));
    const file = join(dataDir, 'vonage-sandbox.json');
    const refusal = `VONAGE_SIMULATOR_URL is set but ${file} is missing or unreadable: start the simulator first with \`npm run vonage-sim -- --credentials ${file}\``;
    try {
      const missing = start({ DATA_DIR: dataDir, VONAGE_SIMULATOR_URL: 'http://127.0.0.1:9' });
      expect(await missing.exited).toBe(1);
      expect(missing.output().stderr).toContain(refusal);
      // New keys made here would not be the simulator's: the app neither makes nor rewrites them.
      await expect(stat(file)).rejects.toThrow(/ENOENT/);
      await writeFile(file, '{"apiKey": "trunc');
      const broken = start({ DATA_DIR: dataDir, VONAGE_SIMULATOR_URL: 'http://127.0.0.1:9' });
      expect(await broken.exited).toBe(1);
      expect(broken.output().stderr).toContain(refusal);
      expect(await readFile(file, 'utf8')).toBe('{"apiKey": "trunc');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start when no simulator answers at VONAGE_SIMULATOR_URL, or one with other credentials does', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'von-appetit-data-'));
    const file = join(dataDir, 'vonage-sandbox.json');
    credentialsInFile(file, quietLog);
    // Started with another data directory's file: it has never heard of these keys.
    const stranger = createVonageSimulator({ credentials: generateSandboxCredentials(), log: quietLog });
    try {
      const nobody = start({ DATA_DIR: dataDir, VONAGE_SIMULATOR_URL: 'http://127.0.0.1:9' });
      expect(await nobody.exited).toBe(1);
      expect(nobody.output().stderr).toContain(
        `no Vonage simulator answers at VONAGE_SIMULATOR_URL (http://127.0.0.1:9): start it first with \`npm run vonage-sim -- --credentials ${file}\``,
      );
      const strangerUrl = await stranger.listen({ host: '127.0.0.1', port: 0 });
      const refused = start({ DATA_DIR: dataDir, VONAGE_SIMULATOR_URL: strangerUrl });
      expect(await refused.exited).toBe(1);
      expect(refused.output().stderr).toContain(
        `the Vonage simulator at ${strangerUrl} refuses the credentials in ${file}: start it with \`npm run vonage-sim -- --credentials ${file}\``,
      );
    } finally {
      await stranger.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('sends codes and texts to a simulator running on its own (VONAGE_SIMULATOR_URL), and takes its delivery reports', async () => {
    const database = await createTestDatabase();
    const dataDir = await mkdtemp(join(tmpdir(), 'von-appetit-data-'));
    // The simulator outside the app, sharing the data directory's credentials file, as
    // `npm run vonage-sim -- --credentials DATA_DIR/vonage-sandbox.json` does.
    const credentials = credentialsInFile(join(dataDir, 'vonage-sandbox.json'), quietLog);
    const app: { url?: string } = {};
    const simulator = createVonageSimulator({
      credentials,
      messageStatusUrl: () => app.url && `${app.url}/api/webhooks/vonage/message-status`,
      log: quietLog,
    });
    try {
      const simulatorUrl = await simulator.listen({ host: '127.0.0.1', port: 0 });
      const server = start({
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        VONAGE_SIMULATOR_URL: simulatorUrl,
        ...database.env,
      });
      const url = await server.url;
      app.url = url;
      expect(server.output().stdout).toContain(
        'sandbox mode: Vonage calls go to the simulator running on its own; its output shows the codes and texts',
      );
      // The texts are in the simulator's output: the app has no dev inbox of its own then.
      const inbox = await fetch(`${url}/dev/inbox/messages`);
      expect(inbox.status).toBe(404);
      expect(inbox.headers.get('content-type')).toMatch(/^application\/problem\+json/);

      const customer = await registerCustomer(url, simulator);
      const ordered = await customer.client.order([{ id: '5eed00000000000000000002', quantity: 1 }]);
      expect(ordered.status).toBe(201);
      const order = Order.parse(ordered.body);
      await expect
        .poll(() => simulator.sent({ to: customer.phone }).find((m) => m.kind === 'message')?.text, {
          timeout: 5000,
        })
        .toContain(`Von Appétit: order #${order.number} received, ready around`);
      // The simulator signs its delivery report with the shared secret; the app checks it and records it.
      await expect
        .poll(async () => (await customer.client.get(`/api/website/orders/${order.id}`)).body.confirmation, {
          timeout: 5000,
        })
        .toEqual({ status: 'sent', delivery: 'delivered' });

      // Stopping the app leaves the simulator running, as Vonage would be.
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect((await fetch(`${simulatorUrl}/v1/messages`, { method: 'POST' })).status).toBe(401);
    } finally {
      await simulator.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
