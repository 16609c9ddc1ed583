// The app as `npm start` runs it in sandbox mode: the simulator in-process, the Vonage adapter
// pointed at it through the SDK, the dev inbox and the webhook route wired to the simulator.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { createComms } from '../../src/server/comms-setup.js';
import { loadConfig } from '../../src/server/config.js';
import { startSandbox } from '../../src/server/sandbox.js';
import { quietLog } from './logs.js';
import { startTestServer } from './test-server.js';

export async function startSandboxApp() {
  const dataDir = await mkdtemp(join(tmpdir(), 'von-appetit-sandbox-'));
  const own: { url?: string } = {};
  const sandbox = await startSandbox({
    dataDir,
    log: quietLog,
    messageStatusUrl: () => own.url && `${own.url}/api/webhooks/vonage/message-status`,
  });
  const server = await startTestServer({
    captureLogs: true,
    deps: { webhookSecret: sandbox.credentials.signatureSecret, devInbox: sandbox.inbox },
  });
  own.url = server.baseUrl;
  onTestFinished(async () => {
    await sandbox.simulator.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const comms = createComms(loadConfig({ NODE_ENV: 'test' }), sandbox);
  return { ...server, sandbox, comms };
}
