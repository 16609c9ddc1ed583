// How the SQLite store writes: one commit per turn of the event loop for every write made in it,
// answers released only once committed, and WAL checkpoints done by a worker thread under load.
import { mkdtemp, rm } from 'node:fs/promises';
import {
  closeSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { onTestFinished, describe, expect, it } from 'vitest';
import { DependencyUnavailableError, ConflictError } from '../../src/server/domain/errors.js';
import {
  manageCheckpoints,
  startCheckpointer,
  type Checkpoints,
  type DiskError,
} from '../../src/server/store/sqlite/checkpointer.js';
import { createSqliteRunner, type SqliteRunner } from '../../src/server/store/sqlite/group-commit.js';

async function aDatabase(schema = 'CREATE TABLE dishes (name TEXT PRIMARY KEY, price INTEGER NOT NULL)') {
  const dir = await mkdtemp(join(tmpdir(), 'von-appetit-commits-'));
  const file = join(dir, 'test.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(schema);
  // Another connection, as another process (or the next start) would see the file.
  const observer = new Database(file, { readonly: true });
  onTestFinished(async () => {
    if (observer.open) observer.close();
    if (db.open) db.close();
    await rm(dir, { recursive: true, force: true });
  });
  const count = () => observer.prepare('SELECT COUNT(*) AS n FROM dishes').get() as { n: number };
  return {
    db,
    file,
    observer,
    dishes: () => count().n,
    /** The app's side: the group-commit runner over this connection. */
    sql: createSqliteRunner(db),
    insert: db.prepare('INSERT INTO dishes (name, price) VALUES (?, ?)'),
  };
}

describe('SQLite group commit', () => {
  it('answers a write only once it is committed, and commits the writes of one turn together', async () => {
    const { dishes, sql, insert } = await aDatabase();
    const answered: string[] = [];
    const writes = ['Hamburger', 'Soda', 'Fries'].map((name) =>
      sql.write('dishes.add', () => insert.run(name, 100)).then(() => answered.push(name)),
    );
    // Run, but neither committed nor answered yet: nobody else can see them.
    expect(dishes()).toBe(0);
    await Promise.resolve();
    expect(answered).toEqual([]);
    await Promise.all(writes);
    expect(answered).toEqual(['Hamburger', 'Soda', 'Fries']);
    expect(dishes()).toBe(3);
  });

  it('holds back a read made while writes wait for their commit, since it may have seen them', async () => {
    const { db, sql, insert } = await aDatabase();
    const count = db.prepare('SELECT COUNT(*) AS n FROM dishes');
    const order: string[] = [];
    const write = sql.write('dishes.add', () => insert.run('Hamburger', 995)).then(() => order.push('write'));
    const read = sql
      .read('dishes.count', () => count.get())
      .then((row) => {
        order.push('read');
        return row;
      });
    expect(await read).toEqual({ n: 1 });
    await write;
    expect(order).toEqual(['write', 'read']);
    // With no write waiting, a read answers at once.
    expect(await sql.read('dishes.count', () => count.get())).toEqual({ n: 1 });
  });

  it("fails only the statement that broke a rule; the turn's other writes are committed", async () => {
    const { dishes, sql, insert } = await aDatabase();
    const results = await Promise.allSettled([
      sql.write('dishes.add', () => insert.run('Hamburger', 995)),
      sql.write('dishes.add', () => insert.run('Hamburger', 1)),
      sql.write('dishes.add', () => insert.run('Soda', 199)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(dishes()).toBe(2);
  });

  it('fails every operation of the turn, reads included, when the commit fails: nothing of it is written', async () => {
    // A deferred foreign key is checked at COMMIT: the simplest commit that SQLite refuses.
    const { db, dishes, sql } = await aDatabase(`
      CREATE TABLE kitchens (id INTEGER PRIMARY KEY);
      CREATE TABLE dishes (name TEXT PRIMARY KEY, price INTEGER NOT NULL,
        kitchen INTEGER REFERENCES kitchens (id) DEFERRABLE INITIALLY DEFERRED);`);
    db.pragma('foreign_keys = ON');
    const insert = db.prepare('INSERT INTO dishes (name, price, kitchen) VALUES (?, ?, ?)');
    const results = await Promise.allSettled([
      sql.write('dishes.add', () => insert.run('Hamburger', 995, null)),
      sql.write('dishes.add', () => insert.run('Soda', 199, 42)),
      sql.read('dishes.count', () => db.prepare('SELECT COUNT(*) FROM dishes').pluck().get()),
    ]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(DependencyUnavailableError);
    }
    expect(db.inTransaction).toBe(false);
    expect(dishes()).toBe(0);
    // The next turn starts clean.
    await sql.write('dishes.add', () => insert.run('Fries', 349, null));
    expect(dishes()).toBe(1);
  });

  it('commits what is open and refuses new writes (503) once the store closes', async () => {
    const { dishes, sql, insert } = await aDatabase();
    const before = sql.write('dishes.add', () => insert.run('Hamburger', 995));
    sql.close();
    await before;
    expect(dishes()).toBe(1);
    await expect(sql.write('dishes.add', () => insert.run('Soda', 199))).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    expect(dishes()).toBe(1);
  });

  it('holds writes back while paused, in order, and lets reads go on', async () => {
    const { db, dishes, sql, insert } = await aDatabase();
    const first = sql.write('dishes.add', () => insert.run('Hamburger', 995));
    // Pausing commits the open turn at once.
    sql.pauseWrites();
    expect(dishes()).toBe(1);
    const held = [
      sql.write('dishes.add', () => insert.run('Soda', 199)),
      sql.write('dishes.add', () => insert.run('Fries', 349)),
    ];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(dishes()).toBe(1);
    expect(
      await sql.read('dishes.count', () => db.prepare('SELECT COUNT(*) FROM dishes').pluck().get()),
    ).toBe(1);
    sql.resumeWrites();
    await Promise.all([first, ...held]);
    expect(observerNames(db)).toEqual(['Hamburger', 'Soda', 'Fries']);
  });
});

function observerNames(db: Database.Database): string[] {
  return db.prepare('SELECT name FROM dishes ORDER BY rowid').pluck().all() as string[];
}

/** The runner, with the pauses and resumes a checkpoint worker asks of it written down. */
function watchingPauses(sql: SqliteRunner) {
  const pauses: ('pause' | 'resume')[] = [];
  const runner: SqliteRunner = {
    ...sql,
    pauseWrites: () => {
      pauses.push('pause');
      sql.pauseWrites();
    },
    resumeWrites: () => {
      pauses.push('resume');
      sql.resumeWrites();
    },
  };
  return { pauses, runner };
}

/** A worker starting the log over every 40 pages, and the pauses and resumes it asks of the app. */
function restartingEvery40Pages(args: { db: Database.Database; file: string; sql: SqliteRunner }) {
  const { pauses, runner } = watchingPauses(args.sql);
  const checkpoints = startCheckpointer({
    db: args.db,
    file: args.file,
    runner,
    policy: { everyMs: 10, restartPages: 40 },
  });
  return { pauses, checkpoints };
}

/** The store's order at close: the worker, then the connection, then the descriptor kept to sync. */
function closedAsTheStoreDoes(db: Database.Database, checkpoints: Checkpoints) {
  return async () => {
    await checkpoints.stop();
    if (db.open) db.close();
    checkpoints.release();
  };
}

/** Whether this process holds SQLite's shared lock on the database file (Linux: /proc/locks). */
function holdsSharedLock(file: string): boolean {
  // SQLite's shared range starts two bytes past the "pending byte" at 1 GiB.
  const sharedFirst = 0x40000000 + 2;
  const inode = statSync(file).ino;
  return readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .some(
      (f) =>
        f[3] === 'READ' &&
        Number(f[4]) === process.pid &&
        f[5]?.endsWith(`:${inode}`) === true &&
        Number(f[6]) === sharedFirst,
    );
}

/** Descriptors this process has open on the file (Linux: /proc/self/fd). */
function descriptorsOn(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

describe('SQLite checkpoints', () => {
  const aPage = 'x'.repeat(3000);

  it('copies the log back into the database file from a worker, not from the app', async () => {
    const { db, file, sql, insert } = await aDatabase();
    const checkpoints = startCheckpointer({ db, file, runner: sql, policy: { everyMs: 20 } });
    onTestFinished(() => checkpoints.stop());
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(file).size;
    for (let i = 0; i < 50; i += 1) await sql.write('dishes.add', () => insert.run(`${aPage}${i}`, i));
    await expect.poll(() => statSync(file).size, { timeout: 5000 }).toBeGreaterThan(before + 50 * 3000);
  });

  it('starts the log over once it is long: writes pause for it, then go on, none lost', async () => {
    const { db, file, dishes, sql, insert } = await aDatabase();
    const { pauses, checkpoints } = restartingEvery40Pages({ db, file, sql });
    onTestFinished(() => checkpoints.stop());
    let written = 0;
    // Writers that never stop: each answer is followed by the next write.
    const writer = async () => {
      while (!pauses.includes('resume')) {
        const n = written++;
        await sql.write('dishes.add', () => insert.run(`${aPage}${n}`, n));
      }
    };
    await Promise.all([writer(), writer(), writer()]);
    expect(pauses.slice(0, 2)).toEqual(['pause', 'resume']);
    expect(dishes()).toBe(written);
    // The log was started over: it holds far fewer frames than the pages written.
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)') as [{ log: number }];
    expect(log).toBeLessThan(written);
  });

  it('keeps the log file whole while the worker starts the log over (no commit cuts it), and gives the size limit back as it leaves', async () => {
    const { db, file, sql, insert } = await aDatabase();
    // The store's own limit, as small as it goes: any restart of the log would cut the file to it.
    db.pragma('journal_size_limit = 0');
    const { pauses, checkpoints } = restartingEvery40Pages({ db, file, sql });
    const restarts = () => pauses.filter((step) => step === 'resume').length;
    const logSize = () => statSync(`${file}-wal`).size;
    let written = 0;
    let largest = 0;
    let cut = false;
    const writer = async () => {
      while (restarts() < 2) {
        const n = written++;
        await sql.write('dishes.add', () => insert.run(`${aPage}${n}`, n));
        const size = logSize();
        if (size < largest) cut = true;
        largest = Math.max(largest, size);
      }
    };
    await Promise.all([writer(), writer(), writer()]);
    expect(cut).toBe(false);
    expect(largest).toBeGreaterThan(40 * 4096);
    await checkpoints.stop();
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(0);
    // SQLite's own checkpoints again: the next restart of the log cuts the file back.
    db.pragma('wal_checkpoint(PASSIVE)');
    insert.run('after the worker', 1);
    expect(logSize()).toBeLessThan(largest);
  });

  // Reads the process's locks and descriptors from /proc.
  it.runIf(process.platform === 'linux')(
    "syncs the database file on a descriptor of its own, closed only after the connection: the process keeps SQLite's lock on the file",
    async () => {
      const { db, file, sql, insert, observer } = await aDatabase();
      const { pauses, runner } = watchingPauses(sql);
      const checkpoints = manageCheckpoints({
        db,
        file,
        runner,
        policy: { everyMs: 10, restartPages: 40, paceEveryMs: 50, workerFromWritesPerSecond: 100 },
      });
      onTestFinished(closedAsTheStoreDoes(db, checkpoints));
      expect(holdsSharedLock(file)).toBe(true);
      let written = 0;
      while (!pauses.includes('resume')) {
        const n = written++;
        await sql.write('dishes.add', () => insert.run(`${aPage}${n}`, n));
        if (n % 20 === 0) await new Promise((r) => setTimeout(r, 1));
      }
      // The log was started over, and the worker has gone: had it (or anyone) closed a descriptor
      // of the database file, the process's locks on it would be gone with it, while still in use.
      await checkpoints.stop();
      expect(holdsSharedLock(file)).toBe(true);
      // Not while the connection is open…
      expect(() => {
        checkpoints.release();
      }).toThrow(/after the connection has closed/);
      expect(holdsSharedLock(file)).toBe(true);
      // …but once the connections have closed, the one descriptor left is the worker's to sync
      // with, and releasing it leaves nothing open on the file.
      db.close();
      observer.close();
      expect(descriptorsOn(realpathSync(file))).toBe(1);
      checkpoints.release();
      expect(descriptorsOn(realpathSync(file))).toBe(0);
    },
  );

  // Linux refuses fsync on /dev/null.
  it.runIf(process.platform === 'linux')(
    'says once when it cannot sync the database file (a disk error, say), and the log restarts go on, no write lost',
    async () => {
      const { db, file, dishes, sql, insert } = await aDatabase();
      const { pauses, runner } = watchingPauses(sql);
      // A descriptor fsync refuses (EINVAL), as a failing disk would refuse (EIO).
      const unsyncable = openSync('/dev/null', 'r');
      const failures: DiskError[] = [];
      const checkpoints = startCheckpointer({
        db,
        file,
        runner,
        syncFd: unsyncable,
        onDiskError: (failure) => failures.push(failure),
        policy: { everyMs: 10, restartPages: 40 },
      });
      onTestFinished(async () => {
        await checkpoints.stop();
        closeSync(unsyncable);
      });
      let written = 0;
      const writer = async () => {
        while (pauses.filter((step) => step === 'resume').length < 3) {
          const n = written++;
          await sql.write('dishes.add', () => insert.run(`${aPage}${n}`, n));
        }
      };
      await Promise.all([writer(), writer(), writer()]);
      expect(failures.map(({ step, code }) => ({ step, code }))).toEqual([
        { step: 'database sync', code: 'EINVAL' },
      ]);
      expect(failures[0]?.message).toMatch(/fsync/);
      expect(dishes()).toBe(written);
    },
  );

  it('gives checkpoints back to the connection if the worker cannot run, and says so', async () => {
    const { db, sql } = await aDatabase();
    const stopped: (Error | undefined)[] = [];
    startCheckpointer({
      db,
      file: '/nonexistent/von-appetit.db',
      runner: sql,
      onStopped: (error) => stopped.push(error),
    });
    await expect.poll(() => stopped.length, { timeout: 5000 }).toBe(1);
    expect(stopped[0]?.message).toMatch(/unable to open|does not exist|SQLITE_CANTOPEN|directory/i);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  describe('who checkpoints, by the pace of writes', () => {
    // Here "fast" is 100 writes a second, read every 50 ms; "slow" lasts 300 ms.
    const policy = { everyMs: 20, paceEveryMs: 50, workerFromWritesPerSecond: 100, workerIdleMs: 300 };
    const automatic = (db: Database.Database) => db.pragma('wal_autocheckpoint', { simple: true }) !== 0;

    it('leaves checkpoints to SQLite, in the commit, while writes are few: no worker', async () => {
      const { db, file, sql, insert } = await aDatabase();
      const checkpoints = manageCheckpoints({ db, file, runner: sql, policy });
      onTestFinished(closedAsTheStoreDoes(db, checkpoints));
      for (let i = 0; i < 6; i += 1) {
        await sql.write('dishes.add', () => insert.run(`dish ${i}`, i));
        await new Promise((r) => setTimeout(r, 60));
      }
      expect(checkpoints.inWorker()).toBe(false);
      expect(automatic(db)).toBe(true);
    });

    it('hands them to a worker while writes come fast, and back to SQLite once they slow down', async () => {
      const { db, file, dishes, sql, insert } = await aDatabase();
      const checkpoints = manageCheckpoints({ db, file, runner: sql, policy });
      onTestFinished(closedAsTheStoreDoes(db, checkpoints));
      let written = 0;
      const writeFastUntilAWorker = async () => {
        const until = Date.now() + 5000;
        while (!checkpoints.inWorker() && Date.now() < until) {
          const n = written++;
          await sql.write('dishes.add', () => insert.run(`${aPage}${n}`, n));
          if (n % 20 === 0) await new Promise((r) => setTimeout(r, 1));
        }
      };
      await writeFastUntilAWorker();
      expect(checkpoints.inWorker()).toBe(true);
      expect(automatic(db)).toBe(false);
      // Quiet now: within the idle time and a round, the worker is let go…
      await expect.poll(() => checkpoints.inWorker(), { timeout: 5000 }).toBe(false);
      // …and fast again at once: a new worker takes over, and checkpoints stay with it.
      await writeFastUntilAWorker();
      expect(checkpoints.inWorker()).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      expect(automatic(db)).toBe(false);
      // Quiet for good: SQLite checkpoints on its own again.
      await expect.poll(() => automatic(db), { timeout: 5000 }).toBe(true);
      expect(checkpoints.inWorker()).toBe(false);
      expect(dishes()).toBe(written);
    });

    it('starts with a worker when a long log was left over, so no commit copies it, then lets it go', async () => {
      const { db, file, sql, insert } = await aDatabase();
      // As a crash under load leaves it: thousands of pages of log not yet copied back.
      db.pragma('wal_autocheckpoint = 0');
      db.transaction(() => {
        for (let i = 0; i < 4500; i += 1) insert.run(`${aPage}${i}`, i);
      })();
      const checkpoints = manageCheckpoints({ db, file, runner: sql, policy });
      onTestFinished(closedAsTheStoreDoes(db, checkpoints));
      expect(checkpoints.inWorker()).toBe(true);
      expect(automatic(db)).toBe(false);
      await expect.poll(() => checkpoints.inWorker(), { timeout: 5000 }).toBe(false);
      await expect.poll(() => automatic(db), { timeout: 5000 }).toBe(true);
    });

    it('does not start a worker again once one failed: SQLite keeps checkpointing', async () => {
      const { db, sql, insert } = await aDatabase();
      const stopped: (Error | undefined)[] = [];
      const checkpoints = manageCheckpoints({
        db,
        file: '/nonexistent/von-appetit.db',
        runner: sql,
        policy,
        onStopped: (error) => stopped.push(error),
      });
      onTestFinished(closedAsTheStoreDoes(db, checkpoints));
      const until = Date.now() + 1500;
      for (let n = 0; Date.now() < until; n += 1) {
        await sql.write('dishes.add', () => insert.run(`dish ${n}`, n));
        if (n % 20 === 0) await new Promise((r) => setTimeout(r, 1));
      }
      expect(stopped).toHaveLength(1);
      expect(checkpoints.inWorker()).toBe(false);
      expect(automatic(db)).toBe(true);
    });
  });
});
