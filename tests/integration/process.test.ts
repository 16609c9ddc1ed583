// The real entry point as an operator starts it: `node src/server/main.ts` with environment variables.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MenuList } from '../../src/contract/menu.js';
import { createTestDatabase } from '../support/test-store.js';

const MAIN = join(import.meta.dirname, '../../src/server/main.ts');
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      resolve(code);
    }),
  );
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /serving at (http:\/\/localhost:\d+)\//.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => {
      reject(new Error(`exited with ${code}: ${stderr}`));
    });
  });
  // Tests that expect an early exit never await the URL: mark its rejection as handled.
  url.catch(() => undefined);
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

describe('starting the server', () => {
  it('stops with exit code 1 and one readable line when PORT is malformed', async () => {
    const server = start({ PORT: 'abc' });
    expect(await server.exited).toBe(1);
    const { stderr } = server.output();
    expect(stderr).toBe('Invalid configuration: PORT: must be a whole number from 0 to 65535 (got "abc")\n');
  });

  it('refuses to start in production on the sandbox, naming what is missing', async () => {
    const server = start({ NODE_ENV: 'production' });
    expect(await server.exited).toBe(1);
    expect(server.output().stderr).toMatch(
      /^Invalid configuration: VONAGE_APPLICATION_ID: NODE_ENV=production needs real Vonage credentials/,
    );
  });

  it('serves the seeded menu in sandbox mode, shuts down cleanly on SIGTERM and keeps its data across a restart', async () => {
    const database = await createTestDatabase();
    const dataDir = await mkdtemp(join(tmpdir(), 'von-appetit-data-'));
    try {
      const env = { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...database.env };

      const first = start(env);
      const firstUrl = await first.url;
      const before = MenuList.parse(await (await fetch(`${firstUrl}/api/inventory`)).json());
      expect(before.map(({ name, price }) => ({ name, price }))).toEqual([
        { name: 'Hamburger', price: 995 },
        { name: 'Soda', price: 199 },
      ]);
      // Sandbox: it says so, the dev inbox answers, and the simulator's credentials stay private on disk.
      expect(first.output().stdout).toContain('sandbox mode: Vonage calls go to the built-in simulator');
      expect((await fetch(`${firstUrl}/dev/inbox/messages`)).status).toBe(200);
      const credentialsFile = join(dataDir, 'vonage-sandbox.json');
      expect((await stat(credentialsFile)).mode & 0o777).toBe(0o600);
      const credentials = await readFile(credentialsFile, 'utf8');
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      const second = start(env);
      const after = MenuList.parse(await (await fetch(`${await second.url}/api/inventory`)).json());
      expect(after).toEqual(before);
      expect(await readFile(credentialsFile, 'utf8')).toBe(credentials);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
