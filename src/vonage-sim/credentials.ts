// Fresh sandbox credentials, shaped like a Vonage account's: key, secret, application, key pair.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { SimulatorCredentials } from './api.js';

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
export function generateSandboxCredentials(): SimulatorCredentials & { privateKey: string } {
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
