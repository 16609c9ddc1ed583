// Sandbox credentials, shaped like a Vonage account's (key, secret, application, key pair), and the file that keeps them.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SimulatorCredentials, SimulatorLog } from './api.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number): string {
  // 62 does not divide 256: reject the top bytes so every character is equally likely.
  const limit = 256 - (256 % ALPHANUMERIC.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += ALPHANUMERIC[byte % ALPHANUMERIC.length] ?? '';
    }
  }
  return out;
}

/** Fresh sandbox credentials: random key/secret/signature secret, a new RSA-2048 key pair, a UUID application id. */
export function generateSandboxCredentials(): SandboxCredentials {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    // Vonage API keys are 8 hex digits and secrets 16 characters.
    apiKey: randomBytes(4).toString('hex'),
    apiSecret: randomAlphanumeric(16),
    applicationId: randomUUID(),
    publicKey,
    privateKey,
    signatureSecret: randomAlphanumeric(48),
  };
}

export type SandboxCredentials = SimulatorCredentials & { privateKey: string };

const FIELDS = ['apiKey', 'apiSecret', 'applicationId', 'publicKey', 'privateKey', 'signatureSecret'];

function isSandboxCredentials(value: unknown): value is SandboxCredentials {
  if (typeof value !== 'object' || value === null) return false;
  return FIELDS.every((field) => typeof (value as Record<string, unknown>)[field] === 'string');
}

/** The credentials `file` holds; undefined when it is missing or holds something else. */
export function readCredentialsFile(file: string): SandboxCredentials | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const stored: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isSandboxCredentials(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The sandbox's credentials kept in `file` (JSON, readable by its owner only): read when the file
 * holds them, otherwise made and written. The app and a simulator in another process that are
 * given the same file agree on every key and secret.
 */
export function credentialsInFile(file: string, log: SimulatorLog): SandboxCredentials {
  const stored = readCredentialsFile(file);
  if (stored) return stored;
  if (existsSync(file)) log.warn({ file }, 'sandbox credentials file is unreadable: generating new ones');
  const credentials = generateSandboxCredentials();
  mkdirSync(dirname(file), { recursive: true });
  // Written whole, owner-only from its first byte, then renamed into place: a reader starting at
  // the same moment finds the old file or the new one, never half of one.
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(draft, 0o600);
  renameSync(draft, file);
  return credentials;
}
