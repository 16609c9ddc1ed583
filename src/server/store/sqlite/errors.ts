// Turns better-sqlite3 failures into the domain's error family.
import { ConflictError, DependencyUnavailableError } from '../../domain/errors.js';

/** Codes that mean "the database cannot serve right now", not "this request is wrong". */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|NOMEM|PROTOCOL)/;

function sqliteCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

export function toStoreError(operation: string, error: unknown): Error {
  const code = sqliteCode(error);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new ConflictError(`${operation}: duplicate key`, { cause: error });
  }
  if (code !== undefined && UNAVAILABLE.test(code)) {
    return new DependencyUnavailableError('store', `${operation}: ${code}`, { cause: error });
  }
  // better-sqlite3 throws a TypeError once the connection is closed (shutdown in progress).
  if (error instanceof TypeError && error.message.includes('database connection is not open')) {
    return new DependencyUnavailableError('store', `${operation}: database closed`, { cause: error });
  }
  return error instanceof Error ? error : new Error(`${operation}: ${String(error)}`);
}
