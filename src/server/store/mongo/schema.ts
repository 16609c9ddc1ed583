// Collections, indexes and validators, created at start-up and idempotent on every start.
import { MongoServerError, ObjectId, type AnyBulkWriteOperation, type Db, type Document } from 'mongodb';
import { isNotificationId } from '../../domain/order.js';
import type { Log } from '../../ports/log.js';
import { isDocumentId } from '../../../contract/ids.js';
import { isDuplicateKey } from './errors.js';
import { EVENT_SEQUENCE } from './events.js';

/**
 * Validators mirror the original app's App Services schemas (`inventory`: name string, price
 * int), extended to our fields. `moderate`: documents already invalid are not blocked from updates.
 */
const VALIDATORS: Record<string, Document> = {
  inventory: {
    $jsonSchema: {
      bsonType: 'object',
      required: ['name', 'price'],
      properties: {
        name: { bsonType: 'string', minLength: 1 },
        price: { bsonType: ['int', 'long'], minimum: 0 },
        description: { bsonType: 'string' },
        category: { bsonType: 'string' },
        available: { bsonType: 'bool' },
        position: { bsonType: ['int', 'long'] },
        options: { bsonType: 'array' },
        tags: { bsonType: 'array' },
        allergens: { bsonType: 'array' },
        photo: { bsonType: ['object', 'null'] },
        createdAt: { bsonType: 'date' },
        updatedAt: { bsonType: 'date' },
      },
    },
  },
  users: {
    $jsonSchema: {
      bsonType: 'object',
      required: ['username', 'phone', 'password'],
      properties: {
        username: { bsonType: 'string', minLength: 1 },
        phone: { bsonType: 'string' },
        password: { bsonType: 'string' },
        role: { enum: ['customer', 'staff', 'admin'] },
        phoneVerifiedAt: { bsonType: ['date', 'null'] },
        disabledAt: { bsonType: ['date', 'null'] },
        displayName: { bsonType: ['string', 'null'], maxLength: 40 },
        invitation: {
          bsonType: ['object', 'null'],
          required: ['digest', 'expiresAt'],
          properties: { digest: { bsonType: 'string' }, expiresAt: { bsonType: 'date' } },
        },
        createdAt: { bsonType: 'date' },
        updatedAt: { bsonType: 'date' },
      },
    },
  },
  orders: {
    $jsonSchema: {
      bsonType: 'object',
      required: ['user_id', 'items', 'status', 'orderTime', 'lastUpdated'],
      properties: {
        user_id: { bsonType: 'objectId' },
        number: { bsonType: ['string', 'null'] },
        // The original's dish-id strings, or our priced lines.
        items: { bsonType: 'array', items: { bsonType: ['string', 'object'] } },
        total: { bsonType: ['int', 'long', 'null'] },
        status: { bsonType: ['string', 'int'] },
        orderTime: { bsonType: ['date', 'string'] },
        lastUpdated: { bsonType: ['date', 'string'] },
        meetingUrl: { bsonType: 'string' },
        calls: { bsonType: 'array', items: { bsonType: 'object' } },
        callOpen: { bsonType: 'bool' },
      },
    },
  },
};

const INDEXES: { collection: string; key: Document; options: { unique?: boolean; name: string } }[] = [
  { collection: 'inventory', key: { available: 1, position: 1, name: 1 }, options: { name: 'menu_order' } },
  { collection: 'users', key: { username: 1 }, options: { unique: true, name: 'unique_username' } },
  { collection: 'users', key: { role: 1, username: 1 }, options: { name: 'users_by_role' } },
  { collection: 'users', key: { phone: 1 }, options: { name: 'users_by_phone' } },
  { collection: 'orders', key: { user_id: 1, orderTime: -1 }, options: { name: 'orders_of_user' } },
  { collection: 'orders', key: { outboxDueAt: 1 }, options: { name: 'outbox_due' } },
  { collection: 'orders', key: { status: 1, orderTime: 1 }, options: { name: 'orders_by_status' } },
  { collection: 'orders', key: { callOpen: 1, orderTime: 1 }, options: { name: 'orders_with_open_call' } },
  { collection: 'orders', key: { readyAt: -1 }, options: { name: 'orders_ready' } },
  { collection: 'orders', key: { finishedAt: -1 }, options: { name: 'orders_finished' } },
  { collection: 'orders', key: { orderTime: 1 }, options: { name: 'orders_by_time' } },
  { collection: 'audit', key: { at: -1, _id: -1 }, options: { name: 'audit_newest' } },
  { collection: 'sessions', key: { userId: 1 }, options: { name: 'sessions_of_user' } },
  { collection: 'sessions', key: { expiresAt: 1 }, options: { name: 'sessions_expiry' } },
  { collection: 'sessions', key: { verificationId: 1 }, options: { name: 'sessions_by_verification' } },
  { collection: 'devices', key: { userId: 1 }, options: { name: 'devices_of_user' } },
  { collection: 'devices', key: { digest: 1 }, options: { name: 'devices_by_digest' } },
  { collection: 'devices', key: { expiresAt: 1 }, options: { name: 'devices_expiry' } },
  { collection: 'trackingLinks', key: { expiresAt: 1 }, options: { name: 'tracking_links_expiry' } },
  { collection: 'trackingLinks', key: { orderId: 1 }, options: { name: 'tracking_links_of_order' } },
  { collection: 'counters', key: { resetsAt: 1 }, options: { name: 'counters_expiry' } },
  { collection: 'events', key: { userId: 1, _id: 1 }, options: { name: 'events_of_user' } },
  { collection: 'events', key: { at: 1 }, options: { name: 'events_by_time' } },
];

