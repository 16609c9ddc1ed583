// Rate-limit windows (`counters`) and named sequences (`sequences`): single-document atomic
// increments, so every instance on the cluster counts into the same number.
import type { Db } from 'mongodb';
import { fixedWindow } from '../../domain/windows.js';
import type { CounterRepository } from '../../ports/store.js';
import { isDuplicateKey, runMongo, type MongoOperations } from './errors.js';

interface CounterDocument {
  _id: string;
  count: number;
  resetsAt: Date;
}

interface SequenceDocument {
  _id: string;
  value: number;
}

/**
 * Two upserts of one new key can race; the loser gets a duplicate-key error although the
 * document now exists, and a second try increments it.
 */
async function upsertOnce<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return work();
  }
}

export function createMongoCounterRepository(db: Db, ops: MongoOperations): CounterRepository {
  const counters = db.collection<CounterDocument>('counters');
  const sequences = db.collection<SequenceDocument>('sequences');
  const keyOf = (key: string, start: number) => `${key}@${start}`;
  return {
    hit: ({ key, windowSeconds, at }) =>
      runMongo(ops, 'counters.hit', async (limits) => {
        const window = fixedWindow(at, windowSeconds);
        const doc = await upsertOnce(() =>
          counters.findOneAndUpdate(
            { _id: keyOf(key, window.start) },
            { $inc: { count: 1 }, $setOnInsert: { resetsAt: window.resetsAt } },
            { ...limits, upsert: true, returnDocument: 'after' },
          ),
        );
        return { count: doc?.count ?? 1, resetsAt: window.resetsAt };
      }),
    peek: ({ key, windowSeconds, at }) =>
      runMongo(ops, 'counters.peek', async (limits) => {
        const window = fixedWindow(at, windowSeconds);
        const doc = await counters.findOne({ _id: keyOf(key, window.start) }, limits);
        return { count: doc?.count ?? 0, resetsAt: window.resetsAt };
      }),
    removeStale: ({ before }) =>
      runMongo(ops, 'counters.removeStale', async (limits) => {
        const result = await counters.deleteMany({ resetsAt: { $lt: before } }, limits);
        return result.deletedCount;
      }),
    next: ({ name }) =>
      runMongo(ops, 'counters.next', async (limits) => {
        const doc = await upsertOnce(() =>
          sequences.findOneAndUpdate(
            { _id: name },
            { $inc: { value: 1 } },
            { ...limits, upsert: true, returnDocument: 'after' },
          ),
        );
        if (!doc) throw new Error(`sequence ${name} did not advance`);
        return doc.value;
      }),
  };
}
