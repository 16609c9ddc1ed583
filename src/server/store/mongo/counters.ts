// Rate-limit windows (`counters`): one document per key and window, its count raised by `$inc`.
// Named sequences (`sequences`): one document per sequence, its value raised the same way; the
// numbers asked for while one `$inc` is on its way are taken by the next, together. Each is a
// single atomic command, and two instances never lose or double a hit.
import { ObjectId, type Db, type Document, type Filter, type UpdateFilter } from 'mongodb';
import { fixedWindow } from '../../domain/windows.js';
import type { CounterRepository } from '../../ports/store.js';
import { isDuplicateKey, runMongo, type MongoOperations } from './errors.js';
import { isDocumentId } from '../../../contract/ids.js';
import { coalesced } from './coalesce.js';

/** A window: `_id` "<key>@<start>", its hits, the receipts whose hit was taken back. */
interface CounterDocument {
  _id: string;
  count?: number;
  resetsAt: Date;
  spent?: string[];
}

/** A named sequence: its `_id` is the name, `value` the last number handed out. */
export interface SequenceDocument {
  _id: string;
  value: number;
}

interface Limits {
  signal: AbortSignal;
  maxTimeMS: number;
}

/**
 * `$inc` on one document, created on first use. Two first uses at once: one upsert creates it,
 * the other loses the insert (MongoDB retries that itself; other servers answer duplicate key),
 * and applies as an update when tried again.
 */
export async function increment<T extends Document & { _id: string }>(
  collection: {
    findOneAndUpdate: (filter: Filter<T>, update: UpdateFilter<T>, options: object) => Promise<T | null>;
  },
  id: string,
  update: UpdateFilter<T>,
  limits: Limits,
): Promise<T> {
  const options = { ...limits, upsert: true, returnDocument: 'after' };
  const filter = { _id: id } as Filter<T>;
  let updated: T | null;
  try {
    updated = await collection.findOneAndUpdate(filter, update, options);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    updated = await collection.findOneAndUpdate(filter, update, options);
  }
  if (!updated) throw new Error(`${id}: no document returned`);
  return updated;
}

export function createMongoCounterRepository(db: Db, ops: MongoOperations): CounterRepository {
  const counters = db.collection<CounterDocument>('counters');
  const sequences = db.collection<SequenceDocument>('sequences');
  const keyOf = (key: string, start: number) => `${key}@${start}`;
  const takers = new Map<string, () => Promise<number>>();
  /** The windows being counted right now, by document. */
  const hitters = new Map<string, () => Promise<{ count: number; resetsAt: Date; receipt: string }>>();
  return {
    // Hits on one window asked for while a `$inc` of it is on its way are counted together by
    // the next: a relay sending several texts at once, a burst of sign-ins.
    hit: ({ key, windowSeconds, at }) => {
      const window = fixedWindow(at, windowSeconds);
      const id = keyOf(key, window.start);
      let take = hitters.get(id);
      if (!take) {
        take = coalesced(
          (count) =>
            runMongo(ops, 'counters.hit', async (limits) => {
              const counted = await increment(
                counters,
                id,
                { $inc: { count }, $setOnInsert: { resetsAt: window.resetsAt } },
                limits,
              );
              const last = counted.count ?? 0;
              // Each receipt names its own hit only for `retract`, which spends it once.
              return Array.from({ length: count }, (_, i) => ({
                count: last - count + 1 + i,
                resetsAt: window.resetsAt,
                receipt: new ObjectId().toHexString(),
              }));
            }),
          () => hitters.delete(id),
        );
        hitters.set(id, take);
      }
      return take();
    },
    peek: ({ key, windowSeconds, at }) =>
      runMongo(ops, 'counters.peek', async (limits) => {
        const window = fixedWindow(at, windowSeconds);
        const counted = await counters.findOne({ _id: keyOf(key, window.start) }, limits);
        return { count: counted?.count ?? 0, resetsAt: window.resetsAt };
      }),
    // Once per receipt even when retracts race: one write that takes the hit back and records
    // the receipt as spent, in the window's own document. (A receipt is any id this adapter
    // handed out: it takes back one hit of its window.)
    retract: ({ key, windowSeconds, at, receipt }) =>
      runMongo(ops, 'counters.retract', async (limits) => {
        if (!isDocumentId(receipt)) return;
        await counters.updateOne(
          {
            _id: keyOf(key, fixedWindow(at, windowSeconds).start),
            count: { $gt: 0 },
            spent: { $ne: receipt },
          },
          { $inc: { count: -1 }, $push: { spent: receipt } },
          limits,
        );
      }),
    removeStale: ({ before }) =>
      runMongo(ops, 'counters.removeStale', async (limits) => {
        const result = await counters.deleteMany({ resetsAt: { $lt: before } }, limits);
        return result.deletedCount;
      }),
    // Numbers asked for while a `$inc` is on its way are taken together by the next one.
    next: ({ name }) => {
      let take = takers.get(name);
      if (!take) {
        take = coalesced((count) =>
          runMongo(ops, 'counters.next', async (limits) => {
            const { value } = await increment(sequences, name, { $inc: { value: count } }, limits);
            return Array.from({ length: count }, (_, i) => value - count + 1 + i);
          }),
        );
        takers.set(name, take);
      }
      return take();
    },
  };
}
