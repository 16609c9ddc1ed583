// The `sessions` collection: one document per session, keyed by the digest of its cookie value.
import type { Db } from 'mongodb';
import type { Session, SessionStage } from '../../domain/session.js';
import type { SessionRepository } from '../../ports/store.js';
import { runMongo, type MongoOperations } from './errors.js';

/** The session as stored: its id (the cookie's digest) as `_id`. */
type SessionDocument = Omit<Session, 'id'> & { _id: string };

/** Sessions stored before they carried an account have none: their account is read. */
function toSession({ _id, account, ...rest }: SessionDocument): Session {
  return { id: _id, ...rest, account: account ?? null };
}

/** The stages of a pending sign-in: a forgotten password's sessions never outrank one. */
const SIGN_IN_STAGES: SessionStage[] = ['pending_phone', 'pending_2fa'];

export function createMongoSessionRepository(db: Db, ops: MongoOperations): SessionRepository {
  const sessions = db.collection<SessionDocument>('sessions');
  return {
    add: ({ session }) =>
      runMongo(ops, 'sessions.add', async (limits) => {
        const { id, ...rest } = session;
        await sessions.insertOne({ _id: id, ...rest }, limits);
      }),
    get: ({ id }) =>
      runMongo(ops, 'sessions.get', async (limits) => {
        const doc = await sessions.findOne({ _id: id }, limits);
        return doc ? toSession(doc) : null;
      }),
    update: ({ id, changes }) =>
      runMongo(ops, 'sessions.update', async (limits) => {
        const doc = await sessions.findOneAndUpdate(
          { _id: id },
          { $set: changes },
          { ...limits, returnDocument: 'after' },
        );
        return doc ? toSession(doc) : null;
      }),
    remove: ({ id }) =>
      runMongo(ops, 'sessions.remove', async (limits) => {
        const result = await sessions.deleteOne({ _id: id }, limits);
        return result.deletedCount === 1;
      }),
    removeOfUser: ({ userId }) =>
      runMongo(ops, 'sessions.removeOfUser', async (limits) => {
        const result = await sessions.deleteMany({ userId }, limits);
        return result.deletedCount;
      }),
    removeOlderPending: ({ userId, than }) =>
      runMongo(ops, 'sessions.removeOlderPending', async (limits) => {
        const result = await sessions.deleteMany(
          {
            userId,
            stage: { $in: SIGN_IN_STAGES },
            $or: [
              { createdAt: { $lt: than.createdAt } },
              { createdAt: than.createdAt, _id: { $lt: than.id } },
            ],
          },
          limits,
        );
        return result.deletedCount;
      }),
    newestPending: ({ userId }) =>
      runMongo(ops, 'sessions.newestPending', async (limits) => {
        const [doc] = await sessions
          .find({ userId, stage: { $in: SIGN_IN_STAGES } }, limits)
          .sort({ createdAt: -1, _id: -1 })
          .limit(1)
          .toArray();
        return doc ? toSession(doc) : null;
      }),
    listOfUser: ({ userId }) =>
      runMongo(ops, 'sessions.listOfUser', async (limits) =>
        (
          await sessions
            .find({ userId, stage: 'full' }, limits)
            .sort({ createdAt: -1, _id: -1 })
            .limit(50)
            .toArray()
        ).map(toSession),
      ),
    holding: ({ verificationId }) =>
      runMongo(ops, 'sessions.holding', async (limits) =>
        (await sessions.find({ verificationId }, limits).toArray()).map(toSession),
      ),
    removeExpired: ({ before }) =>
      runMongo(ops, 'sessions.removeExpired', async (limits) => {
        const result = await sessions.deleteMany({ expiresAt: { $lt: before } }, limits);
        return result.deletedCount;
      }),
  };
}
