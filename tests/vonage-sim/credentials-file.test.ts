// The sandbox credentials file: what the app and a simulator on its own both read, so they agree.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { credentialsInFile } from '../../src/vonage-sim/index.js';

function aFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'vonage-credentials-'));
  onTestFinished(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  return folder;
}

function recordingLog() {
  const warnings: { details: object; message: string }[] = [];
  return {
    warnings,
    log: {
      info: () => undefined,
      warn: (details: object, message: string) => warnings.push({ details, message }),
      error: () => undefined,
    },
  };
}

describe('the sandbox credentials file', () => {
  it('is made on first use, owner-only, and read back unchanged after', () => {
    const file = join(aFolder(), 'nested', 'vonage-sandbox.json');
    const { log, warnings } = recordingLog();
    const made = credentialsInFile(file, log);
    expect(made.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(made.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(made);
    expect(credentialsInFile(file, log)).toEqual(made);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['is not JSON', '{"apiKey": "abc'],
    ['misses a field', JSON.stringify({ apiKey: 'abcd1234', apiSecret: 'x' })],
  ])('is made anew, with a warning naming the file, when it %s', (_what, content) => {
    const file = join(aFolder(), 'vonage-sandbox.json');
    writeFileSync(file, content);
    const { log, warnings } = recordingLog();
    const made = credentialsInFile(file, log);
    expect(warnings).toEqual([
      { details: { file }, message: 'sandbox credentials file is unreadable: generating new ones' },
    ]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(made);
  });
});
