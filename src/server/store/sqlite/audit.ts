// The `audit` table: who changed what, when, with the state before and after.
import type { Database } from 'better-sqlite3';
import type { AuditEntry, AuditRepository } from '../../ports/store.js';
import type { SqliteRunner } from './group-commit.js';
import { newDocumentId } from './ids.js';

interface AuditRow {
  id: string;
  at: number;
  actor_id: string;
  actor_name: string;
  action: string;
  target: string;
  before: string | null;
  after: string | null;
}

const json = (text: string | null) => (text === null ? null : (JSON.parse(text) as Record<string, unknown>));

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: new Date(row.at),
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    target: row.target,
    before: json(row.before),
    after: json(row.after),
  };
}

export function createSqliteAuditRepository(db: Database, sql: SqliteRunner): AuditRepository {
  const insert = db.prepare(
    `INSERT INTO audit (id, at, actor_id, actor_name, action, target, before, after)
     VALUES (@id, @at, @actor_id, @actor_name, @action, @target, @before, @after)`,
  );
  const newest = db.prepare<[number], AuditRow>(
    'SELECT id, at, actor_id, actor_name, action, target, before, after FROM audit ORDER BY at DESC, id DESC LIMIT ?',
  );
  const olderThan = db.prepare<[number, number, string, number], AuditRow>(
    `SELECT id, at, actor_id, actor_name, action, target, before, after FROM audit
     WHERE at < ? OR (at = ? AND id < ?) ORDER BY at DESC, id DESC LIMIT ?`,
  );
  return {
    add: ({ entry }) =>
      sql.write('audit.add', () => {
        const row: AuditRow = {
          id: newDocumentId(entry.at),
          at: entry.at.getTime(),
          actor_id: entry.actorId,
          actor_name: entry.actorName,
          action: entry.action,
          target: entry.target,
          before: entry.before === null ? null : JSON.stringify(entry.before),
          after: entry.after === null ? null : JSON.stringify(entry.after),
        };
        insert.run(row);
        return toEntry(row);
      }),
    list: ({ limit, before }) =>
      sql.read('audit.list', () =>
        (before
          ? olderThan.all(before.at.getTime(), before.at.getTime(), before.id, limit)
          : newest.all(limit)
        ).map(toEntry),
      ),
  };
}
