// The `events` collection: what live listeners are told. An event's `_id` is its sequence
// number, taken as "the last one + 1" and claimed by the insert itself (unique `_id`): two
// instances never store the same number, and a number is visible before the next is taken.
import type { Db } from 'mongodb';
import type { EventRepository, StoredEvent } from '../../ports/store.js';
import { isDuplicateKey, runMongo, type MongoOperations } from './errors.js';

interface EventDocument {
  _id: number;
  topic: 'order';
  userId: string;
  at: Date;
  payload: Record<string, unknown>;
}

const APPEND_TRIES = 50;

const toEvent = ({ _id, ...rest }: EventDocument): StoredEvent => ({ seq: _id, ...rest });

export function createMongoEventRepository(db: Db, ops: MongoOperations): EventRepository {
  const events = db.collection<EventDocument>('events');
  const latest = async (limits: { signal: AbortSignal; maxTimeMS: number }) => {
    const [last] = await events.find({}, limits).sort({ _id: -1 }).limit(1).toArray();
    return last?._id ?? 0;
  };
  return {
    append: ({ event }) =>
      runMongo(ops, 'events.append', async (limits) => {
        for (let attempt = 0; attempt < APPEND_TRIES; attempt += 1) {
          const seq = (await latest(limits)) + 1;
          try {
            await events.insertOne({ _id: seq, ...event }, limits);
            return { seq, ...event };
          } catch (error) {
            if (!isDuplicateKey(error)) throw error;
          }
        }
        throw new Error('events.append: too much contention');
      }),
    since: ({ after, limit, userId }) =>
      runMongo(ops, 'events.since', async (limits) => {
        const filter = userId === undefined ? { _id: { $gt: after } } : { userId, _id: { $gt: after } };
        const docs = await events.find(filter, limits).sort({ _id: 1 }).limit(limit).toArray();
        return docs.map(toEvent);
      }),
    latestSeq: () => runMongo(ops, 'events.latestSeq', latest),
    // The newest event always stays: its number is where the next one continues from.
    removeBefore: ({ before }) =>
      runMongo(ops, 'events.removeBefore', async (limits) => {
        const newest = await latest(limits);
        const result = await events.deleteMany({ at: { $lt: before }, _id: { $lt: newest } }, limits);
        return result.deletedCount;
      }),
  };
}
