// The simulator as a module: listening and closing, what it remembers, credentials it makes up.
import { createSign, createVerify } from 'node:crypto';
import { Channels } from '@vonage/verify2';
import { describe, expect, it, vi } from 'vitest';
import { createVonageSimulator, generateSandboxCredentials } from '../../src/vonage-sim/index.js';
import { aString, textContaining, textMatching } from './support/matchers.js';
import { send } from './support/raw-http.js';
import { sandboxCredentials, startSandbox } from './support/sandbox.js';

describe('the simulator', () => {
  it('listens on a free loopback port and gives its base URL without a trailing slash', async () => {
    const simulator = createVonageSimulator({ credentials: sandboxCredentials() });
    const url = await simulator.listen();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await send(`${url}/nothing-here`, { method: 'GET' })).status).toBe(404);
    await simulator.close();
    await expect(fetch(`${url}/nothing-here`)).rejects.toThrow();
  });

  it('refuses credentials whose public key is not a PEM, at once', () => {
    expect(() =>
      createVonageSimulator({ credentials: { ...sandboxCredentials(), publicKey: 'not a key' } }),
    ).toThrow();
  });

  it('lists what it sent newest first, filtered by number with or without +', async () => {
    const sandbox = await startSandbox();
    const sms = (to: string) =>
      sandbox.sdk().messages.send({ messageType: 'text', channel: 'sms', to, from: 'Von', text: `to ${to}` });
    await sms('15556661234');
    await sms('15556661235');
    await sms('15556661234');
    expect(sandbox.simulator.sent().map((m) => m.to)).toEqual(['15556661234', '15556661235', '15556661234']);
    expect(sandbox.simulator.sent({ to: '+15556661235' })).toHaveLength(1);
    expect(sandbox.simulator.sent({ to: '15550109999' })).toEqual([]);
  });

  it('hands out copies: changing one does not change what it remembers', async () => {
    const sandbox = await startSandbox();
    await sandbox
      .sdk()
      .verify2.newRequest({ brand: 'Von', workflow: [{ channel: Channels.SMS, to: '15556661234' }] });
    const [first] = sandbox.simulator.sent();
    if (!first) throw new Error('nothing sent');
    first.text = 'tampered';
    expect(sandbox.simulator.sent()[0]?.text).not.toBe('tampered');
  });

  it('knows no code for a number it never verified', async () => {
    const sandbox = await startSandbox();
    expect(sandbox.simulator.lastCode('15556661234')).toBeUndefined();
  });

  it('gives the newest code when a number was verified twice', async () => {
    const sandbox = await startSandbox();
    const start = () =>
      sandbox
        .sdk()
        .verify2.newRequest({ brand: 'Von', workflow: [{ channel: Channels.SMS, to: '15556661234' }] });
    const { requestId } = await start();
    await sandbox.sdk().verify2.checkCode(requestId, sandbox.simulator.lastCode('15556661234') ?? '');
    await start();
    const [newest] = sandbox.simulator.sent();
    expect(newest?.text).toContain(`your code is ${sandbox.simulator.lastCode('+15556661234') ?? '?'}.`);
  });

  it('keeps working when an onSent listener throws, and logs it', async () => {
    const errors: string[] = [];
    const log = {
      info: () => undefined,
      warn: () => undefined,
      error: (_d: object, m: string) => errors.push(m),
    };
    const sandbox = await startSandbox({ log });
    sandbox.simulator.onSent(() => {
      throw new Error('the dev inbox went away');
    });
    await expect(
      sandbox
        .sdk()
        .verify2.newRequest({ brand: 'Von', workflow: [{ channel: Channels.SMS, to: '15556661234' }] }),
    ).resolves.toHaveProperty('requestId');
    expect(errors).toEqual(['vonage-sim: an onSent listener threw']);
  });

  it('closes at once even while a too-slow answer is stalled', async () => {
    const lines: string[] = [];
    const log = {
      info: (_d: object, m: string) => lines.push(m),
      warn: () => undefined,
      error: () => undefined,
    };
    const sandbox = await startSandbox({ log, slowResponseMs: 60_000 });
    const stalled = sandbox
      .sdk({ timeoutMs: 60_000 })
      .verify.start({ number: '15550100504', brand: 'Von' })
      .catch((error: unknown) => error);
    await vi.waitFor(() => {
      expect(lines).toContain('vonage-sim: stalling (too-slow scenario)');
    });
    const started = Date.now();
    await sandbox.simulator.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    await stalled;
  });
});

describe('generateSandboxCredentials', () => {
  it('makes Vonage-shaped credentials and a working RSA key pair', () => {
    const credentials = generateSandboxCredentials();
    expect(credentials).toEqual({
      apiKey: textMatching(/^[0-9a-f]{8}$/),
      apiSecret: textMatching(/^[A-Za-z0-9]{16}$/),
      applicationId: textMatching(/^[0-9a-f-]{36}$/),
      publicKey: textContaining('-----BEGIN PUBLIC KEY-----'),
      privateKey: textContaining('-----BEGIN PRIVATE KEY-----'),
      signatureSecret: aString(),
    });
    const signature = createSign('RSA-SHA256').update('order 12').sign(credentials.privateKey);
    expect(createVerify('RSA-SHA256').update('order 12').verify(credentials.publicKey, signature)).toBe(true);
  });

  it('never makes the same credentials twice', () => {
    const [a, b] = [generateSandboxCredentials(), generateSandboxCredentials()];
    expect(a.apiSecret).not.toBe(b.apiSecret);
    expect(a.signatureSecret).not.toBe(b.signatureSecret);
    expect(a.applicationId).not.toBe(b.applicationId);
  });
});
