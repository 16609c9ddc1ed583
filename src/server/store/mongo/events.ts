// The `events` collection: what live listeners are told. Sequence numbers come from the
// `sequences` collection, so they are unique across instances; two instances may store theirs
// slightly out of order, which the listener side (services/live-events.ts) allows for.
import type { Db } from 'mongodb';
import type { CounterRepository, EventRepository, StoredEvent } from '../../ports/store.js';
import { runMongo, type MongoOperations } from './errors.js';

interface EventDocument {
  _id: number;
  topic: 'order';
  userId: string;
  at: Date;
  payload: Record<string, unknown>;
}

const toEvent = ({ _id, ...rest }: EventDocument): StoredEvent => ({ seq: _id, ...rest });

export function createMongoEventRepository(
  db: Db,
  ops: MongoOperations,
  counters: CounterRepository,
): EventRepository {
  const events = db.collection<EventDocument>('events');
  return {
    append: async ({ event }) => {
      const seq = await counters.next({ name: 'events' });
      return runMongo(ops, 'events.append', async (limits) => {
        await events.insertOne({ _id: seq, ...event }, limits);
        return { seq, ...event };
      });
    },
    since: ({ after, limit, userId }) =>
      runMongo(ops, 'events.since', async (limits) => {
        const filter = userId === undefined ? { _id: { $gt: after } } : { userId, _id: { $gt: after } };
        const docs = await events.find(filter, limits).sort({ _id: 1 }).limit(limit).toArray();
        return docs.map(toEvent);
      }),
    latestSeq: () =>
      runMongo(ops, 'events.latestSeq', async (limits) => {
        const [latest] = await events.find({}, limits).sort({ _id: -1 }).limit(1).toArray();
        return latest?._id ?? 0;
      }),
    removeBefore: ({ before }) =>
      runMongo(ops, 'events.removeBefore', async (limits) => {
        const result = await events.deleteMany({ at: { $lt: before } }, limits);
        return result.deletedCount;
      }),
  };
}
