// Rate-limit windows (`counters`) and named sequences (`sequences`), built only on inserts with
// unique ids and on counting. Those are exactly-once on every MongoDB-compatible server —
// including FerretDB 1.x, which applies findAndModify and conditional updates without
// isolation, so increments there can lose hits under concurrency.
import { ObjectId, type Db } from 'mongodb';
import { fixedWindow } from '../../domain/windows.js';
import type { CounterRepository } from '../../ports/store.js';
import { runMongo, type MongoOperations } from './errors.js';
import { numberClaimer } from './numbers.js';
import { isDocumentId } from '../../../contract/ids.js';

/** One hit: the window's count is the number of its hits. */
interface HitDocument {
  _id: ObjectId;
  key: string;
  resetsAt: Date;
}

/** One handed-out value of a sequence: `<name>#<value>`, unique by construction. */
interface SequenceDocument {
  _id: string;
  name: string;
  value: number;
}

/** Attempts at the next value before giving up (each loss means another instance took one). */
const SEQUENCE_TRIES = 50;

export function createMongoCounterRepository(db: Db, ops: MongoOperations): CounterRepository {
  const hits = db.collection<HitDocument>('counters');
  const sequences = db.collection<SequenceDocument>('sequences');
  const keyOf = (key: string, start: number) => `${key}@${start}`;
  const claimers = new Map<string, ReturnType<typeof numberClaimer>>();
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
      runMongo(ops, 'counters.next', (limits) => {
        let claim = claimers.get(name);
        if (!claim) {
          claim = numberClaimer({
            what: `sequence ${name}`,
            newest: async (l) => {
              const [last] = await sequences.find({ name }, l).sort({ value: -1 }).limit(1).toArray();
              return last?.value ?? 0;
            },
            tries: SEQUENCE_TRIES,
          });
          claimers.set(name, claim);
        }
        return claim((value, l) => sequences.insertOne({ _id: `${name}#${value}`, name, value }, l), limits);
      }),
  };
}
