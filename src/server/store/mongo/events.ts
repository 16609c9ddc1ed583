// The `events` collection: what live listeners are told. An event's `_id` is its sequence
// number, claimed by the insert itself (unique `_id`, numbers.ts): two instances never store the
// same number, and a number is visible before this instance takes the next.
import type { Db } from 'mongodb';
import type { EventRepository, StoredEvent } from '../../ports/store.js';
import { runMongo, type MongoOperations } from './errors.js';
import { numberClaimer } from './numbers.js';

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
  const claimSeq = numberClaimer({ what: 'events.append', newest: latest, tries: APPEND_TRIES });
  return {
    append: ({ event }) =>
      runMongo(ops, 'events.append', async (limits) => {
        const seq = await claimSeq((value, l) => events.insertOne({ _id: value, ...event }, l), limits);
        return { seq, ...event };
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
