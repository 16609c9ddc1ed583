// The `inventory` collection (the article's name) as the menu repository.
import { ObjectId, type Db } from 'mongodb';
import { compareMenuOrder, type MenuItem } from '../../domain/menu.js';
import type { MenuRepository } from '../../ports/store.js';
import { toMenuItem, type InventoryDocument } from './documents.js';
import { isDocumentId } from '../../../contract/ids.js';
import { runMongo, type MongoOperations } from './errors.js';

export function createMongoMenuRepository(db: Db, ops: MongoOperations): MenuRepository {
  const inventory = db.collection<InventoryDocument>('inventory');

  return {
    list: ({ availableOnly }) =>
      runMongo(ops, 'menu.list', async (limits) => {
        // A missing `available` means available (hand-made documents), hence `$ne: false`.
        const filter = availableOnly ? { available: { $ne: false } } : {};
        const docs = await inventory.find(filter, limits).toArray();
        // Sorted here, not by the server: missing positions must sort exactly as on SQLite.
        return docs
          .map(toMenuItem)
          .filter((item): item is MenuItem => item !== null)
          .sort(compareMenuOrder);
      }),

    get: ({ id }) =>
      runMongo(ops, 'menu.get', async (limits) => {
        if (!isDocumentId(id)) return null;
        const doc = await inventory.findOne({ _id: new ObjectId(id) }, limits);
        return doc ? toMenuItem(doc) : null;
      }),

    add: ({ item, at, id }) =>
      runMongo(ops, 'menu.add', async (limits) => {
        const doc: InventoryDocument = { _id: new ObjectId(id), ...item, createdAt: at, updatedAt: at };
        const stored = toMenuItem(doc);
        if (!stored) throw new Error('menu.add: the dish does not satisfy the menu rules');
        await inventory.insertOne(doc, limits);
        return stored;
      }),

    count: () => runMongo(ops, 'menu.count', (limits) => inventory.countDocuments({}, limits)),

    replace: ({ id, item, at }) =>
      runMongo(ops, 'menu.replace', async (limits) => {
        if (!isDocumentId(id)) return null;
        const _id = new ObjectId(id);
        const result = await inventory.updateOne({ _id }, { $set: { ...item, updatedAt: at } }, limits);
        if (result.matchedCount === 0) return null;
        const doc = await inventory.findOne({ _id }, limits);
        return doc ? toMenuItem(doc) : null;
      }),

    remove: ({ id }) =>
      runMongo(ops, 'menu.remove', async (limits) => {
        if (!isDocumentId(id)) return false;
        return (await inventory.deleteOne({ _id: new ObjectId(id) }, limits)).deletedCount === 1;
      }),
  };
}
