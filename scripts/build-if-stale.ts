// Builds the web app and the server only when their sources changed since the last build.
// `npm start` runs this first; the browser tests run it for the web app.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

interface Target {
  name: string;
  /** Written after a successful build; its mtime is the build's time. */
  stamp: string;
  inputs: string[];
  build: () => void;
}

const SHARED_INPUTS = ['package-lock.json', 'tsconfig.base.json', 'src/contract'];

const TARGETS: Record<'web' | 'server', Target> = {
  web: {
    name: 'web app',
    stamp: 'dist/.web-built',
    inputs: [...SHARED_INPUTS, 'src/web', 'vite.config.ts', 'tsconfig.web.json'],
    build: () =>
      execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
        cwd: ROOT,
        stdio: 'inherit',
        // Whatever NODE_ENV the caller runs under (vitest sets `test`), the web app is built as
        // it ships: otherwise Vue's development build, twice the size, is what gets tested.
        env: { ...process.env, NODE_ENV: 'production' },
      }),
  },
  server: {
    name: 'server',
    stamp: 'dist/.server-built',
    inputs: [...SHARED_INPUTS, 'src/server', 'src/vonage-sim', 'tsconfig.build.json'],
    build: () =>
      execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
        cwd: ROOT,
        stdio: 'inherit',
      }),
  },
};

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestMtime(join(path, entry))),
    stat.mtimeMs,
  );
}

function isStale(target: Target): boolean {
  const stamp = join(ROOT, target.stamp);
  if (!existsSync(stamp)) return true;
  const builtAt = statSync(stamp).mtimeMs;
  return target.inputs.some((input) => newestMtime(join(ROOT, input)) > builtAt);
}

/** Builds each named part whose sources are newer than its last build. */
export function buildIfStale(parts: readonly (keyof typeof TARGETS)[]): void {
  for (const part of parts) {
    const target = TARGETS[part];
    if (!isStale(target)) continue;
    process.stdout.write(`Building the ${target.name}…\n`);
    // Stamped with the time the build began: a source saved while it ran is newer, and is built
    // the next time.
    const began = new Date();
    target.build();
    const stamp = join(ROOT, target.stamp);
    writeFileSync(stamp, `${began.toISOString()}\n`);
    utimesSync(stamp, began, began);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    buildIfStale(['web', 'server']);
  } catch {
    // The compiler already printed what went wrong; a stack trace of execFileSync adds nothing.
    process.stderr.write('Build failed (see above).\n');
    process.exit(1);
  }
}
