// Collections, indexes and validators, created at start-up and idempotent on every start.
import { MongoServerError, type Db, type Document } from 'mongodb';
import { isDuplicateKey } from './errors.js';

export interface SchemaLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

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
      },
    },
  },
};

const INDEXES: { collection: string; key: Document; options: { unique?: boolean; name: string } }[] = [
  { collection: 'inventory', key: { available: 1, position: 1, name: 1 }, options: { name: 'menu_order' } },
  { collection: 'users', key: { username: 1 }, options: { unique: true, name: 'unique_username' } },
  { collection: 'orders', key: { user_id: 1, orderTime: -1 }, options: { name: 'orders_of_user' } },
];

/** Servers without validators (FerretDB, some emulators) say so with one of these codes. */
const NOT_SUPPORTED_CODES = new Set([115, 238]); // CommandNotSupported, NotImplemented

async function applyValidator(db: Db, collection: string, validator: Document): Promise<void> {
  const exists = (await db.listCollections({ name: collection }, { nameOnly: true }).toArray()).length > 0;
  const options = { validator, validationLevel: 'moderate', validationAction: 'error' } as const;
  if (exists) await db.command({ collMod: collection, ...options });
  else await db.createCollection(collection, options);
}

export async function prepareSchema(db: Db, log: SchemaLog): Promise<void> {
  let validatorsSupported = true;
  for (const [collection, validator] of Object.entries(VALIDATORS)) {
    if (!validatorsSupported) break;
    try {
      await applyValidator(db, collection, validator);
    } catch (error) {
      if (!(error instanceof MongoServerError && NOT_SUPPORTED_CODES.has(Number(error.code)))) throw error;
      validatorsSupported = false;
      log.info(
        { code: error.code },
        'this MongoDB server does not support collection validators: carrying on without them',
      );
    }
  }
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
