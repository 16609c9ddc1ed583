// The `users` collection (the article's name) as the user repository. The original app's
// documents — `{username, phone, password}` with a bcrypt hash — read as customer accounts
// whose phone was never proven.
import { ObjectId, type Db } from 'mongodb';
import type { Role, User, UserChanges } from '../../domain/user.js';
import type { UserRepository } from '../../ports/store.js';
import { dateOrNull } from './documents.js';
import { isDocumentId } from '../../../contract/ids.js';
import { runMongo, type MongoOperations } from './errors.js';

export interface UserDocument {
  _id: ObjectId;
  username: string;
  phone: string;
  /** The article's field name for the password hash. */
  password: string;
  role?: Role;
  phoneVerifiedAt?: Date | null;
  disabledAt?: Date | null;
  displayName?: string | null;
  invitation?: { digest: string; expiresAt: Date } | null;
  createdAt?: Date;
  updatedAt?: Date;
}

const ROLES: readonly Role[] = ['customer', 'staff', 'admin'];

/** The original app stored the digits as typed (`15556661234`); ours are E.164. */
function phoneFromStored(phone: string): string {
  return /^\d+$/.test(phone) ? `+${phone}` : phone;
}

function toUser(doc: UserDocument): User {
  return {
    id: doc._id.toHexString(),
    username: doc.username,
    phone: phoneFromStored(doc.phone),
    passwordHash: doc.password,
    role: doc.role !== undefined && ROLES.includes(doc.role) ? doc.role : 'customer',
    phoneVerifiedAt: dateOrNull(doc.phoneVerifiedAt),
    disabledAt: dateOrNull(doc.disabledAt),
    displayName: typeof doc.displayName === 'string' ? doc.displayName : null,
    invitation: doc.invitation
      ? { digest: doc.invitation.digest, expiresAt: doc.invitation.expiresAt }
      : null,
    createdAt: dateOrNull(doc.createdAt),
    updatedAt: dateOrNull(doc.updatedAt),
  };
}

/** The fields a change sets, named as in the document. */
function fieldsOf(changes: UserChanges): Partial<UserDocument> {
  const { passwordHash, ...rest } = changes;
  return { ...rest, ...(passwordHash === undefined ? {} : { password: passwordHash }) };
}

export function createMongoUserRepository(db: Db, ops: MongoOperations): UserRepository {
  const users = db.collection<UserDocument>('users');
  return {
    add: ({ user, at }) =>
      runMongo(ops, 'users.add', async (limits) => {
        const doc: UserDocument = {
          _id: new ObjectId(),
          username: user.username,
          phone: user.phone,
          password: user.passwordHash,
          role: user.role,
          phoneVerifiedAt: user.phoneVerifiedAt,
          disabledAt: user.disabledAt ?? null,
          displayName: user.displayName ?? null,
          invitation: user.invitation ?? null,
          createdAt: at,
          updatedAt: at,
        };
        await users.insertOne(doc, limits);
        return toUser(doc);
      }),
    // Usernames are stored case-folded; the original app's, stored as typed, are folded once at
    // start-up (services/usernames.ts), and those that could not be keep their spelling.
    findByUsername: ({ username, orStoredAs = [] }) =>
      runMongo(ops, 'users.findByUsername', async (limits) => {
        const order = [...new Set([...orStoredAs, username])];
        const docs = await users
          .find({ username: { $in: order } }, limits)
          .limit(order.length + 2)
          .toArray();
        const doc = order.map((spelling) => docs.find((d) => d.username === spelling)).find(Boolean);
        return doc ? toUser(doc) : null;
      }),
    findByPhone: ({ phone }) =>
      runMongo(ops, 'users.findByPhone', async (limits) => {
        const docs = await users
          .find({ phone, phoneVerifiedAt: { $type: 'date' } }, limits)
          .sort({ createdAt: -1, _id: -1 })
          .limit(20)
          .toArray();
        return docs.map(toUser);
      }),
    listUsernames: ({ afterId, limit }) =>
      runMongo(ops, 'users.listUsernames', async (limits) => {
        const after =
          afterId !== null && isDocumentId(afterId) ? { _id: { $gt: new ObjectId(afterId) } } : {};
        const docs = await users
          .find(after, { ...limits, projection: { username: 1, createdAt: 1 } })
          .sort({ _id: 1 })
          .limit(limit)
          .toArray();
        return docs.map((doc) => ({
          id: doc._id.toHexString(),
          username: doc.username,
          createdAt: dateOrNull(doc.createdAt),
        }));
      }),
    rename: ({ id, username, at }) =>
      runMongo(ops, 'users.rename', async (limits) => {
        if (!isDocumentId(id)) return false;
        const result = await users.updateOne(
          { _id: new ObjectId(id) },
          { $set: { username, updatedAt: at } },
          limits,
        );
        return result.matchedCount === 1;
      }),
    get: ({ id }) =>
      runMongo(ops, 'users.get', async (limits) => {
        if (!isDocumentId(id)) return null;
        const doc = await users.findOne({ _id: new ObjectId(id) }, limits);
        return doc ? toUser(doc) : null;
      }),
    markPhoneVerified: ({ id, phone, at }) =>
      runMongo(ops, 'users.markPhoneVerified', async (limits) => {
        if (!isDocumentId(id)) return;
        await users.updateOne(
          { _id: new ObjectId(id) },
          { $set: { phone, phoneVerifiedAt: at, updatedAt: at } },
          limits,
        );
      }),
    setPasswordHash: ({ id, passwordHash, at }) =>
      runMongo(ops, 'users.setPasswordHash', async (limits) => {
        if (!isDocumentId(id)) return;
        await users.updateOne(
          { _id: new ObjectId(id) },
          { $set: { password: passwordHash, updatedAt: at } },
          limits,
        );
      }),
    listStaff: () =>
      runMongo(ops, 'users.listStaff', async (limits) => {
        const docs = await users
          .find({ role: { $in: ['staff', 'admin'] } }, limits)
          .sort({ username: 1 })
          .toArray();
        return docs.map(toUser);
      }),
    update: ({ id, changes, at }) =>
      runMongo(ops, 'users.update', async (limits) => {
        if (!isDocumentId(id)) return null;
        const doc = await users.findOneAndUpdate(
          { _id: new ObjectId(id) },
          { $set: { ...fieldsOf(changes), updatedAt: at } },
          { ...limits, returnDocument: 'after' },
        );
        return doc ? toUser(doc) : null;
      }),
  };
}
