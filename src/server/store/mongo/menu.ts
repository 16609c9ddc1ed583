// The `inventory` collection (the article's name) as the menu repository, and dish photos in
// GridFS (the `photos` bucket), so that every instance serves them.
import { createHash } from 'node:crypto';
import { GridFSBucket, ObjectId, type AnyBulkWriteOperation, type Db } from 'mongodb';
import { compareMenuOrder, type MenuItem } from '../../domain/menu.js';
import type { MenuRepository, PhotoRepository } from '../../ports/store.js';
import { toMenuItem, type InventoryDocument } from './documents.js';
import { isDocumentId } from '../../../contract/ids.js';
import { isDuplicateKey, runMongo, type MongoOperations } from './errors.js';

const objectIdsOf = (ids: readonly string[]) => ids.filter(isDocumentId).map((id) => new ObjectId(id));

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

    add: ({ item, at, id, photo }) =>
      runMongo(ops, 'menu.add', async (limits) => {
        const doc: InventoryDocument = {
          _id: new ObjectId(id),
          ...item,
          photo: photo ?? null,
          createdAt: at,
          updatedAt: at,
        };
        const stored = toMenuItem(doc);
        if (!stored) throw new Error('menu.add: the dish does not satisfy the menu rules');
        await inventory.insertOne(doc, limits);
        return stored;
      }),

    count: () => runMongo(ops, 'menu.count', (limits) => inventory.countDocuments({}, limits)),

    replace: ({ id, item, at }) =>
      runMongo(ops, 'menu.replace', async (limits) => {
        if (!isDocumentId(id)) return null;
        const doc = await inventory.findOneAndUpdate(
          { _id: new ObjectId(id) },
          { $set: { ...item, updatedAt: at } },
          { ...limits, returnDocument: 'after' },
        );
        return doc ? toMenuItem(doc) : null;
      }),

    remove: ({ id }) =>
      runMongo(ops, 'menu.remove', async (limits) => {
        if (!isDocumentId(id)) return false;
        return (await inventory.deleteOne({ _id: new ObjectId(id) }, limits)).deletedCount === 1;
      }),

    setAvailability: ({ ids, available, at }) =>
      runMongo(ops, 'menu.setAvailability', async (limits) => {
        const filter = { _id: { $in: objectIdsOf(ids) } };
        const result = await inventory.updateMany(filter, { $set: { available, updatedAt: at } }, limits);
        return result.matchedCount;
      }),

    arrange: ({ moves, at }) =>
      runMongo(ops, 'menu.arrange', async (limits) => {
        const writes: AnyBulkWriteOperation<InventoryDocument>[] = moves
          .filter(({ id }) => isDocumentId(id))
          .map(({ id, position, category }) => ({
            updateOne: {
              filter: { _id: new ObjectId(id) },
              update: { $set: { position, updatedAt: at, ...(category === undefined ? {} : { category }) } },
            },
          }));
        if (writes.length > 0) await inventory.bulkWrite(writes, { ...limits, ordered: false });
      }),

    upsertMany: ({ dishes, at }) =>
      runMongo(ops, 'menu.upsertMany', async (limits) => {
        const writes: AnyBulkWriteOperation<InventoryDocument>[] = dishes.map(({ id, item, photo }) => ({
          updateOne: {
            filter: { _id: new ObjectId(id) },
            update: { $set: { ...item, photo, updatedAt: at }, $setOnInsert: { createdAt: at } },
            upsert: true,
          },
        }));
        // One round trip; dishes are documents of their own, so a failure part-way is retried
        // whole by the caller (each write sets the whole dish: doing one twice changes nothing).
        if (writes.length > 0) await inventory.bulkWrite(writes, { ...limits, ordered: true });
      }),

    setPhoto: ({ id, photo, at }) =>
      runMongo(ops, 'menu.setPhoto', async (limits) => {
        if (!isDocumentId(id)) return null;
        const doc = await inventory.findOneAndUpdate(
          { _id: new ObjectId(id) },
          { $set: { photo, updatedAt: at } },
          { ...limits, returnDocument: 'after' },
        );
        return doc ? toMenuItem(doc) : null;
      }),
  };
}

/** Photos in GridFS: a file per rendition, named by content hash (so a name is written once). */
export function createMongoPhotoRepository(db: Db, ops: MongoOperations): PhotoRepository {
  const bucket = new GridFSBucket(db, { bucketName: 'photos' });
  const files = db.collection<{ _id: ObjectId; filename: string; metadata?: { contentType?: string } }>(
    'photos.files',
  );
  const chunks = db.collection<{ _id: ObjectId; files_id: ObjectId }>('photos.chunks');

  return {
    put: ({ name, contentType, bytes }) =>
      runMongo(ops, 'photos.put', async (limits) => {
        if (await files.findOne({ filename: name }, { ...limits, projection: { _id: 1 } })) return;
        // The file id follows from the name: two instances storing the same photo collide.
        const id = new ObjectId(createHash('sha256').update(name).digest('hex').slice(0, 24));
        const upload = () =>
          new Promise<void>((resolve, reject) => {
            const stream = bucket.openUploadStreamWithId(id, name, { metadata: { contentType } });
            stream.once('finish', () => {
              resolve();
            });
            stream.once('error', reject);
            stream.end(bytes);
          });
        try {
          await upload();
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          // GridFS writes the chunks first: an upload that died half-way left chunks and no file
          // document. Chunks over a minute old are such leftovers: cleared, and the photo stored.
          // Younger ones are another instance's upload of the same photo, still under way.
          if (await files.findOne({ _id: id }, { ...limits, projection: { _id: 1 } })) return;
          const aMinuteAgo = ObjectId.createFromTime(Math.floor(Date.now() / 1000) - 60);
          await chunks.deleteMany({ files_id: id, _id: { $lt: aMinuteAgo } }, limits);
          try {
            await upload();
          } catch (again) {
            if (!isDuplicateKey(again)) throw again;
          }
        }
      }),

    get: ({ name }) =>
      runMongo(ops, 'photos.get', async (limits) => {
        const file = await files.findOne({ filename: name }, limits);
        if (!file) return null;
        const chunks: Buffer[] = [];
        for await (const chunk of bucket.openDownloadStreamByName(name)) chunks.push(chunk as Buffer);
        return {
          contentType: file.metadata?.contentType ?? 'application/octet-stream',
          bytes: Buffer.concat(chunks),
        };
      }),
  };
}
