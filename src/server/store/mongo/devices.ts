// The `devices` collection: browsers that completed a sign-in, keyed by the digest of their cookie.
import type { Db } from 'mongodb';
import type { DeviceRepository } from '../../ports/store.js';
import { runMongo, type MongoOperations } from './errors.js';

interface DeviceDocument {
  _id: string;
  userId: string;
  expiresAt: Date;
}

export function createMongoDeviceRepository(db: Db, ops: MongoOperations): DeviceRepository {
  const devices = db.collection<DeviceDocument>('devices');
  return {
    add: ({ device }) =>
      runMongo(ops, 'devices.add', async (limits) => {
        await devices.replaceOne(
          { _id: device.digest },
          { userId: device.userId, expiresAt: device.expiresAt },
          { ...limits, upsert: true },
        );
      }),
    get: ({ digest }) =>
      runMongo(ops, 'devices.get', async (limits) => {
        const doc = await devices.findOne({ _id: digest }, limits);
        return doc ? { digest: doc._id, userId: doc.userId, expiresAt: doc.expiresAt } : null;
      }),
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
