// The app (or the bare-Fastify ceiling, or the Vonage simulator) in a child process, as
// production runs it: built JavaScript under plain node, on its own core as far as the machine allows.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** How `npm start` launches the server (package.json "config"): the bench runs it the same way. */
export interface ServerLaunch {
  nodeArgs: string[];
  env: Record<string, string>;
}

export function serverLaunch(root: string): ServerLaunch {
  const { config } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    config: { server_node_flags: string; server_malloc_arena_max: string };
  };
  return {
    nodeArgs: config.server_node_flags.split(' ').filter(Boolean),
    env: { MALLOC_ARENA_MAX: config.server_malloc_arena_max },
  };
}

export interface RunningProcess {
  url: string;
  pid: number;
  /** Resident memory of the process now, from /proc (what the OS charges it). */
  rssBytes(): number;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, no shutdown code runs. */
  kill(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

/** Every process started and not yet gone: stopped together when a run ends, however it ends. */
const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of started) child.kill('SIGKILL');
});

/** SIGTERM to every process still running, and waits for them all. */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...started].map((child) => {
      child.kill('SIGTERM');
      return exited(child);
    }),
  );
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else
      child.once('exit', () => {
        resolve();
      });
  });
}

/**
 * Starts `node <script>` with `env` and waits until `readyPath` answers 200 (without one, until
 * anything answers HTTP on the port).
 */
export async function startProcess(args: {
  script: string;
  /** Flags for node before the script (`--import tsx`). */
  nodeArgs?: string[];
  /** Arguments after the script. */
  scriptArgs?: string[];
  env: Record<string, string>;
  port: number;
  readyPath?: string;
  cwd: string;
  /** What it prints on standard output is dropped (its errors still show). */
  quiet?: boolean;
}): Promise<RunningProcess> {
  const child = spawn(process.execPath, [...(args.nodeArgs ?? []), args.script, ...(args.scriptArgs ?? [])], {
    cwd: args.cwd,
    env: { PATH: process.env.PATH ?? '', ...args.env, PORT: String(args.port), HOST: '127.0.0.1' },
    stdio: ['ignore', args.quiet ? 'ignore' : 'inherit', 'inherit'],
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  const url = `http://127.0.0.1:${args.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${args.script} exited with ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${url}${args.readyPath ?? '/'}`);
      await response.arrayBuffer();
      if (response.ok || args.readyPath === undefined) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${args.script} was not ready within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    rssBytes() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      return Number(kb ?? 0) * 1024;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}
