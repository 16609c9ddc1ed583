import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config/config.js';
import { problemsOf } from '../support/config.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const APP_ID = '0d8f8c2e-8f1a-4b8e-9d7a-1f2e3d4c5b6a';

describe('Vonage configuration', () => {
  it('runs on the sandbox simulator when no Vonage credentials are set', () => {
    expect(loadConfig({}).comms).toEqual({ mode: 'sandbox', from: 'VonAppetit', timeoutMs: 5000 });
  });

  it('runs the sandbox against a simulator on its own when VONAGE_SIMULATOR_URL names one', () => {
    expect(loadConfig({ VONAGE_SIMULATOR_URL: 'http://127.0.0.1:4010/' }).comms).toEqual({
      mode: 'sandbox',
      simulatorUrl: 'http://127.0.0.1:4010',
      from: 'VonAppetit',
      timeoutMs: 5000,
    });
  });

  it.each([
    [
      'not a URL',
      'localhost 4010',
      /^VONAGE_SIMULATOR_URL: must be the http\(s\) address of a running Vonage simulator/,
    ],
    ['another scheme', 'ftp://127.0.0.1:4010', /^VONAGE_SIMULATOR_URL: must be the http\(s\) address/],
    ['a path', 'http://127.0.0.1:4010/v2', /^VONAGE_SIMULATOR_URL: must be an origin, without a path/],
  ])('refuses a simulator URL that is %s', (_what, value, problem) => {
    expect(problemsOf({ VONAGE_SIMULATOR_URL: value })).toEqual([expect.stringMatching(problem)]);
  });

  it('refuses to run production on a simulator, on its own or not', () => {
    const [line] = problemsOf({ NODE_ENV: 'production', VONAGE_SIMULATOR_URL: 'http://127.0.0.1:4010' });
    expect(line).toMatch(/NODE_ENV=production needs real Vonage credentials/);
  });

  it('refuses a simulator URL beside real Vonage credentials (which one was meant is unclear)', () => {
    expect(
      problemsOf({
        VONAGE_API_KEY: 'abcd1234',
        VONAGE_API_SECRET: 'abcdefSECRET',
        VONAGE_SIMULATOR_URL: 'http://127.0.0.1:4010',
      }),
    ).toEqual([
      'VONAGE_SIMULATOR_URL: is for the sandbox, and Vonage credentials are set (unset one or the other)',
    ]);
  });

  it("uses the article's API key and secret", () => {
    expect(loadConfig({ VONAGE_API_KEY: 'abcd1234', VONAGE_API_SECRET: 'abcdefSECRET' }).comms).toMatchObject(
      {
        mode: 'vonage',
        credentials: { apiKey: 'abcd1234', apiSecret: 'abcdefSECRET' },
      },
    );
  });

  it.each([
    ['PEM text', PEM],
    ['PEM text with \\n escapes, as in a .env file', PEM.replace(/\n/g, '\\n')],
    ['base64 of the PEM', Buffer.from(PEM).toString('base64')],
    [
      'a file path',
      (() => {
        const file = join(mkdtempSync(join(tmpdir(), 'von-appetit-key-')), 'private.key');
        writeFileSync(file, PEM);
        return file;
      })(),
    ],
  ])('reads the application private key given as %s', (_form, value) => {
    const comms = loadConfig({ VONAGE_APPLICATION_ID: APP_ID, VONAGE_PRIVATE_KEY: value }).comms;
    expect(comms).toMatchObject({ mode: 'vonage', credentials: { applicationId: APP_ID, privateKey: PEM } });
  });

  it('refuses a private key that is not one, without echoing it', () => {
    const [line] = problemsOf({ VONAGE_APPLICATION_ID: APP_ID, VONAGE_PRIVATE_KEY: 'not-a-key-at-all' });
    expect(line).toMatch(/^VONAGE_PRIVATE_KEY: must be a PEM private key/);
    expect(line).not.toContain('not-a-key-at-all');
  });

  it.each([
    ['an EC key', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey],
    ['a 1024-bit RSA key', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey],
  ])('refuses %s: Vonage checks application tokens as RS256 with 2048 bits or more', (_kind, key) => {
    const pem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
    const [line] = problemsOf({ VONAGE_APPLICATION_ID: APP_ID, VONAGE_PRIVATE_KEY: pem });
    expect(line).toMatch(/^VONAGE_PRIVATE_KEY: must be a PEM private key \(RSA, 2048 bits or more/);
  });

  it('names the missing half of a credential pair', () => {
    expect(problemsOf({ VONAGE_API_KEY: 'abcd1234' })).toEqual([
      'VONAGE_API_SECRET: is required with VONAGE_API_KEY (it is not set)',
    ]);
    expect(problemsOf({ VONAGE_APPLICATION_ID: APP_ID })).toEqual([
      'VONAGE_PRIVATE_KEY: is required with VONAGE_APPLICATION_ID (it is not set)',
    ]);
  });

  it('refuses to start in production on the sandbox', () => {
    const [line] = problemsOf({ NODE_ENV: 'production' });
    expect(line).toMatch(/NODE_ENV=production needs real Vonage credentials/);
  });

  it('refuses to start in production without the webhook signature secret', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      VONAGE_API_KEY: 'abcd1234',
      VONAGE_API_SECRET: 'abcdefSECRET',
    });
    expect(problems).toEqual([expect.stringMatching(/^VONAGE_SIGNATURE_SECRET: is required in production/)]);
  });

  it('never echoes a secret in an error line', () => {
    const [line] = problemsOf({ VONAGE_API_KEY: 'abcd1234', VONAGE_API_SECRET: 'short' });
    expect(line).toMatch(/^VONAGE_API_SECRET:/);
    expect(line).not.toContain('short"');
  });
});
