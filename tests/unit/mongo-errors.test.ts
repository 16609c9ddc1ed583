// How the MongoDB adapter answers driver failures: the domain's errors, whatever wraps them.
import { MongoBulkWriteError, MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { ConflictError, DependencyUnavailableError } from '../../src/server/domain/errors.js';
import { runMongo, toStoreError } from '../../src/server/store/mongo/errors.js';

/** What the driver throws when a bulk write (insertMany) fails as a whole: the cause inside. */
const bulkFailure = (cause: Error) => new MongoBulkWriteError(cause, {} as never);

describe('MongoDB failures as store errors', () => {
  it('answers an unreachable database as unavailable, also inside a failed insertMany', () => {
    expect(toStoreError('orders.add', new MongoNetworkError('connection reset'))).toBeInstanceOf(
      DependencyUnavailableError,
    );
    expect(toStoreError('orders.add', bulkFailure(new MongoNetworkError('connection reset')))).toBeInstanceOf(
      DependencyUnavailableError,
    );
  });

  it('answers a failure after our deadline fired as unavailable, whatever the driver threw', async () => {
    const ops = { ready: () => Promise.resolve(), deadlineMs: 5 };
    // The driver wraps an aborted bulk write in MongoBulkWriteError, and that wrapping itself
    // throws a TypeError for the DOMException our deadline is.
    const failing = runMongo(ops, 'events.append', async ({ signal }) => {
      await new Promise((resolve) => {
        signal.addEventListener('abort', resolve);
      });
      throw new TypeError('Cannot set property name of [object Object] which has only a getter');
    });
    await expect(failing).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(toStoreError('events.append', new DOMException('timed out', 'TimeoutError'))).toBeInstanceOf(
      DependencyUnavailableError,
    );
  });

  it('answers a duplicate key as a conflict', () => {
    const duplicate = new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 });
    expect(toStoreError('orders.add', duplicate)).toBeInstanceOf(ConflictError);
  });

  it('passes anything it does not recognise through as it is (a bug to see, not a 503)', () => {
    const odd = new MongoServerError({ message: 'Document failed validation', code: 121 });
    expect(toStoreError('orders.add', odd)).toBe(odd);
  });
});
