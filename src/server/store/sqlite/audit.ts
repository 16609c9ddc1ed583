// The `audit` table: who changed what, when, with the state before and after.
import type { Database } from 'better-sqlite3';
import { prefixRange, type AuditEntry, type AuditRepository } from '../../ports/store.js';
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
  // One statement for every filter: a parameter left null lets every row through.
  const page = db.prepare<
    [
      {
        at: number | null;
        id: string | null;
        from: string | null;
        to: string | null;
        actor: string | null;
        limit: number;
      },
    ],
    AuditRow
  >(
    `SELECT id, at, actor_id, actor_name, action, target, before, after FROM audit
     WHERE (@at IS NULL OR at < @at OR (at = @at AND id < @id))
       AND (@from IS NULL OR (action >= @from AND action < @to))
       AND (@actor IS NULL OR actor_name = @actor)
     ORDER BY at DESC, id DESC LIMIT @limit`,
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
    list: ({ limit, before, actionPrefix, actorName }) =>
      sql.read('audit.list', () => {
        const range = actionPrefix ? prefixRange(actionPrefix) : null;
        return page
          .all({
            at: before ? before.at.getTime() : null,
            id: before?.id ?? null,
            from: range?.from ?? null,
            to: range?.to ?? null,
            actor: actorName ?? null,
            limit,
          })
          .map(toEntry);
      }),
  };
}
