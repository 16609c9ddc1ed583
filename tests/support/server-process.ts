// The real entry point as an operator starts it, `node src/server/main.ts` with environment
// variables, in a child process of the test; killed (SIGKILL) when the test ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

const MAIN = join(import.meta.dirname, '../../src/server/main.ts');

export interface ServerProcess {
  child: ChildProcess;
  /** Where it serves, once it says so (logging at info); rejects if it exits first. */
  url: Promise<string>;
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
}

/** Starts the server; `keep`: leave it running past the test (the file's own hooks stop it). */
export function startServerProcess(
  env: Record<string, string>,
  options: { keep?: boolean } = {},
): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!options.keep) onTestFinished(() => void child.kill('SIGKILL'));
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
