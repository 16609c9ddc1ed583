// `npm run dev`: the API server restarting on change (tsx watch) and Vite's hot-reloading web
// app in front of it, which proxies /api to the server. Ctrl-C stops both.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
const apiPort = process.env.PORT ?? '3000';

const children: ChildProcess[] = [
  spawn(bin('tsx'), ['watch', '--clear-screen=false', 'src/server/main.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, PORT: apiPort },
  }),
  spawn(bin('vite'), [], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, VITE_DEV_API_PORT: apiPort },
  }),
];

process.stdout.write(
  `\nVon Appétit dev: open http://localhost:5173/website/order (API on http://localhost:${apiPort})\n\n`,
);

let stopping = false;
function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exitCode = code;
}

for (const child of children) {
  child.on('exit', (code) => {
    stopAll(code ?? 0);
  });
}
process.on('SIGINT', () => {
  stopAll(0);
});
process.on('SIGTERM', () => {
  stopAll(0);
});
