// WAL checkpoints off the event loop under load. SQLite copies the write-ahead log back into the
// database file every 1,000 pages, inside whichever COMMIT crosses the mark: with a few writes a
// second that is a few milliseconds now and then, but under load it is a pause for every
// request waiting on the loop. So once writes come faster than `workerFromWritesPerSecond`, a
// worker thread (~10 MB, which a quiet restaurant need not pay for) takes the checkpoints over,
// until writes have been slower than that for `workerIdleMs`. While it runs, the app's own
// connection never checkpoints; the worker, with its own connection, copies the log every
// 200 ms (PASSIVE: it never blocks a writer or a reader). Under a steady stream of writes such a
// checkpoint never catches up with the log's end, and SQLite only starts the log over once it
// has: so when the log passes `restartPages`, the worker catches up as far as it can while writes
// go on (copy, then sync the log and the database file), the app holds its writes back for a
// moment (queued, the loop runs on), the worker copies the last few milliseconds' frames and
// restarts the log, and the writes go on. Should the worker stop, the app's connection takes automatic checkpoints back, so the log
// can never grow unbounded.
import { closeSync, openSync, statSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { startWorker } from '../../infrastructure/worker-threads.js';
import type { CheckpointWorkerData, CheckpointWorkerMessage, DiskStep } from './checkpoint-worker.js';
import type { SqliteRunner } from './group-commit.js';

export const CHECKPOINT_POLICY = {
  everyMs: 200,
  /** About 256 MB of log: then the log is started over (writes pause for it, a few ms under load). */
  restartPages: 65_536,
  /** Writes are never held back longer than this, whatever the worker does. */
  maxPauseMs: 1000,
  /**
   * From this pace of committed writes (some eighty orders a second; a storm of failed sign-ins
   * is ~3 writes each) the worker checkpoints. Below it, SQLite's checkpoint in the commit (1,000
   * pages; a write alone is about two) comes about once a second at most, a few milliseconds.
   */
  workerFromWritesPerSecond: 500,
  /** Below that pace for this long, the worker ends and SQLite checkpoints on its own again. */
  workerIdleMs: 10_000,
  /** How often the pace is read. */
  paceEveryMs: 1000,
} as const;
/** SQLite's default automatic checkpoint, restored if the worker is gone. */
const AUTOMATIC_PAGES = 1000;

export interface Checkpointer {
  /** Lets the worker finish its round and close its connection. */
  stop(): Promise<void>;
}

/**
 * A descriptor of the database file for the worker to sync it with (undefined if it cannot be
 * opened: the restart then syncs it, with writes held). Closing any descriptor of a file drops
 * every POSIX lock the process holds on it, and SQLite holds a shared lock on the database
 * while a connection is open: so it is closed only after the connection (`release`).
 */
function openForSync(file: string): number | undefined {
  try {
    return openSync(file, 'r');
  } catch {
    return undefined;
  }
}

/** What the worker could not do, other than wait its turn: the disk, most likely. */
export interface DiskError {
  step: DiskStep;
  /** SQLite's (`SQLITE_IOERR_…`) or the system's (`EIO`). */
  code: string | undefined;
  message: string;
}

type Policy = Record<keyof typeof CHECKPOINT_POLICY, number>;

interface CheckpointArgs {
  db: Database;
  file: string;
  runner: SqliteRunner;
  /**
   * Told when a worker stopped on its own (the connection has gone back to automatic
   * checkpoints; `manageCheckpoints` starts no other).
   */
  onStopped?: (error: Error | undefined) => void;
  /** Told the first time a worker fails each step (a checkpoint, a sync) other than by being busy. */
  onDiskError?: (error: DiskError) => void;
  policy?: Partial<Policy>;
  /** From `openForSync`: the worker syncs the database file on it before a restart. */
  syncFd?: number;
}

export interface Checkpoints extends Checkpointer {
  /** Whether a worker takes the checkpoints now (else SQLite does, in the COMMIT). */
  inWorker(): boolean;
  /** After `stop` and once the connection has closed (it throws before): closes what the workers synced with. */
  release(): void;
}

/**
 * Frames the log file has room for (0 without one): at most what a crash or a stop left
 * uncopied (the file is reused from its start, so it may hold fewer live ones).
 */
function logFrames(db: Database, file: string): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  try {
    // A 32-byte header, then frames of a 24-byte header and a page each.
    return Math.max(0, Math.floor((statSync(`${file}-wal`).size - 32) / (pageSize + 24)));
  } catch {
    return 0;
  }
}
/** A log this long at start (a crash under load) is copied by the worker, not in a commit. */
const LEFTOVER_FRAMES = 4 * AUTOMATIC_PAGES;

