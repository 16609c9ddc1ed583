// Sandbox mode: Vonage calls go to the Vonage simulator, through the official SDK, exactly as
// they would go to Vonage. The simulator runs in this process on a loopback port (the default),
// or on its own, started beforehand with `npm run vonage-sim -- --credentials FILE`
// (VONAGE_SIMULATOR_URL). Either way the credentials are kept in the data directory: generated
// on the first start, shared with a simulator outside given the same file.
import { join } from 'node:path';
import {
  createVonageSimulator,
  credentialsInFile,
  readCredentialsFile,
  type SandboxCredentials,
  type SentMessage,
  type VonageSimulator,
} from '../../vonage-sim/index.js';
import type { DevInbox, InboxMessage } from '../ports/dev-inbox.js';
import type { Log } from '../ports/log.js';

export const CREDENTIALS_FILE = 'vonage-sandbox.json';

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

/** What the app's Vonage adapter needs of any sandbox. */
interface SandboxBase {
  /** Base URL the SDK is pointed at (apiHost and videoHost). */
  url: string;
  credentials: SandboxCredentials;
  /** Stops the built-in simulator; leaves one outside running. */
  close(): Promise<void>;
}

export interface BuiltInSandbox extends SandboxBase {
  simulator: VonageSimulator;
  inbox: DevInbox;
}

/** A simulator running on its own: it prints the codes and texts itself (no dev inbox here). */
export type OutsideSandbox = SandboxBase & { simulator: 'outside' };

export type Sandbox = BuiltInSandbox | OutsideSandbox;

/** The built-in simulator, on a loopback port of this process. */
export async function startSandbox(options: {
  dataDir: string;
  log: Log;
  /** Where the simulator posts delivery statuses: this app's webhook route. */
  messageStatusUrl: () => string | undefined;
  /** Where it posts the texts customers send back: this app's inbound route. */
  inboundMessageUrl?: () => string | undefined;
  /** The simulator's clock (tests share one with the app). */
  now?: () => Date;
}): Promise<BuiltInSandbox> {
  const credentials = credentialsInFile(join(options.dataDir, CREDENTIALS_FILE), options.log);
  const simulator = createVonageSimulator({
    credentials,
    messageStatusUrl: options.messageStatusUrl,
    ...(options.inboundMessageUrl ? { inboundMessageUrl: options.inboundMessageUrl } : {}),
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
    reply: (args) => simulator.reply(args),
  };
  return { url, credentials, simulator, inbox, close: () => simulator.close() };
}

const PROBE_TIMEOUT_MS = 3000;

/** A code check of a verification that cannot exist: 404 from a simulator that takes these credentials. */
async function probe(url: string, credentials: SandboxCredentials): Promise<number | 'no answer'> {
  try {
    const response = await fetch(`${url}/v2/verify/00000000-0000-4000-8000-000000000000`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${credentials.apiKey}:${credentials.apiSecret}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ code: '0000' }),
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 'no answer';
  }
}

/**
 * Whether the simulator at this origin is reached unencrypted over a network: plain HTTP to
 * another machine, where the sandbox's credentials (Basic auth, signed tokens), the codes and
 * the texts can be read on the way.
 */
export function reachedInTheClear(simulatorUrl: string): boolean {
  const { protocol, hostname } = new URL(simulatorUrl);
  if (protocol !== 'http:') return false;
  const loopback =
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
  return !loopback;
}

/**
 * A simulator already running on its own (VONAGE_SIMULATOR_URL), started with the credentials
 * file of this data directory: new credentials made here would be refused by it, so the file
 * must hold them. The start stops here, naming the fix, when nothing answers at the URL or
 * what answers refuses the file's credentials: otherwise every sign-in would fail later.
 */
export async function outsideSandbox(options: {
  dataDir: string;
  simulatorUrl: string;
}): Promise<OutsideSandbox> {
  const file = join(options.dataDir, CREDENTIALS_FILE);
  const start = `npm run vonage-sim -- --credentials ${file}`;
  const credentials = readCredentialsFile(file);
  if (credentials === undefined) {
    throw new Error(
      `VONAGE_SIMULATOR_URL is set but ${file} is missing or unreadable: start the simulator first with \`${start}\``,
    );
  }
  const answer = await probe(options.simulatorUrl, credentials);
  if (answer === 'no answer') {
    throw new Error(
      `no Vonage simulator answers at VONAGE_SIMULATOR_URL (${options.simulatorUrl}): start it first with \`${start}\``,
    );
  }
  if (answer === 401) {
    throw new Error(
      `the Vonage simulator at ${options.simulatorUrl} refuses the credentials in ${file}: start it with \`${start}\``,
    );
  }
  if (answer !== 404) {
    throw new Error(
      `what answers at VONAGE_SIMULATOR_URL (${options.simulatorUrl}) is not the Vonage simulator (HTTP ${answer} to a code check)`,
    );
  }
  return {
    url: options.simulatorUrl,
    credentials,
    simulator: 'outside',
    close: () => Promise.resolve(),
  };
}
