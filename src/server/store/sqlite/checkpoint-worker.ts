// The checkpoint worker thread (started by checkpointer.ts, which explains when and why): its own
// connection to the database copies the write-ahead log back every `everyMs`, and restarts the
// log, with the app's writes held, once it has grown past `restartPages`.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface CheckpointWorkerData {
  file: string;
  everyMs: number;
  restartPages: number;
  /** A descriptor of the database file the app keeps open, to sync the copied pages on. */
  syncFd: number | undefined;
}

export type DiskStep = 'checkpoint' | 'log sync' | 'database sync';

/** What the worker says to the app; the app answers `writes-paused` and `stop`. */
export type CheckpointWorkerMessage =
  | 'pause-writes'
  | 'resume-writes'
  | { type: 'disk-error'; step: DiskStep; code: string | undefined; message: string };

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

const codeOf = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;

function run(port: NonNullable<typeof parentPort>, data: CheckpointWorkerData): void {
  const db = new Database(data.file, { fileMustExist: true });
  db.pragma('busy_timeout = 100');
  const say = (message: CheckpointWorkerMessage) => {
    port.postMessage(message);
  };
  let restarting = false;
  // After a restart that could not finish (a long reader elsewhere, a backup), rounds that may
  // pause writes again are skipped: 1, 2, 4 … 64 of them.
  let backoff = 0;
  let skip = 0;
  // A step that failed other than by waiting its turn — a checkpoint's I/O error, a refused
  // fsync: the disk, most likely — is told once for each step by each worker. Nothing else would
  // say it: the commits of a WAL database in synchronous=NORMAL do not sync, and SQLite's own
  // automatic checkpoints are silent too.
  const told = new Set<DiskStep>();
  const diskError = (step: DiskStep, error: unknown) => {
    if (told.has(step)) return;
    told.add(step);
    say({
      type: 'disk-error',
      step,
      code: codeOf(error),
      message: String((error as Error | undefined)?.message),
    });
  };
  const checkpoint = (mode: 'PASSIVE' | 'RESTART'): CheckpointResult | undefined => {
    try {
      return (db.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[])[0];
    } catch (error) {
      // Busy or locked: the next round tries again.
      if (!/^SQLITE_(BUSY|LOCKED)/.test(codeOf(error) ?? '')) diskError('checkpoint', error);
      return undefined;
    }
  };
  // The log's written-but-unsynced pages, flushed while writes go on: the restart's own fsync
  // then has less left to do. (Its descriptor may be closed: SQLite locks the shared-memory
  // file, not the log.)
  const flushLog = () => {
    let fd: number;
    try {
      fd = openSync(`${data.file}-wal`, 'r');
    } catch {
      // No descriptor to spare (or no log): the restart syncs the log itself.
      return;
    }
    try {
      fsyncSync(fd);
    } catch (error) {
      diskError('log sync', error);
    } finally {
      closeSync(fd);
    }
  };
  // The database pages the checkpoints copied, flushed while writes go on. SQLite syncs them
  // only in a checkpoint that reaches the log's end — under steady writes, the restart's: 15–25
  // ms of fsync with writes held. (On a descriptor the app keeps open: closing one here would
  // drop the process's POSIX locks on the database file, SQLite's shared lock among them.)
  const syncDatabase = () => {
    if (data.syncFd === undefined) return;
    try {
      fsyncSync(data.syncFd);
    } catch (error) {
      diskError('database sync', error);
    }
  };
  const round = () => {
    if (restarting) return;
    const done = checkpoint('PASSIVE');
    if (!done || done.log < data.restartPages) return;
    if (skip > 0) {
      skip -= 1;
      return;
    }
    // Catch up with what was written meanwhile, closer each time, until a pass is quick (three
    // at most): the restart, with writes held, then has only the last pass's frames to copy and sync.
    for (let pass = 0; pass < 3; pass += 1) {
      const started = performance.now();
      checkpoint('PASSIVE');
      flushLog();
      syncDatabase();
      if (performance.now() - started < 4) break;
    }
    restarting = true;
    say('pause-writes');
  };
  const timer = setInterval(round, data.everyMs);
  port.on('message', (message: 'writes-paused' | 'stop') => {
    if (message === 'writes-paused') {
      const restarted = checkpoint('RESTART');
      const finished = restarted?.busy === 0;
      backoff = finished ? 0 : Math.min(64, Math.max(1, backoff * 2));
      skip = backoff;
      restarting = false;
      say('resume-writes');
    } else {
      clearInterval(timer);
      checkpoint('PASSIVE');
      db.close();
      port.close();
    }
  });
}

if (parentPort) run(parentPort, workerData as CheckpointWorkerData);