/**
 * Servers without validators (FerretDB, some emulators) answer CommandNotSupported (115) or
 * NotImplemented (238). Atlas's built-in `readWrite` role lacks `collMod` and answers
 * Unauthorized (13) for a collection that already exists, such as the article's hand-made
 * `inventory`. Validators are a safety net, not a requirement: in all three cases, carry on.
 */
const CANNOT_VALIDATE_CODES = new Set([13, 115, 238]);

interface CollectionInfo {
  name: string;
  options?: { validator?: Document };
}

async function applyValidator(db: Db, collection: string, validator: Document): Promise<void> {
  const [existing] = (await db.listCollections({ name: collection }).toArray()) as CollectionInfo[];
  const options = { validator, validationLevel: 'moderate', validationAction: 'error' } as const;
  if (!existing) await db.createCollection(collection, options);
  // Later starts find the same validator in place and change nothing (no collMod right needed).
  else if (JSON.stringify(existing.options?.validator) !== JSON.stringify(validator)) {
    await db.command({ collMod: collection, ...options });
  }
}

async function applyValidators(db: Db, log: Log): Promise<void> {
  for (const [collection, validator] of Object.entries(VALIDATORS)) {
    try {
      await applyValidator(db, collection, validator);
    } catch (error) {
      if (!(error instanceof MongoServerError && CANNOT_VALIDATE_CODES.has(Number(error.code)))) throw error;
      log.info(
        { collection, code: error.code },
        'collection validators not applied (unsupported by this server, or no collMod right): carrying on without them',
      );
      return;
    }
  }
}

async function createIndexes(db: Db, log: Log): Promise<void> {
  for (const { collection, key, options } of INDEXES) {
    try {
      await db.collection(collection).createIndex(key, options, undefined);
    } catch (error) {
      // The original app let two accounts share a username. Refusing to start would lock the
      // restaurant out of its own data; run without the guarantee and say so loudly instead.
      if (!(options.unique && isDuplicateKey(error))) throw error;
      log.warn(
        { collection, index: options.name },
        `${collection} holds duplicates, so the unique index ${options.name} cannot be created: merge them`,
      );
    }
  }
}

/**
 * Sequences used to be one document per number handed out (`order-number#41`, with `name` and
 * `value`). Each becomes one document per sequence, raised to the highest number ever handed
 * out ($max: never back, whichever instance upgrades first), and the old documents go.
 * Idempotent. Stop every instance of the older version first: one still running would go on
 * numbering from its own last number, and numbers would repeat.
 */
async function upgradeSequences(db: Db): Promise<void> {
  const sequences = db.collection<{ _id: string; name?: string; value: number }>('sequences');
  const old = sequences.find({ name: { $exists: true } }, { projection: { name: 1, value: 1 } });
  const highest = new Map<string, number>();
  for await (const { name, value } of old) {
    if (name !== undefined) highest.set(name, Math.max(highest.get(name) ?? 0, value));
  }
  for (const [name, value] of highest) {
    await sequences.updateOne({ _id: name }, { $max: { value } }, { upsert: true });
  }
  if (highest.size > 0) await sequences.deleteMany({ name: { $exists: true } });
}

/**
 * Events used to take their number by inserting "the newest + 1"; the `events` sequence now
 * hands them out. It starts above the newest event ever stored ($max: never back), so numbers
 * go on where they were. Stop older instances first: they would go on numbering their way.
 */
