// The `users` table as the user repository.
import type { Database } from 'better-sqlite3';
import type { Role, User } from '../../domain/user.js';
import type { UserRepository } from '../../ports/store.js';
import { runSqlite } from './errors.js';
import { newDocumentId } from './ids.js';

interface UserRow {
  id: string;
  username: string;
  phone: string;
  password: string;
  role: Role;
  phone_verified_at: number | null;
  created_at: number | null;
  updated_at: number | null;
}

const COLUMNS = 'id, username, phone, password, role, phone_verified_at, created_at, updated_at';
const date = (ms: number | null) => (ms === null ? null : new Date(ms));

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    phone: row.phone,
    passwordHash: row.password,
    role: row.role,
    phoneVerifiedAt: date(row.phone_verified_at),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  };
}

export function createSqliteUserRepository(db: Database): UserRepository {
  const insert = db.prepare(
    `INSERT INTO users (${COLUMNS}) VALUES
     (@id, @username, @phone, @password, @role, @phone_verified_at, @created_at, @updated_at)`,
  );
  const byUsername = db.prepare<[string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE username = ?`);
  const byId = db.prepare<[string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = ?`);
  const verifyPhone = db.prepare(
    'UPDATE users SET phone = ?, phone_verified_at = ?, updated_at = ? WHERE id = ?',
  );
  const setPassword = db.prepare('UPDATE users SET password = ?, updated_at = ? WHERE id = ?');

  return {
    add: ({ user, at }) =>
      runSqlite('users.add', () => {
        const row: UserRow = {
          id: newDocumentId(at),
          username: user.username,
          phone: user.phone,
          password: user.passwordHash,
          role: user.role,
          phone_verified_at: user.phoneVerifiedAt?.getTime() ?? null,
          created_at: at.getTime(),
          updated_at: at.getTime(),
        };
        insert.run(row);
        return toUser(row);
      }),
    findByUsername: ({ username }) =>
      runSqlite('users.findByUsername', () => {
        const row = byUsername.get(username);
        return row ? toUser(row) : null;
      }),
    get: ({ id }) =>
      runSqlite('users.get', () => {
        const row = byId.get(id);
        return row ? toUser(row) : null;
      }),
    markPhoneVerified: ({ id, phone, at }) =>
      runSqlite('users.markPhoneVerified', () => {
        verifyPhone.run(phone, at.getTime(), at.getTime(), id);
      }),
    setPasswordHash: ({ id, passwordHash, at }) =>
      runSqlite('users.setPasswordHash', () => {
        setPassword.run(passwordHash, at.getTime(), id);
      }),
  };
}
