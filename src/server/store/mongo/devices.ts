// The `devices` collection: browsers that completed a sign-in, by the digest of their cookie and
// the account.
import type { Db } from 'mongodb';
import type { DeviceRepository } from '../../ports/store.js';
import { runMongo, type MongoOperations } from './errors.js';

/** One browser trusted by one account: `_id` is `<digest>/<userId>`. */
interface DeviceDocument {
  _id: string;
  digest: string;
  userId: string;
  expiresAt: Date;
}

const idOf = (digest: string, userId: string) => `${digest}/${userId}`;

export function createMongoDeviceRepository(db: Db, ops: MongoOperations): DeviceRepository {
  const devices = db.collection<DeviceDocument>('devices');
  return {
    add: ({ device }) =>
      runMongo(ops, 'devices.add', async (limits) => {
        const { digest, userId, expiresAt } = device;
        await devices.replaceOne(
          { _id: idOf(digest, userId) },
          { digest, userId, expiresAt },
          { ...limits, upsert: true },
        );
      }),
    get: ({ digest, userId }) =>
      runMongo(ops, 'devices.get', async (limits) => {
        const doc = await devices.findOne({ _id: idOf(digest, userId) }, limits);
        return doc ? { digest: doc.digest, userId: doc.userId, expiresAt: doc.expiresAt } : null;
      }),
    isKnown: ({ digest }) =>
      runMongo(
        ops,
        'devices.isKnown',
        async (limits) => (await devices.findOne({ digest }, limits)) !== null,
      ),
    removeOfUser: ({ userId }) =>
      runMongo(ops, 'devices.removeOfUser', async (limits) => {
        const result = await devices.deleteMany({ userId }, limits);
        return result.deletedCount;
      }),
    removeExpired: ({ before }) =>
      runMongo(ops, 'devices.removeExpired', async (limits) => {
        const result = await devices.deleteMany({ expiresAt: { $lt: before } }, limits);
        return result.deletedCount;
      }),
  };
}
