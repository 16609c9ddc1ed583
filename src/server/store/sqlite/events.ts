// The `events` table: what live listeners are told, numbered in the order it happened.
import type { Database } from 'better-sqlite3';
import type { EventRepository, EventTopic, StoredEvent } from '../../ports/store.js';
import type { SqliteRunner } from './group-commit.js';

interface EventRow {
  seq: number;
  topic: EventTopic;
  user_id: string;
  at: number;
  payload: string;
}

function toEvent(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    topic: row.topic,
    userId: row.user_id,
    at: new Date(row.at),
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  };
}

export function createSqliteEventRepository(db: Database, sql: SqliteRunner): EventRepository {
  const insert = db.prepare<[string, string, number, string], { seq: number }>(
    'INSERT INTO events (topic, user_id, at, payload) VALUES (?, ?, ?, ?) RETURNING seq',
  );
  const since = db.prepare<[number, number], EventRow>(
    'SELECT seq, topic, user_id, at, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const sinceForUser = db.prepare<[string, number, number], EventRow>(
    'SELECT seq, topic, user_id, at, payload FROM events WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const latest = db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events');
  // AUTOINCREMENT never reuses a number; the newest stays all the same (MAX(seq) needs one).
  const removeBefore = db.prepare('DELETE FROM events WHERE at < ? AND seq < (SELECT MAX(seq) FROM events)');
  const removeOfUser = db.prepare(
    'DELETE FROM events WHERE user_id = ? AND seq < (SELECT MAX(seq) FROM events)',
  );
  // The newest, if it is theirs, stays as an empty event of the topic only its owner follows.
  const blankNewest = db.prepare(
    `UPDATE events SET topic = 'texts', payload = '{}' WHERE user_id = ? AND seq = (SELECT MAX(seq) FROM events)`,
  );

  // One statement per event, no transaction of its own: a savepoint inside the open batch
  // (group-commit.ts) would copy every page it touches to a sub-journal, and tripled the cost of
  // events under load. A failed insert fails the append; those before it stay, as on MongoDB.
  const appendAll = (events: readonly Omit<StoredEvent, 'seq'>[]) =>
    events.map((event) => {
      const row = insert.get(event.topic, event.userId, event.at.getTime(), JSON.stringify(event.payload));
      if (!row) throw new Error('event not stored');
      return { ...event, seq: row.seq };
    });

  return {
    append: ({ events }) => sql.write('events.append', () => appendAll(events)),
    since: ({ after, limit, userId }) =>
      sql.read('events.since', () =>
        (userId === undefined ? since.all(after, limit) : sinceForUser.all(userId, after, limit)).map(
          toEvent,
        ),
      ),
    latestSeq: () => sql.read('events.latestSeq', () => latest.get()?.seq ?? 0),
    removeBefore: ({ before }) =>
      sql.write('events.removeBefore', () => removeBefore.run(before.getTime()).changes),
    removeOfUser: ({ userId }) =>
      sql.write(
        'events.removeOfUser',
        () => removeOfUser.run(userId).changes + blankNewest.run(userId).changes,
      ),
  };
}
