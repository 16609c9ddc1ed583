// Sandbox mode: the built-in Vonage simulator runs in this process on a loopback port, and the
// app's own Vonage adapter talks to it through the official SDK, exactly as it would to Vonage.
// Its credentials are generated on the first start and kept in the data directory.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createVonageSimulator,
  generateSandboxCredentials,
  type SentMessage,
  type VonageSimulator,
} from '../vonage-sim/index.js';
import type { DevInbox, InboxMessage } from './ports/dev-inbox.js';
import type { Log } from './ports/log.js';

type SandboxCredentials = ReturnType<typeof generateSandboxCredentials>;

const CREDENTIALS_FILE = 'vonage-sandbox.json';

function isCredentials(value: unknown): value is SandboxCredentials {
  if (typeof value !== 'object' || value === null) return false;
  const fields = ['apiKey', 'apiSecret', 'applicationId', 'publicKey', 'privateKey', 'signatureSecret'];
  return fields.every((field) => typeof (value as Record<string, unknown>)[field] === 'string');
}

/** The same credentials on every start, so a restart does not invalidate anything in flight. */
function loadOrCreateCredentials(dataDir: string, log: Log): SandboxCredentials {
  const file = join(dataDir, CREDENTIALS_FILE);
  if (existsSync(file)) {
    const stored: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (isCredentials(stored)) return stored;
    log.warn({ file }, 'sandbox credentials file is unreadable: generating new ones');
  }
  const credentials = generateSandboxCredentials();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return credentials;
}

function toInboxMessage(sent: SentMessage): InboxMessage {
  return {
    id: sent.id,
    to: `+${sent.to.replace(/^\+/, '')}`,
    text: sent.text,
    at: sent.at,
    kind: sent.kind,
    ...(sent.status === undefined ? {} : { status: sent.status }),
  };
}

export interface Sandbox {
  simulator: VonageSimulator;
  /** Base URL the SDK is pointed at (apiHost and videoHost). */
  url: string;
  credentials: SandboxCredentials;
  inbox: DevInbox;
}

export async function startSandbox(options: {
  dataDir: string;
  log: Log;
  /** Where the simulator posts delivery statuses: this app's webhook route. */
  messageStatusUrl: () => string | undefined;
  /** The simulator's clock (tests share one with the app). */
  now?: () => Date;
}): Promise<Sandbox> {
  const credentials = loadOrCreateCredentials(options.dataDir, options.log);
  const simulator = createVonageSimulator({
    credentials,
    messageStatusUrl: options.messageStatusUrl,
    log: options.log,
    ...(options.now ? { now: options.now } : {}),
  });
  const url = await simulator.listen({ host: '127.0.0.1', port: 0 });
  const inbox: DevInbox = {
    list: (filter) => simulator.sent(filter.to === undefined ? {} : { to: filter.to }).map(toInboxMessage),
    subscribe: (listener) =>
      simulator.onSent((sent) => {
        listener(toInboxMessage(sent));
      }),
  };
  return { simulator, url, credentials, inbox };
}