/**
 * Who checkpoints, by the pace of writes: SQLite in the COMMIT while writes are few, a worker
 * (`startCheckpointer`) while they are many — and from the start when a long log was left over
 * (after a crash under load), so that no request's commit copies it. A worker that failed is not
 * started again.
 */
export function manageCheckpoints(args: CheckpointArgs): Checkpoints {
  const policy: Policy = { ...CHECKPOINT_POLICY, ...args.policy };
  let worker: Checkpointer | undefined;
  /** A worker on its way out: the next one waits for it (it gives checkpoints back as it goes). */
  let leaving: Promise<void> | undefined;
  let failed = false;
  let closed = false;
  let syncFd: number | undefined;
  let seen = args.runner.committedWrites();
  let slowForMs = 0;
  const fail = (error: Error | undefined) => {
    worker = undefined;
    failed = true;
    args.onStopped?.(error);
  };
  const start = () => {
    try {
      syncFd ??= openForSync(args.file);
      worker = startCheckpointer({ ...args, policy, onStopped: fail, syncFd });
    } catch (error) {
      // No worker could be made (out of threads, say): SQLite keeps checkpointing.
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const watch = setInterval(() => {
    const committed = args.runner.committedWrites();
    const perSecond = ((committed - seen) * 1000) / policy.paceEveryMs;
    seen = committed;
    if (perSecond >= policy.workerFromWritesPerSecond) {
      slowForMs = 0;
      if (worker || leaving || failed || closed) return;
      start();
    } else if (worker) {
      slowForMs += policy.paceEveryMs;
      if (slowForMs < policy.workerIdleMs) return;
      const ending = worker;
      worker = undefined;
      leaving = ending.stop().finally(() => {
        leaving = undefined;
      });
    }
  }, policy.paceEveryMs);
  watch.unref();
  if (logFrames(args.db, args.file) > LEFTOVER_FRAMES) start();
  return {
    inWorker: () => worker !== undefined,
    async stop() {
      closed = true;
      clearInterval(watch);
      await leaving;
      await worker?.stop();
    },
    release() {
      if (syncFd === undefined) return;
      if (args.db.open) {
        // Closing it now would drop the process's locks on a file still in use.
        throw new Error('release() comes after the connection has closed');
      }
      closeSync(syncFd);
      syncFd = undefined;
    },
  };
}

export function startCheckpointer(args: CheckpointArgs): Checkpointer {
  const { db, file, runner } = args;
  const policy = { ...CHECKPOINT_POLICY, ...args.policy };
  let failure: Error | undefined;
  let stopping = false;
  const workerData: CheckpointWorkerData = {
    file,
    everyMs: policy.everyMs,
    restartPages: policy.restartPages,
    syncFd: args.syncFd,
  };
  const worker = startWorker(import.meta.url, 'checkpoint-worker', { workerData });
  worker.unref();
  // Only once there is a worker (its exit, should it fail, gives these back). The connection's
  // log size limit too: SQLite cuts the log file back to it in the first commit after a restart
  // (an ftruncate of up to a few hundred MB, on the event loop: 40–100 ms of stalled requests
  // every restart under load). While the worker runs the file is reused whole from its start;
  // once it has gone, SQLite's next restart cuts it back.
  const logLimit = db.pragma('journal_size_limit', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('journal_size_limit = -1');
  let pauseGuard: NodeJS.Timeout | undefined;
  const resume = () => {
    clearTimeout(pauseGuard);
    runner.resumeWrites();
  };
  worker.on('message', (message: CheckpointWorkerMessage) => {
    if (message === 'pause-writes') {
      pauseGuard = setTimeout(resume, policy.maxPauseMs);
      pauseGuard.unref();
      runner.pauseWrites();
      worker.postMessage('writes-paused');
    } else if (message === 'resume-writes') resume();
    else args.onDiskError?.({ step: message.step, code: message.code, message: message.message });
  });
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      resume();
      if (db.open) {
        db.pragma(`wal_autocheckpoint = ${AUTOMATIC_PAGES}`);
        db.pragma(`journal_size_limit = ${logLimit}`);
      }
      if (!stopping) args.onStopped?.(failure ?? new Error('checkpoint worker exited'));
      resolve();
    });
  });
  // A worker that fails to start or dies exits too: the handler above restores the default.
  worker.on('error', (error) => {
    failure = error;
  });
  return {
    async stop() {
      stopping = true;
      // Waited for: the process stays up until the worker has closed its connection.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
