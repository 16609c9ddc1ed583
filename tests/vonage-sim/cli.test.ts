// `npm run vonage-sim`: starts from the environment (or makes credentials up), says how to use it, stops on a signal.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Vonage } from '@vonage/server-sdk';
import { Channels } from '@vonage/verify2';
import { describe, expect, it, onTestFinished } from 'vitest';
import { sandboxCredentials } from './support/sandbox.js';

const CLI = resolve(import.meta.dirname, '../../src/vonage-sim/cli.ts');

/** Starts the CLI and resolves with everything it printed up to its magic-number line. */
function startCli(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ child: ChildProcess; output: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VONAGE_')),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', ...args], {
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return new Promise((resolvePrinted, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Magic numbers:')) resolvePrinted({ child, output });
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('exit', (code) => {
      reject(new Error(`the CLI exited (${String(code)}) before it was ready:\n${output}`));
    });
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolveExit) => child.once('exit', resolveExit));
}

const printed = (output: string, name: string) => new RegExp(`${name}=(\\S+)`).exec(output)?.[1] ?? '';

describe('the vonage-sim command', () => {
  it('makes up missing credentials, prints them with the private key, serves the SDK, and stops on SIGTERM', async () => {
    const { child, output } = await startCli({});
    const url = /Vonage simulator: (http:\/\/\S+)/.exec(output)?.[1] ?? '';
    const privateKey = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(output)?.[0] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(privateKey).not.toBe('');
    const vonage = new Vonage(
      {
        apiKey: printed(output, 'VONAGE_API_KEY'),
        apiSecret: printed(output, 'VONAGE_API_SECRET'),
        applicationId: printed(output, 'VONAGE_APPLICATION_ID'),
        privateKey,
      },
      { apiHost: url, timeout: 2000 },
    );
    await vonage.verify2.newRequest({
      brand: 'Von Appétit',
      workflow: [{ channel: Channels.SMS, to: '15556661234' }],
    });
    const started = await vonage.verify.start({ number: '15556661235', brand: 'Von Appétit' });
    expect(started).toMatchObject({ status: '0' });
    const exit = exitOf(child);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('uses the credentials it is given, the public key read from a file, and prints no private key', async () => {
    const credentials = sandboxCredentials();
    const folder = mkdtempSync(join(tmpdir(), 'vonage-sim-'));
    onTestFinished(() => {
      rmSync(folder, { recursive: true, force: true });
    });
    const keyFile = join(folder, 'public.pem');
    writeFileSync(keyFile, credentials.publicKey);
    const { child, output } = await startCli({
      VONAGE_API_KEY: credentials.apiKey,
      VONAGE_API_SECRET: credentials.apiSecret,
      VONAGE_APPLICATION_ID: credentials.applicationId,
      VONAGE_PUBLIC_KEY: keyFile,
      VONAGE_SIGNATURE_SECRET: credentials.signatureSecret,
    });
    expect(output).not.toContain('PRIVATE KEY');
    expect(output).not.toContain(credentials.apiSecret);
    const url = /Vonage simulator: (http:\/\/\S+)/.exec(output)?.[1] ?? '';
    const vonage = new Vonage(credentials, { videoHost: url, timeout: 2000 });
    await expect(vonage.video.createSession()).resolves.toHaveProperty('sessionId');
    const exit = exitOf(child);
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });

  it('keeps its credentials in the file given with --credentials: made (owner-only) when missing, the same ones on the next start', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vonage-sim-'));
    onTestFinished(() => {
      rmSync(folder, { recursive: true, force: true });
    });
    const file = join(folder, 'data', 'vonage-sandbox.json');
    const first = await startCli({}, ['--credentials', file]);
    expect(first.output).toContain(`Credentials (with the private key the SDK signs with): ${file}`);
    // Everything is in the file; nothing secret goes to the terminal.
    expect(first.output).not.toContain('PRIVATE KEY');
    expect(first.output).not.toContain('Generated');
    expect(first.output).toContain('No --status-url: delivery reports go nowhere');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof sandboxCredentials>;
    const firstExit = exitOf(first.child);
    first.child.kill('SIGTERM');
    expect(await firstExit).toBe(0);

    // A second start (the app reads the same file, with VONAGE_SIMULATOR_URL): the same keys work.
    const second = await startCli({ VONAGE_API_KEY: 'ignored1' }, [
      '--credentials',
      file,
      '--status-url',
      'http://127.0.0.1:9/api/webhooks/vonage/message-status',
    ]);
    expect(second.output).toContain('Ignored, --credentials wins: VONAGE_API_KEY');
    expect(second.output).not.toContain('No --status-url');
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(stored, null, 2)}\n`);
    const url = /Vonage simulator: (http:\/\/\S+)/.exec(second.output)?.[1] ?? '';
    const vonage = new Vonage(stored, { apiHost: url, videoHost: url, timeout: 2000 });
    await expect(vonage.video.createSession()).resolves.toHaveProperty('sessionId');
    const started = await vonage.verify.start({ number: '15556661236', brand: 'Von Appétit' });
    expect(started).toMatchObject({ status: '0' });
    const secondExit = exitOf(second.child);
    second.child.kill('SIGTERM');
    expect(await secondExit).toBe(0);
  });
});
