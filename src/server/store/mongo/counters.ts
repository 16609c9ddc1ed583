// Rate-limit windows (`counters`): one inserted document per hit, counted. Named sequences
// (`sequences`): one document per sequence, its value raised by `$inc` — a single atomic
// command per number, so concurrent requests never queue behind each other for one.
import { ObjectId, type Db } from 'mongodb';
import { fixedWindow } from '../../domain/windows.js';
import type { CounterRepository } from '../../ports/store.js';
import { isDuplicateKey, runMongo, type MongoOperations } from './errors.js';
import { isDocumentId } from '../../../contract/ids.js';

/** One hit: the window's count is the number of its hits. */
interface HitDocument {
  _id: ObjectId;
  key: string;
  resetsAt: Date;
}

/** A named sequence: its `_id` is the name, `value` the last number handed out. */
export interface SequenceDocument {
  _id: string;
  value: number;
}

export function createMongoCounterRepository(db: Db, ops: MongoOperations): CounterRepository {
  const hits = db.collection<HitDocument>('counters');
  const sequences = db.collection<SequenceDocument>('sequences');
  const keyOf = (key: string, start: number) => `${key}@${start}`;
  return {
    hit: ({ key, windowSeconds, at }) =>
      runMongo(ops, 'counters.hit', async (limits) => {
        const window = fixedWindow(at, windowSeconds);
        const windowKey = keyOf(key, window.start);
        const _id = new ObjectId();
        await hits.insertOne({ _id, key: windowKey, resetsAt: window.resetsAt }, limits);
        return {
          count: await hits.countDocuments({ key: windowKey }, limits),
          resetsAt: window.resetsAt,
          receipt: _id.toHexString(),
        };
      }),
    peek: ({ key, windowSeconds, at }) =>
      runMongo(ops, 'counters.peek', async (limits) => {
        const window = fixedWindow(at, windowSeconds);
        const count = await hits.countDocuments({ key: keyOf(key, window.start) }, limits);
        return { count, resetsAt: window.resetsAt };
      }),
    // This very hit, by its id: exactly once even when retracts race (no find-then-delete).
    retract: ({ key, windowSeconds, at, receipt }) =>
      runMongo(ops, 'counters.retract', async (limits) => {
        if (!isDocumentId(receipt)) return;
        const windowKey = keyOf(key, fixedWindow(at, windowSeconds).start);
        await hits.deleteOne({ _id: new ObjectId(receipt), key: windowKey }, limits);
      }),
    removeStale: ({ before }) =>
      runMongo(ops, 'counters.removeStale', async (limits) => {
        const result = await hits.deleteMany({ resetsAt: { $lt: before } }, limits);
        return result.deletedCount;
      }),
    next: ({ name }) =>
      runMongo(ops, 'counters.next', async (limits) => {
        const take = () =>
          sequences.findOneAndUpdate(
            { _id: name },
            { $inc: { value: 1 } },
            { ...limits, upsert: true, returnDocument: 'after' },
          );
        let taken: SequenceDocument | null;
        try {
          taken = await take();
        } catch (error) {
          // Two first-ever numbers at once: one upsert created the document, the other lost the
          // insert. Now it exists, and the increment applies. (MongoDB retries this itself.)
          if (!isDuplicateKey(error)) throw error;
          taken = await take();
        }
        if (!taken) throw new Error(`sequence ${name}: no value returned`);
        return taken.value;
      }),
  };
}
