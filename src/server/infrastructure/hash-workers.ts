// Password hashes off the event loop, at a lower CPU priority than serving. An argon2id hash
// keeps a core busy for tens of milliseconds; on libuv's pool at normal priority, a storm of
// sign-ins competes with the event loop for the same cores and every menu and order waits its
// turn. Here each hash runs in a worker thread that lowered its own priority (nice 10; on Linux
// a nice value is per thread), so the event loop gets a core first: under load sign-ins slow
// down, serving does not. Workers start with the first hash, one per slot, one hash at a time,
// and end after IDLE_MS without one (each holds ~10 MB, and argon2's 19 MiB while hashing).
import type { Worker } from 'node:worker_threads';
import type { HashAnswer as Answer, HashJob as Job, HashWorkerData } from './hash-worker.js';
import { startWorker } from './worker-threads.js';

export const HASH_WORKER_NICE = 10;
/**
 * A worker with nothing to hash for this long ends; the next sign-in starts one (~30 ms). Sign-ins
 * come one by one, minutes apart, or in a burst (a shift starting): a worker is kept through a
 * burst, not for the minutes after it.
 */
export const IDLE_MS = 2_000;

/** The worker doing a hash stopped before answering (twice: the job was tried on a new one). */
export class HashWorkerStopped extends Error {}

interface HashWorker {
  worker: Worker;
  /** The job it is doing, if any. */
  job: { resolve: (value: string | boolean) => void; reject: (error: Error) => void } | null;
  idle: NodeJS.Timeout | undefined;
}

export interface HashWorkers {
  hash(password: string, options: object): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Workers alive now. */
  running(): number;
}

/** At most `slots` hashes at once: the caller queues beyond that (a job over it is refused). */
export function createHashWorkers(slots: number, idleMs = IDLE_MS): HashWorkers {
  const workers: HashWorker[] = [];
  const forget = (entry: HashWorker) => {
    const at = workers.indexOf(entry);
    if (at >= 0) workers.splice(at, 1);
  };

  function start(): HashWorker {
    const workerData: HashWorkerData = { nice: HASH_WORKER_NICE };
    const worker = startWorker(import.meta.url, 'hash-worker', { workerData });
    // Idle workers do not keep the process alive.
    worker.unref();
    const entry: HashWorker = { worker, job: null, idle: undefined };
    worker.on('message', (answer: Answer) => {
      const job = entry.job;
      entry.job = null;
      entry.idle = setTimeout(() => {
        // Out of the list first: no job may be handed to a worker on its way out.
        forget(entry);
        void worker.terminate();
      }, idleMs);
      entry.idle.unref();
      if (answer.ok) job?.resolve(answer.value);
      else job?.reject(new Error(answer.message));
    });
    // A worker that dies fails its job and is replaced by the next one that needs it.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      clearTimeout(entry.idle);
      forget(entry);
      entry.job?.reject(new HashWorkerStopped('password hashing worker stopped'));
    });
    workers.push(entry);
    return entry;
  }

  function runOnce(job: Job): Promise<string | boolean> {
    const free = workers.find((w) => w.job === null) ?? (workers.length < slots ? start() : undefined);
    if (!free) return Promise.reject(new Error(`more than ${slots} password hashes at once`));
    clearTimeout(free.idle);
    return new Promise((resolve, reject) => {
      free.job = { resolve, reject };
      free.worker.postMessage(job);
    });
  }

  /** A job whose worker stopped is tried once more on a new one. */
  const run = (job: Job) =>
    runOnce(job).catch((error: unknown) => {
      if (error instanceof HashWorkerStopped) return runOnce(job);
      throw error;
    });

  return {
    hash: async (password, options) => String(await run({ op: 'hash', password, options })),
    verify: async (hash, password) => (await run({ op: 'verify', hash, password })) === true,
    running: () => workers.length,
  };
}
