// Group commit: the writes of one turn of the event loop share one transaction. SQLite pays
// most of a write's cost at its commit (the WAL frames, the locks); with fifty requests
// ordering at once, one commit for all of them instead of one each is most of the store's
// speed. Nothing is answered before it is durable: every operation run while a batch is open —
// reads too, which may see the batch's writes — settles only after its COMMIT; if the COMMIT
// fails, every one of them fails (503), and none of their writes exists.
import type { Database } from 'better-sqlite3';
import { DependencyUnavailableError } from '../../domain/errors.js';
import { toStoreError } from './errors.js';

export interface SqliteRunner {
  /** Runs a read at once; while writes await their commit, it waits with them. */
  read<T>(operation: string, work: () => T): Promise<T>;
  /**
   * Runs a write at once in the open batch. A statement is all or nothing on its own (a failing
   * one leaves the batch's other writes alone); a write of several statements wraps them in
   * `db.transaction`, which becomes a savepoint inside the batch.
   */
  write<T>(operation: string, work: () => T): Promise<T>;
  /** Commits the open batch now. */
  flush(): void;
  /** Commits the open batch and refuses writes from now on (503), before the database closes. */
  close(): void;
  /**
   * Commits the open batch at once and holds new writes back (queued, in order): the database
   * has no writer until `resumeWrites`. Reads go on meanwhile.
   */
  pauseWrites(): void;
  resumeWrites(): void;
  /** Writes committed since the runner started, failed ones not counted (their pace decides who takes checkpoints). */
  committedWrites(): number;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: Error };

interface Pending {
  operation: string;
  outcome: Outcome;
  settle: (outcome: Outcome) => void;
}

export function createSqliteRunner(db: Database): SqliteRunner {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  let batch: Pending[] | null = null;
  /** Read afresh each time: SQLite ends a transaction on its own after some errors. */
  const isOpen = () => db.inTransaction;
  let paused = false;
  let closing = false;
  /** Writes that arrived while paused, to run in arrival order. */
  const held: (() => void)[] = [];
  let committed = 0;
  /** Writes in the open batch that succeeded (reads held back with it are not counted). */
  let batchWrites = 0;

  function lose(pending: Pending[], cause: unknown): void {
    for (const p of pending) {
      p.settle({
        ok: false,
        error: new DependencyUnavailableError('store', `${p.operation}: not committed`, { cause }),
      });
    }
  }

  function flush(): void {
    const pending = batch;
    const writes = batchWrites;
    batch = null;
    batchWrites = 0;
    if (!pending) return;
    if (!db.inTransaction) {
      // Already rolled back by SQLite (disk full, I/O error): nothing of it was written.
      lose(pending, new Error('transaction rolled back'));
      return;
    }
    try {
      commit.run();
    } catch (error) {
      // A failed COMMIT may leave the transaction open (SQLITE_BUSY) or not (I/O error).
      try {
        if (isOpen()) rollback.run();
      } catch {
        // The connection is beyond saving; the next write finds it out on its own.
      }
      lose(pending, toStoreError('commit', error));
      return;
    }
    committed += writes;
    for (const p of pending) p.settle(p.outcome);
  }

  function enqueue<T>(operation: string, outcome: Outcome, open: Pending[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      open.push({
        operation,
        outcome,
        settle: (o) => {
          if (o.ok) resolve(o.value as T);
          else reject(o.error);
        },
      });
    });
  }

  /** Runs `work`, keeping its answer or its error as the domain sees them. */
  function attempt(operation: string, work: () => unknown): Outcome {
    try {
      return { ok: true, value: work() };
    } catch (error) {
      return { ok: false, error: toStoreError(operation, error) };
    }
  }

  /** After a failed statement SQLite may have rolled the whole batch back (not just the statement). */
  function checkBatchSurvived(open: Pending[], outcome: Outcome): void {
    if (outcome.ok || db.inTransaction) return;
    batch = null;
    lose(open, outcome.error);
  }

  const runner: SqliteRunner = {
    read(operation, work) {
      const outcome = attempt(operation, work);
      if (!batch) return outcome.ok ? Promise.resolve(outcome.value as never) : Promise.reject(outcome.error);
      const open = batch;
      const answer = enqueue<never>(operation, outcome, open);
      checkBatchSurvived(open, outcome);
      return answer;
    },
    write(operation, work) {
      if (paused) {
        return new Promise((resolve, reject) => {
          held.push(() => {
            runner.write(operation, work).then(resolve, reject);
          });
        });
      }
      if (closing)
        return Promise.reject(toStoreError(operation, new TypeError('database connection is not open')));
      if (batch && !isOpen()) {
        // The batch's transaction ended under it (an error a write caught itself): nothing of it exists.
        lose(batch, new Error('transaction rolled back'));
        batch = null;
      }
      if (!batch) {
        try {
          begin.run();
        } catch (error) {
          return Promise.reject(toStoreError(operation, error));
        }
        batch = [];
        batchWrites = 0;
        setImmediate(flush);
      }
      const open = batch;
      const outcome = attempt(operation, work);
      if (outcome.ok) batchWrites += 1;
      const answer = enqueue<never>(operation, outcome, open);
      checkBatchSurvived(open, outcome);
      return answer;
    },
    flush,
    close() {
      closing = true;
      flush();
    },
    pauseWrites() {
      paused = true;
      // The open batch commits now rather than at the end of the turn: the pause starts sooner.
      flush();
    },
    resumeWrites() {
      paused = false;
      for (const run of held.splice(0)) run();
    },
    committedWrites: () => committed,
  };
  return runner;
}
