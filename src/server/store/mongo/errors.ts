// Turns MongoDB driver failures into the domain's error family.
import { MongoBulkWriteError, MongoError, MongoServerError } from 'mongodb';
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
  return (
    error.code === 11000 ||
    error.code === 11001 ||
    (error.code === 1 && /UNIQUE constraint failed|duplicate key/i.test(error.message))
  );
}

/** Our own deadline fired (the abort signal's reason), or the driver gave up waiting. */
function isDeadline(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

export function toStoreError(operation: string, error: unknown): Error {
  if (error instanceof DependencyUnavailableError || error instanceof ConflictError) return error;
  // A bulk write (insertMany) that failed as a whole wraps the driver's error (the network, our
  // deadline): that error is the answer.
  if (error instanceof MongoBulkWriteError && [error.writeErrors].flat().length === 0) {
    const cause: unknown = error.errorResponse;
    if (cause instanceof Error) return toStoreError(operation, cause);
  }
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
  let signal: AbortSignal | undefined;
  try {
    await ops.ready();
    signal = AbortSignal.timeout(ops.deadlineMs);
    return await work({ signal, maxTimeMS: ops.deadlineMs });
  } catch (error) {
    const answer = toStoreError(operation, error);
    // Whatever the driver made of our deadline (a bulk write wraps it, and may fail doing so),
    // a failure after it fired that says nothing better is the deadline.
    const known = answer instanceof ConflictError || answer instanceof DependencyUnavailableError;
    if (signal?.aborted && !known) {
      throw new DependencyUnavailableError('store', `${operation}: deadline exceeded`, { cause: error });
    }
    throw answer;
  }
}