async function upgradeEventSequence(db: Db): Promise<void> {
  const [newest] = await db
    .collection<{ _id: number }>('events')
    .find({}, { projection: { _id: 1 } })
    .sort({ _id: -1 })
    .limit(1)
    .toArray();
  if (!newest) return;
  const raise = () =>
    db
      .collection<{ _id: string; value: number }>('sequences')
      .updateOne({ _id: EVENT_SEQUENCE }, { $max: { value: newest._id } }, { upsert: true });
  // Two instances upgrading at once: one upsert inserts, the other is then an update.
  try {
    await raise();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await raise();
  }
}

/**
 * Rate-limit hits used to be one document each (`key` "<key>@<start>", the window's `_id` now).
 * Each window's hits become its count ($max: two instances upgrading together agree; a window
 * this version already counted in is never lowered), and the old documents go.
 */
async function upgradeCounters(db: Db): Promise<void> {
  const counters = db.collection<{ _id: string; key?: string; count?: number; resetsAt: Date }>('counters');
  const windows = new Map<string, { count: number; resetsAt: Date }>();
  for await (const { key, resetsAt } of counters.find(
    { key: { $exists: true } },
    { projection: { key: 1, resetsAt: 1 } },
  )) {
    if (key === undefined) continue;
    const window = windows.get(key);
    windows.set(key, { count: (window?.count ?? 0) + 1, resetsAt: window?.resetsAt ?? resetsAt });
  }
  for (const [key, { count, resetsAt }] of windows) {
    await counters.updateOne({ _id: key }, { $max: { count, resetsAt } }, { upsert: true });
  }
  if (windows.size > 0) await counters.deleteMany({ key: { $exists: true } });
}

/**
 * Indexes earlier versions made for queries the app no longer sends: one document per number
 * (`sequences`) or per rate-limit hit (`counters`; old hits just expire).
 */
const RETIRED_INDEXES = [
  { collection: 'sequences', name: 'sequence_last' },
  { collection: 'counters', name: 'counter_hits' },
];

async function dropRetiredIndexes(db: Db): Promise<void> {
  for (const { collection, name } of RETIRED_INDEXES) {
    await db
      .collection(collection)
      .dropIndex(name)
      .catch((error: unknown) => {
        // IndexNotFound (27), NamespaceNotFound (26): already dropped (another instance, an
        // earlier start), or never made.
        if (!(error instanceof MongoServerError && [26, 27].includes(Number(error.code)))) throw error;
      });
  }
}

/** What an instance that dropped `deliveries` first does to another's read of it. */
const GONE_MEANWHILE = new Set([26, 43, 175]); // NamespaceNotFound, CursorNotFound, QueryPlanKilled

/**
 * Delivery reports used to be documents of their own (`deliveries`); they now live in their
 * order (deliveries.ts). The old ones are copied into their orders (unless there already), a
 * thousand at a time, and the collection goes. Idempotent; with several instances upgrading at
 * once, whichever drops it first ends the others' copy. Stop older instances first: reports
 * they record meanwhile would be lost.
 */
async function foldDeliveriesIntoOrders(db: Db): Promise<void> {
  const [old] = await db.listCollections({ name: 'deliveries' }, { nameOnly: true }).toArray();
  if (!old) return;
  const reports = db.collection<{
    orderId: string;
    notificationId: string;
    messageId: string;
    status: string;
    at: Date;
  }>('deliveries');
  const orders = db.collection<{ _id: ObjectId }>('orders');
  let batch: AnyBulkWriteOperation<{ _id: ObjectId }>[] = [];
  const flush = async () => {
    if (batch.length > 0) await orders.bulkWrite(batch, { ordered: false });
    batch = [];
  };
  try {
    for await (const { orderId, notificationId, messageId, status, at } of reports.find()) {
      if (!isDocumentId(orderId) || !isNotificationId(notificationId)) continue;
      const path = `deliveries.${notificationId}.${status}`;
      batch.push({
        updateOne: {
          filter: { _id: new ObjectId(orderId), [path]: { $exists: false } },
          update: { $set: { [path]: { messageId, at } } },
        },
      });
      if (batch.length === 1000) await flush();
    }
    await flush();
    await reports.drop();
  } catch (error) {
    if (!(error instanceof MongoServerError && GONE_MEANWHILE.has(Number(error.code)))) throw error;
  }
}

export async function prepareSchema(db: Db, log: Log): Promise<void> {
  await applyValidators(db, log);
  await createIndexes(db, log);
  await upgradeSequences(db);
  await upgradeEventSequence(db);
  await upgradeCounters(db);
  await dropRetiredIndexes(db);
  await foldDeliveriesIntoOrders(db);
}
