// The `milestones` collection: one document per one-time step, its key as `_id`, so a second
// claim is a duplicate-key error on every MongoDB-compatible server.
import type { Db } from 'mongodb';
import type { Store } from '../../ports/store.js';
import { isDuplicateKey, runMongo, type MongoOperations } from './errors.js';

interface MilestoneDocument {
  _id: string;
  reachedAt: Date;
}

export function createMongoMilestones(db: Db, ops: MongoOperations): Store['milestones'] {
  const milestones = db.collection<MilestoneDocument>('milestones');
  return {
    claimOnce: ({ key, at }) =>
      runMongo(ops, 'milestones.claimOnce', async (limits) => {
        try {
          await milestones.insertOne({ _id: key, reachedAt: at }, limits);
          return true;
        } catch (error) {
          if (isDuplicateKey(error)) return false;
          throw error;
        }
      }),
    removeTransient: ({ before }) =>
      runMongo(ops, 'milestones.removeTransient', async (limits) => {
        const result = await milestones.deleteMany(
          { _id: { $regex: ':' }, reachedAt: { $lt: before } },
          limits,
        );
        return result.deletedCount;
      }),
    has: ({ key }) =>
      runMongo(
        ops,
        'milestones.has',
        async (limits) => (await milestones.countDocuments({ _id: key }, limits)) > 0,
      ),
  };
}
