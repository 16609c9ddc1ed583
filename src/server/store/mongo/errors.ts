// Turns MongoDB driver failures into the domain's error family.
import { MongoError, MongoServerError } from 'mongodb';
import { ConflictError, DependencyUnavailableError } from '../../domain/errors.js';

/** Driver errors that mean "the database cannot serve right now", by class name. */
const UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoOperationTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoClientClosedError',
  'MongoPoolClearedError',
  'MongoServerClosedError',
  'MongoWaitQueueTimeoutError',
]);

/** Server codes with the same meaning: interrupted, time limit exceeded, not primary, shutting down… */
const UNAVAILABLE_CODES = new Set([50, 89, 91, 189, 262, 10107, 11600, 11602, 13435, 13436]);

/**
 * A unique index refused the write. MongoDB answers 11000 (11001 on old servers); FerretDB's
 * SQLite backend answers an update that breaks a unique index with code 1 and SQLite's text.
 */
export function isDuplicateKey(error: unknown): boolean {
  if (!(error instanceof MongoServerError)) return false;
  return isDuplicateKeyCode(error.code, error.message);
}

/** A server's error code (and message) for a duplicate key, in a command's answer or a write's. */
export function isDuplicateKeyCode(code: unknown, message: string): boolean {
  return (
    code === 11000 ||
    code === 11001 ||
    (code === 1 && /UNIQUE constraint failed|duplicate key/i.test(message))
  );
}

/** Our own deadline fired (the abort signal's reason), or the driver gave up waiting. */
function isDeadline(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

export function toStoreError(operation: string, error: unknown): Error {
  if (error instanceof DependencyUnavailableError || error instanceof ConflictError) return error;
  if (isDuplicateKey(error)) return new ConflictError(`${operation}: duplicate key`, { cause: error });
  if (isDeadline(error)) {
    return new DependencyUnavailableError('store', `${operation}: deadline exceeded`, { cause: error });
  }
  if (error instanceof MongoError) {
    const unavailable =
      UNAVAILABLE.has(error.name) ||
      (typeof error.code === 'number' && UNAVAILABLE_CODES.has(error.code)) ||
      error.hasErrorLabel('RetryableWriteError') ||
      error.hasErrorLabel('TransientTransactionError');
    if (unavailable) {
      return new DependencyUnavailableError('store', `${operation}: ${error.name}`, { cause: error });
    }
  }
  return error instanceof Error ? error : new Error(`${operation}: ${String(error)}`);
}

/** What every operation needs: whether the store can serve, and how long one operation may take. */
export interface MongoOperations {
  /** Resolves when connected and prepared; rejects with DependencyUnavailableError otherwise. */
  ready(): Promise<void>;
  /** The whole-operation deadline: server selection, retries and the server's own work included. */
  deadlineMs: number;
}

/**
 * Runs one store operation under the deadline: `work` gets an abort signal to hand to every
 * driver call and a `maxTimeMS` for the server. Driver errors become the domain's; anything
 * unrecognised is a bug and passes through.
 */
export async function runMongo<T>(
  ops: MongoOperations,
  operation: string,
  work: (limits: { signal: AbortSignal; maxTimeMS: number }) => Promise<T>,
): Promise<T> {
  try {
    await ops.ready();
    return await work({ signal: AbortSignal.timeout(ops.deadlineMs), maxTimeMS: ops.deadlineMs });
  } catch (error) {
    throw toStoreError(operation, error);
  }
}
