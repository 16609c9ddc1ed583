// Starts a worker thread from a module of ours, by path: the built `.js` beside the caller, or,
// when the app runs from its TypeScript sources (tests, `npm run dev`, scripts under tsx), the
// `.ts` through tsx, which a worker thread on Node 20 does not inherit from its parent.
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `name` is the module's file name without extension, next to the module at `from` (`import.meta.url`). */
export function startWorker(from: string, name: string, options: WorkerOptions): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, from), options);
  const program = new URL(`./${name}.ts`, from).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(program)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
