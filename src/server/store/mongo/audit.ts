// The `audit` collection: who changed what, when, with the state before and after.
import { ObjectId, type Db, type Filter } from 'mongodb';
import { prefixRange, type AuditEntry, type AuditRepository } from '../../ports/store.js';
import { runMongo, type MongoOperations } from './errors.js';

type AuditDocument = Omit<AuditEntry, 'id'> & { _id: ObjectId };

export function createMongoAuditRepository(db: Db, ops: MongoOperations): AuditRepository {
  const audit = db.collection<AuditDocument>('audit');
  const toEntry = ({ _id, ...rest }: AuditDocument): AuditEntry => ({ id: _id.toHexString(), ...rest });
  return {
    add: ({ entry }) =>
      runMongo(ops, 'audit.add', async (limits) => {
        const doc: AuditDocument = { _id: new ObjectId(), ...entry };
        await audit.insertOne(doc, limits);
        return toEntry(doc);
      }),
    // Through `audit_newest` (at, _id), a page at a time.
    list: ({ limit, before, actionPrefix, actorName }) =>
      runMongo(ops, 'audit.list', async (limits) => {
        const filter: Filter<AuditDocument> =
          before && ObjectId.isValid(before.id)
            ? { $or: [{ at: { $lt: before.at } }, { at: before.at, _id: { $lt: new ObjectId(before.id) } }] }
            : {};
        if (actionPrefix) {
          const { from, to } = prefixRange(actionPrefix);
          filter.action = { $gte: from, $lt: to };
        }
        if (actorName !== undefined) filter.actorName = actorName;
        const docs = await audit.find(filter, limits).sort({ at: -1, _id: -1 }).limit(limit).toArray();
        return docs.map(toEntry);
      }),
  };
}
