// The `users` table as the user repository.
import type { Database } from 'better-sqlite3';
import type { Role, User, UserChanges } from '../../domain/user.js';
import type { UserRepository } from '../../ports/store.js';
import type { SqliteRunner } from './group-commit.js';
import { newDocumentId } from './ids.js';

interface UserRow {
  id: string;
  username: string;
  phone: string;
  password: string;
  role: Role;
  phone_verified_at: number | null;
  disabled_at: number | null;
  display_name: string | null;
  invite_digest: string | null;
  invite_expires_at: number | null;
  created_at: number | null;
  updated_at: number | null;
}

const COLUMNS =
  'id, username, phone, password, role, phone_verified_at, disabled_at, display_name, invite_digest, invite_expires_at, created_at, updated_at';
const date = (ms: number | null) => (ms === null ? null : new Date(ms));
const ms = (value: Date | null | undefined) => value?.getTime() ?? null;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    phone: row.phone,
    passwordHash: row.password,
    role: row.role,
    phoneVerifiedAt: date(row.phone_verified_at),
    disabledAt: date(row.disabled_at),
    displayName: row.display_name,
    invitation:
      row.invite_digest === null || row.invite_expires_at === null
        ? null
        : { digest: row.invite_digest, expiresAt: new Date(row.invite_expires_at) },
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  };
}

/** The columns a change writes, named as in the table. */
function columnsOf(changes: UserChanges): Record<string, string | number | null> {
  const columns: Record<string, string | number | null> = {};
  if (changes.phone !== undefined) columns.phone = changes.phone;
  if (changes.phoneVerifiedAt !== undefined) columns.phone_verified_at = ms(changes.phoneVerifiedAt);
  if (changes.passwordHash !== undefined) columns.password = changes.passwordHash;
  if (changes.disabledAt !== undefined) columns.disabled_at = ms(changes.disabledAt);
  if (changes.displayName !== undefined) columns.display_name = changes.displayName;
  if (changes.invitation !== undefined) {
    columns.invite_digest = changes.invitation?.digest ?? null;
    columns.invite_expires_at = ms(changes.invitation?.expiresAt);
  }
  return columns;
}

export function createSqliteUserRepository(db: Database, sql: SqliteRunner): UserRepository {
  const insert = db.prepare(
    `INSERT INTO users (${COLUMNS}) VALUES
     (@id, @username, @phone, @password, @role, @phone_verified_at, @disabled_at, @display_name,
      @invite_digest, @invite_expires_at, @created_at, @updated_at)`,
  );
  const byUsername = db.prepare<[string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE username = ?`);
  const byPhone = db.prepare<[string], UserRow>(
    `SELECT ${COLUMNS} FROM users WHERE phone = ? AND phone_verified_at IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 20`,
  );
  const usernames = db.prepare<[string, number], Pick<UserRow, 'id' | 'username' | 'created_at'>>(
    'SELECT id, username, created_at FROM users WHERE id > ? ORDER BY id LIMIT ?',
  );
  const rename = db.prepare('UPDATE users SET username = ?, updated_at = ? WHERE id = ?');
  const byId = db.prepare<[string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = ?`);
  const staff = db.prepare<[], UserRow>(
    `SELECT ${COLUMNS} FROM users WHERE role IN ('staff', 'admin') ORDER BY username`,
  );
  const verifyPhone = db.prepare(
    'UPDATE users SET phone = ?, phone_verified_at = ?, updated_at = ? WHERE id = ?',
  );
  const setPassword = db.prepare('UPDATE users SET password = ?, updated_at = ? WHERE id = ?');

  return {
    add: ({ user, at }) =>
      sql.write('users.add', () => {
        const row: UserRow = {
          id: newDocumentId(at),
          username: user.username,
          phone: user.phone,
          password: user.passwordHash,
          role: user.role,
          phone_verified_at: ms(user.phoneVerifiedAt),
          disabled_at: ms(user.disabledAt),
          display_name: user.displayName ?? null,
          invite_digest: user.invitation?.digest ?? null,
          invite_expires_at: ms(user.invitation?.expiresAt),
          created_at: at.getTime(),
          updated_at: at.getTime(),
        };
        insert.run(row);
        return toUser(row);
      }),
    // The spellings stored before folding first, in order (see the port): a few indexed reads.
    findByUsername: ({ username, orStoredAs = [] }) =>
      sql.read('users.findByUsername', () => {
        for (const spelling of new Set([...orStoredAs, username])) {
          const row = byUsername.get(spelling);
          if (row) return toUser(row);
        }
        return null;
      }),
    findByPhone: ({ phone }) => sql.read('users.findByPhone', () => byPhone.all(phone).map(toUser)),
    listUsernames: ({ afterId, limit }) =>
      sql.read('users.listUsernames', () =>
        usernames.all(afterId ?? '', limit).map((row) => ({
          id: row.id,
          username: row.username,
          createdAt: date(row.created_at),
        })),
      ),
    rename: ({ id, username, at }) =>
      sql.write('users.rename', () => rename.run(username, at.getTime(), id).changes === 1),
    get: ({ id }) =>
      sql.read('users.get', () => {
        const row = byId.get(id);
        return row ? toUser(row) : null;
      }),
    markPhoneVerified: ({ id, phone, at }) =>
      sql.write('users.markPhoneVerified', () => {
        verifyPhone.run(phone, at.getTime(), at.getTime(), id);
      }),
    setPasswordHash: ({ id, passwordHash, at }) =>
      sql.write('users.setPasswordHash', () => {
        setPassword.run(passwordHash, at.getTime(), id);
      }),
    listStaff: () => sql.read('users.listStaff', () => staff.all().map(toUser)),
    update: ({ id, changes, at }) =>
      sql.write('users.update', () => {
        const columns = { ...columnsOf(changes), updated_at: at.getTime() };
        const assignments = Object.keys(columns)
          .map((name) => `${name} = @${name}`)
          .join(', ');
        db.prepare(`UPDATE users SET ${assignments} WHERE id = @id`).run({ ...columns, id });
        const row = byId.get(id);
        return row ? toUser(row) : null;
      }),
  };
}
