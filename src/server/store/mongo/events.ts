// The `events` collection: what live listeners are told. An event's `_id` is its sequence
// number, taken from the `events` sequence by one `$inc` (counters.ts) and then inserted: two
// instances never store the same number, and appends never wait for each other. A round of
// events takes its numbers in one `$inc` and is inserted in one command. Numbers may
// become visible out of order (a later one inserted first), and a number whose insert failed is
// never written: the pollers deliver past such gaps (background/live-events.ts).
import type { Db } from 'mongodb';
import type { EventRepository, EventTopic, StoredEvent } from '../../ports/store.js';
import { runMongo, type MongoOperations } from './errors.js';
import { increment, type SequenceDocument } from './counters.js';

interface EventDocument {
  _id: number;
  topic: EventTopic;
  userId: string;
  at: Date;
  payload: Record<string, unknown>;
}

/** The sequence in `sequences` that numbers events. */
export const EVENT_SEQUENCE = 'events';

const toEvent = ({ _id, ...rest }: EventDocument): StoredEvent => ({ seq: _id, ...rest });

export function createMongoEventRepository(db: Db, ops: MongoOperations): EventRepository {
  const events = db.collection<EventDocument>('events');
  const sequences = db.collection<SequenceDocument>('sequences');
  return {
    // A round of k events: one `$inc` of k, then one insert of all k.
    append: ({ events: batch }) =>
      runMongo(ops, 'events.append', async (limits) => {
        if (batch.length === 0) return [];
        const { value: last } = await increment(
          sequences,
          EVENT_SEQUENCE,
          { $inc: { value: batch.length } },
          limits,
        );
        const first = last - batch.length + 1;
        const numbered = batch.map((event, i) => ({ seq: first + i, ...event }));
        await events.insertMany(
          numbered.map(({ seq, ...event }) => ({ _id: seq, ...event })),
          { ...limits, ordered: false },
        );
        return numbered;
      }),
    since: ({ after, limit, userId }) =>
      runMongo(ops, 'events.since', async (limits) => {
        const filter = userId === undefined ? { _id: { $gt: after } } : { userId, _id: { $gt: after } };
        const docs = await events.find(filter, limits).sort({ _id: 1 }).limit(limit).toArray();
        return docs.map(toEvent);
      }),
    // The sequence's one document, not the newest event: no sort, and right after a quiet day.
    latestSeq: () =>
      runMongo(ops, 'events.latestSeq', async (limits) => {
        const sequence = await sequences.findOne({ _id: EVENT_SEQUENCE }, limits);
        return sequence?.value ?? 0;
      }),
    // Numbers continue from the sequence, so every old event can go.
    removeBefore: ({ before }) =>
      runMongo(ops, 'events.removeBefore', async (limits) => {
        const result = await events.deleteMany({ at: { $lt: before } }, limits);
        return result.deletedCount;
      }),
    removeOfUser: ({ userId }) =>
      runMongo(ops, 'events.removeOfUser', async (limits) => {
        const result = await events.deleteMany({ userId }, limits);
        return result.deletedCount;
      }),
  };
}
