// The app as `npm start` runs it in sandbox mode: the simulator in-process, the Vonage adapter
// pointed at it through the SDK, the dev inbox and the webhook route wired to the simulator.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { createComms } from '../../src/server/setup/comms.js';
import { loadConfig } from '../../src/server/config/config.js';
import { startSandbox } from '../../src/server/setup/sandbox.js';
import { quietLog } from './logs.js';
import { startTestServer } from './test-server.js';
import type { TestDatabase } from './test-store.js';

export async function startSandboxApp(
  options: {
    env?: Record<string, string>;
    now?: () => Date;
    database?: TestDatabase;
    /** Comms as live mode has them (`kind: 'vonage'`), still answered by the simulator. */
    liveMode?: boolean;
    /** `false`: no relay runs (texts stay queued in their orders). */
    runRelay?: boolean;
    /** How often ready estimates are checked (the app's default: every minute). */
    readyWatchEveryMs?: number;
  } = {},
) {
  const dataDir = await mkdtemp(join(tmpdir(), 'von-appetit-sandbox-'));
  const own: { url?: string } = {};
  const sandbox = await startSandbox({
    dataDir,
    log: quietLog,
    messageStatusUrl: () => own.url && `${own.url}/api/webhooks/vonage/message-status`,
    inboundMessageUrl: () => own.url && `${own.url}/api/webhooks/vonage/inbound-message`,
    ...(options.now ? { now: options.now } : {}),
  });
  // Registered first so it runs last (hooks unwind like a stack): the app stops before Vonage does.
  onTestFinished(async () => {
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const sandboxComms = createComms(loadConfig({ NODE_ENV: 'test' }), sandbox);
  const comms = options.liveMode ? { ...sandboxComms, kind: 'vonage' as const } : sandboxComms;
  const server = await startTestServer({
    captureLogs: true,
    ...(options.env ? { env: options.env } : {}),
    ...(options.database ? { database: options.database } : {}),
    deps: {
      webhookSecret: sandbox.credentials.signatureSecret,
      devInbox: sandbox.inbox,
      comms,
      ...(options.now ? { now: options.now } : {}),
      ...(options.runRelay === false ? { runRelay: false } : {}),
      ...(options.readyWatchEveryMs === undefined ? {} : { readyWatchEveryMs: options.readyWatchEveryMs }),
    },
  });
  own.url = server.baseUrl;
  return { ...server, sandbox, comms };
}
