// The `inventory` collection (the article's name) as the menu repository.
import { ObjectId, type Db } from 'mongodb';
import { compareMenuOrder, type MenuItem } from '../../domain/menu.js';
import type { MenuRepository } from '../../ports/store.js';
import { isObjectIdHex, toMenuItem, type InventoryDocument } from './documents.js';
import { runMongo } from './errors.js';

export function createMongoMenuRepository(
  db: Db,
  ready: () => Promise<void>,
  maxTimeMS: number,
): MenuRepository {
  const inventory = db.collection<InventoryDocument>('inventory');

  return {
    list: ({ availableOnly }) =>
      runMongo('menu.list', async () => {
        await ready();
        // A missing `available` means available (hand-made documents), hence `$ne: false`.
        const docs = await inventory
          .find(availableOnly ? { available: { $ne: false } } : {}, { maxTimeMS })
          .toArray();
        // Sorted here, not by the server: missing positions must sort exactly as on SQLite.
        return docs
          .map(toMenuItem)
          .filter((item): item is MenuItem => item !== null)
          .sort(compareMenuOrder);
      }),

    get: ({ id }) =>
      runMongo('menu.get', async () => {
        if (!isObjectIdHex(id)) return null;
        await ready();
        const doc = await inventory.findOne({ _id: new ObjectId(id) }, { maxTimeMS });
        return doc ? toMenuItem(doc) : null;
      }),

    add: ({ item, at }) =>
      runMongo('menu.add', async () => {
        await ready();
        const doc: InventoryDocument = { _id: new ObjectId(), ...item, createdAt: at, updatedAt: at };
        await inventory.insertOne(doc);
        const stored = toMenuItem(doc);
        if (!stored) throw new Error('menu.add: the dish does not satisfy the menu rules');
        return stored;
      }),

    count: () =>
      runMongo('menu.count', async () => {
        await ready();
        return inventory.countDocuments({}, { maxTimeMS });
      }),
  };
}
