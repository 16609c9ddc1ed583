// Runs the simulator on its own: `npm run vonage-sim -- --port 4010`. Its own entry point, so it reads the environment.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SentMessage, SimulatorCredentials, SimulatorLog } from './api.js';
import { credentialsInFile, generateSandboxCredentials } from './credentials.js';
import { MAGIC_NUMBERS } from './magic-numbers.js';
import { createVonageSimulator } from './server.js';

const USAGE =
  'usage: npm run vonage-sim -- [--port N] [--host H] [--status-url URL] [--slow-ms N] [--credentials FILE]';

const out = (line: string) => process.stdout.write(`${line}\n`);

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(1);
}

function wholeNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  return Number.isSafeInteger(number) && number >= 0 ? number : fail(`--${name} must be a whole number`);
}

/** VONAGE_PUBLIC_KEY holds the PEM itself or the path of a file that does. */
function publicKeyFrom(value: string): string {
  if (value.trimStart().startsWith('-----BEGIN')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch {
    return fail(`VONAGE_PUBLIC_KEY is neither a PEM nor a readable file: ${value}`);
  }
}

/** Credentials from the environment; whatever is missing is generated, and said so. */
function credentialsFromEnvironment(): {
  credentials: SimulatorCredentials;
  generated: string[];
  privateKey?: string;
} {
  const made = generateSandboxCredentials();
  const env = process.env;
  const generated: string[] = [];
  const pick = (name: string, value: string | undefined, fallback: string) => {
    if (value !== undefined && value !== '') return value;
    generated.push(`${name}=${fallback}`);
    return fallback;
  };
  const credentials = {
    apiKey: pick('VONAGE_API_KEY', env.VONAGE_API_KEY, made.apiKey),
    apiSecret: pick('VONAGE_API_SECRET', env.VONAGE_API_SECRET, made.apiSecret),
    applicationId: pick('VONAGE_APPLICATION_ID', env.VONAGE_APPLICATION_ID, made.applicationId),
    signatureSecret: pick('VONAGE_SIGNATURE_SECRET', env.VONAGE_SIGNATURE_SECRET, made.signatureSecret),
    publicKey: env.VONAGE_PUBLIC_KEY ? publicKeyFrom(env.VONAGE_PUBLIC_KEY) : made.publicKey,
  };
  // A generated public key is useless without its private half: the SDK needs it to sign.
  return env.VONAGE_PUBLIC_KEY
    ? { credentials, generated }
    : { credentials, generated, privateKey: made.privateKey };
}

function describeSent(message: SentMessage): string {
  const status = message.status === undefined ? '' : ` (${message.status})`;
  return `SMS to ${message.to} [${message.kind}]${status}: ${message.text}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'status-url': { type: 'string' },
      'slow-ms': { type: 'string' },
      credentials: { type: 'string' },
    },
  });
  const log: SimulatorLog = {
    info: (details, message) => out(`${message} ${JSON.stringify(details)}`),
    warn: (details, message) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`),
    error: (details, message) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`),
  };
  // The app's sandbox file: both sides then hold the same keys (the app with VONAGE_SIMULATOR_URL).
  const file = values.credentials;
  const { credentials, generated, privateKey } =
    file === undefined
      ? credentialsFromEnvironment()
      : { credentials: credentialsInFile(file, log), generated: [], privateKey: undefined };
  const simulator = createVonageSimulator({
    credentials,
    ...(values['status-url'] === undefined ? {} : { messageStatusUrl: values['status-url'] }),
    slowResponseMs: wholeNumber(values['slow-ms'], 'slow-ms', 30_000),
    log,
  });
  simulator.onSent((message) => out(describeSent(message)));
  const url = await simulator.listen({
    host: values.host ?? '127.0.0.1',
    port: wholeNumber(values.port, 'port', 0),
  });

  // Before anything is printed: whoever waits for the output may stop us at once.
  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => fail(`could not close cleanly: ${String(error)}`),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  out(`Vonage simulator: ${url}`);
  out(
    `Point the SDK at it: new Vonage(credentials, { apiHost: '${url}', videoHost: '${url}', timeout: 5000 })`,
  );
  if (file !== undefined) {
    out(`Credentials (with the private key the SDK signs with): ${file}`);
    const ignored = Object.keys(process.env).filter((name) =>
      /^VONAGE_(API|APPLICATION|PUBLIC|SIGNATURE)_/.test(name),
    );
    if (ignored.length > 0) out(`Ignored, --credentials wins: ${ignored.sort().join(', ')}`);
    if (values['status-url'] === undefined)
      out(
        "No --status-url: delivery reports go nowhere (the app's is http://HOST:PORT/api/webhooks/vonage/message-status)",
      );
  }
  if (generated.length > 0) out(`Generated (not set in the environment):\n  ${generated.join('\n  ')}`);
  if (privateKey !== undefined)
    out(`Generated key pair; the SDK signs its JWTs with this private key:\n${privateKey.trim()}`);
  out(
    `Magic numbers: ${Object.entries(MAGIC_NUMBERS)
      .map(([n, s]) => `${n} ${s}`)
      .join(', ')}`,
  );
}

main().catch((error: unknown) =>
  fail(`vonage-sim could not start: ${error instanceof Error ? error.message : String(error)}`),
);
