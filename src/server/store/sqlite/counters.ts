// Rate-limit windows and named sequences.
import type { Database } from 'better-sqlite3';
import { fixedWindow } from '../../domain/windows.js';
import type { CounterRepository } from '../../ports/store.js';
import type { SqliteRunner } from './group-commit.js';

export function createSqliteCounterRepository(db: Database, sql: SqliteRunner): CounterRepository {
  const hit = db.prepare<[string, number], { count: number }>(
    `INSERT INTO counters (key, count, resets_at) VALUES (?, 1, ?)
     ON CONFLICT (key) DO UPDATE SET count = count + 1 RETURNING count`,
  );
  const peek = db.prepare<[string], { count: number }>('SELECT count FROM counters WHERE key = ?');
  const retract = db.prepare('UPDATE counters SET count = count - 1 WHERE key = ? AND count > 0');
  const removeStale = db.prepare('DELETE FROM counters WHERE resets_at < ?');
  const next = db.prepare<[string], { value: number }>(
    `INSERT INTO sequences (name, value) VALUES (?, 1)
     ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
  );
  const keyOf = (key: string, start: number) => `${key}@${start}`;

  return {
    hit: ({ key, windowSeconds, at }) =>
      sql.write('counters.hit', () => {
        const window = fixedWindow(at, windowSeconds);
        const row = hit.get(keyOf(key, window.start), window.resetsAt.getTime());
        // A count, not rows: any hit of the window is the one a receipt takes back.
        return { count: row?.count ?? 1, resetsAt: window.resetsAt, receipt: '' };
      }),
    peek: ({ key, windowSeconds, at }) =>
      sql.read('counters.peek', () => {
        const window = fixedWindow(at, windowSeconds);
        return { count: peek.get(keyOf(key, window.start))?.count ?? 0, resetsAt: window.resetsAt };
      }),
    retract: ({ key, windowSeconds, at }) =>
      sql.write('counters.retract', () => {
        retract.run(keyOf(key, fixedWindow(at, windowSeconds).start));
      }),
    removeStale: ({ before }) =>
      sql.write('counters.removeStale', () => removeStale.run(before.getTime()).changes),
    next: ({ name }) =>
      sql.write('counters.next', () => {
        const row = next.get(name);
        if (!row) throw new Error(`sequence ${name} did not advance`);
        return row.value;
      }),
  };
}
