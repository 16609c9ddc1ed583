// The `sessions` table as the session repository.
import type { Database } from 'better-sqlite3';
import type { Session, SessionAccount, SessionStage, Surface } from '../../domain/session.js';
import type { SessionRepository } from '../../ports/store.js';
import type { SqliteRunner } from './group-commit.js';

interface SessionRow {
  id: string;
  surface: Surface;
  user_id: string | null;
  stage: SessionStage;
  phone: string | null;
  reg_username: string | null;
  reg_password: string | null;
  verification_id: string | null;
  csrf_token: string;
  sends: number;
  last_sent_at: number | null;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  account: string | null;
}

/** The account's dates, written as ISO strings in its JSON. */
const ACCOUNT_DATES = ['phoneVerifiedAt', 'disabledAt', 'createdAt', 'updatedAt'] as const;

function toAccount(json: string | null): SessionAccount | null {
  if (json === null) return null;
  const account = JSON.parse(json) as Record<string, unknown>;
  for (const key of ACCOUNT_DATES) {
    const value = account[key];
    account[key] = typeof value === 'string' ? new Date(value) : null;
  }
  return account as unknown as SessionAccount;
}

const COLUMNS =
  'id, surface, user_id, stage, phone, reg_username, reg_password, verification_id, csrf_token, sends, last_sent_at, created_at, last_seen_at, expires_at, account';

function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    surface: row.surface,
    userId: row.user_id,
    stage: row.stage,
    phone: row.phone,
    registration:
      row.reg_username === null || row.reg_password === null
        ? null
        : { username: row.reg_username, passwordHash: row.reg_password },
    verificationId: row.verification_id,
    csrfToken: row.csrf_token,
    sends: row.sends,
    lastSentAt: row.last_sent_at === null ? null : new Date(row.last_sent_at),
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    expiresAt: new Date(row.expires_at),
    account: toAccount(row.account),
  };
}

function toRow(session: Session): SessionRow {
  return {
    id: session.id,
    surface: session.surface,
    user_id: session.userId,
    stage: session.stage,
    phone: session.phone,
    reg_username: session.registration?.username ?? null,
    reg_password: session.registration?.passwordHash ?? null,
    verification_id: session.verificationId,
    csrf_token: session.csrfToken,
    sends: session.sends,
    last_sent_at: session.lastSentAt?.getTime() ?? null,
    created_at: session.createdAt.getTime(),
    last_seen_at: session.lastSeenAt.getTime(),
    expires_at: session.expiresAt.getTime(),
    account: session.account === null ? null : JSON.stringify(session.account),
  };
}

export function createSqliteSessionRepository(db: Database, sql: SqliteRunner): SessionRepository {
  const insert = db.prepare(
    `INSERT INTO sessions (${COLUMNS}) VALUES (@id, @surface, @user_id, @stage, @phone, @reg_username, @reg_password, @verification_id,
     @csrf_token, @sends, @last_sent_at, @created_at, @last_seen_at, @expires_at, @account)`,
  );
  const byId = db.prepare<[string], SessionRow>(`SELECT ${COLUMNS} FROM sessions WHERE id = ?`);
  const replace = db.prepare(
    `UPDATE sessions SET stage = @stage, phone = @phone, reg_username = @reg_username, reg_password = @reg_password, verification_id = @verification_id,
     csrf_token = @csrf_token, sends = @sends, last_sent_at = @last_sent_at,
     last_seen_at = @last_seen_at, expires_at = @expires_at, account = @account WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?');
  const removeOfUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const removeOlderPending = db.prepare(
    `DELETE FROM sessions WHERE user_id = ? AND stage IN ('pending_phone', 'pending_2fa')
     AND (created_at < ? OR (created_at = ? AND id < ?))`,
  );
  const newestPending = db.prepare<[string], SessionRow>(
    `SELECT ${COLUMNS} FROM sessions WHERE user_id = ? AND stage IN ('pending_phone', 'pending_2fa')
     ORDER BY created_at DESC, id DESC LIMIT 1`,
  );
  const signedIn = db.prepare<[string], SessionRow>(
    `SELECT ${COLUMNS} FROM sessions WHERE user_id = ? AND stage = 'full' ORDER BY created_at DESC, id DESC LIMIT 50`,
  );
  const holding = db.prepare<[string], SessionRow>(
    `SELECT ${COLUMNS} FROM sessions WHERE verification_id = ?`,
  );
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at < ?');
  const update = db.transaction((id: string, changes: Partial<Session>) => {
    const row = byId.get(id);
    if (!row) return null;
    const next = { ...toSession(row), ...changes, id };
    replace.run(toRow(next));
    return next;
  });

  return {
    add: ({ session }) =>
      sql.write('sessions.add', () => {
        insert.run(toRow(session));
      }),
    get: ({ id }) =>
      sql.read('sessions.get', () => {
        const row = byId.get(id);
        return row ? toSession(row) : null;
      }),
    update: ({ id, changes }) => sql.write('sessions.update', () => update(id, changes)),
    remove: ({ id }) => sql.write('sessions.remove', () => remove.run(id).changes === 1),
    removeOfUser: ({ userId }) => sql.write('sessions.removeOfUser', () => removeOfUser.run(userId).changes),
    removeOlderPending: ({ userId, than }) =>
      sql.write('sessions.removeOlderPending', () => {
        const at = than.createdAt.getTime();
        return removeOlderPending.run(userId, at, at, than.id).changes;
      }),
    newestPending: ({ userId }) =>
      sql.read('sessions.newestPending', () => {
        const row = newestPending.get(userId);
        return row ? toSession(row) : null;
      }),
    listOfUser: ({ userId }) => sql.read('sessions.listOfUser', () => signedIn.all(userId).map(toSession)),
    holding: ({ verificationId }) =>
      sql.read('sessions.holding', () => holding.all(verificationId).map(toSession)),
    removeExpired: ({ before }) =>
      sql.write('sessions.removeExpired', () => removeExpired.run(before.getTime()).changes),
  };
}
