import { randomBytes } from 'node:crypto';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Store } from '../../src/server/ports/store.js';
import type { Log } from '../../src/server/ports/log.js';
import { createMongoStore } from '../../src/server/store/mongo/index.js';
import { newTextMessage } from '../../src/server/domain/order.js';
import { anOrder } from '../support/factories.js';
import { commandsDuring } from '../support/commands.js';
import { quietLog, recordingLog } from '../support/logs.js';
import { testMongoUri } from '../support/test-store.js';
import { describeStoreContract } from './store-contract.js';

const uri = testMongoUri();

function openMongoStore(dbName: string, log: Log = quietLog, countCommands = false): Promise<Store> {
  const store = createMongoStore({
    uri: uri ?? '',
    dbName,
    operationTimeoutMs: 5000,
    serverSelectionTimeoutMs: 3000,
    log,
    countCommands,
  });
  return store.whenReady().then(() => store);
}

describe.skipIf(!uri)('MongoDB adapter', () => {
  let client: MongoClient;
  beforeAll(async () => {
    client = await new MongoClient(uri ?? '', { serverSelectionTimeoutMS: 3000 }).connect();
  });
  afterAll(async () => {
    await client.close();
  });

  describeStoreContract('MongoDB', () => {
    const dbName = `va_contract_${randomBytes(6).toString('hex')}`;
    return Promise.resolve({
      open: () => openMongoStore(dbName),
      destroy: async () => {
        await client.db(dbName).dropDatabase();
      },
    });
  });

  describe('MongoDB specifics', () => {
    /** Two stores on one database, as two app instances starting together; gone after the test. */
    async function twoInstances(dbName: string, drop: () => Promise<unknown>): Promise<[Store, Store]> {
      const [one, two] = await Promise.all([openMongoStore(dbName), openMongoStore(dbName)]);
      onTestFinished(async () => {
        await Promise.all([one.close(), two.close()]);
        await drop();
      });
      return [one, two];
    }

    function freshDatabase() {
      const dbName = `va_mongo_${randomBytes(6).toString('hex')}`;
      return { dbName, db: client.db(dbName), drop: () => client.db(dbName).dropDatabase() };
    }

    it('hands out order and event numbers once each when two instances take them at once', async () => {
      const { dbName, drop } = freshDatabase();
      const [one, two] = await twoInstances(dbName, drop);
      const values = await Promise.all(
        Array.from({ length: 100 }, (_, i) => (i % 2 ? one : two).counters.next({ name: 'order-number' })),
      );
      expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      // Rounds of one and of two events, from both at once: 15 numbers, each once.
      const appended = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? one : two).events.append({
            events: Array.from({ length: 1 + (i % 2) }, (_, j) => ({
              topic: 'order' as const,
              userId: 'alice',
              at: new Date(),
              payload: { i, j },
            })),
          }),
        ),
      );
      const seqs = appended.flat().map((e) => e.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      for (const round of appended.filter((r) => r.length === 2)) {
        expect(round[1]?.seq).toBe((round[0]?.seq ?? 0) + 1);
      }
    });

    it('takes the numbers asked for while one is on its way together, in the order asked', async () => {
      const { dbName, drop } = freshDatabase();
      const store = await openMongoStore(dbName, quietLog, true);
      try {
        await store.counters.next({ name: 'order-number' });
        let values: number[] = [];
        const counting = await commandsDuring(store, async () => {
          values = await Promise.all(
            Array.from({ length: 100 }, () => store.counters.next({ name: 'order-number' })),
          );
        });
        // The first goes at once (unless one is still on its way); those asked for meanwhile go
        // together.
        expect(Object.keys(counting.byCommand)).toEqual(['findAndModify sequences']);
        expect(counting.total).toBeLessThanOrEqual(2);
        expect(values).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
      } finally {
        await store.close();
        await drop();
      }
    });

    it('keeps one document per sequence, whatever the number of values handed out', async () => {
      const { dbName, db, drop } = freshDatabase();
      const store = await openMongoStore(dbName);
      try {
        for (let i = 0; i < 5; i += 1) await store.counters.next({ name: 'order-number' });
        expect(await db.collection('sequences').find().toArray()).toEqual([
          { _id: 'order-number', value: 5 },
        ]);
      } finally {
        await store.close();
        await drop();
      }
    });

    it('counts a rate-limit window in one document, exactly, with hits and a retract from two instances at once', async () => {
      const { dbName, db, drop } = freshDatabase();
      const [one, two] = await twoInstances(dbName, drop);
      const window = {
        key: 'password-ip:203.0.113.9',
        windowSeconds: 60,
        at: new Date('2026-12-06T12:00:30Z'),
      };
      const hits = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).counters.hit(window)),
      );
      expect(hits.map((hit) => hit.count).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      // Hits counted together by one `$inc` still each have a receipt of their own.
      expect(new Set(hits.map((hit) => hit.receipt)).size).toBe(40);
      const receipt = hits[0]?.receipt ?? '';
      await Promise.all([
        one.counters.retract({ ...window, receipt }),
        two.counters.retract({ ...window, receipt }),
      ]);
      expect(
        await db
          .collection('counters')
          .find({}, { projection: { _id: 1, count: 1, spent: 1 } })
          .toArray(),
      ).toEqual([
        {
          _id: `password-ip:203.0.113.9@${Date.parse('2026-12-06T12:00:00Z')}`,
          count: 39,
          spent: [receipt],
        },
      ]);
    });

    it('carries over the hits of windows stored one document per hit', async () => {
      const { dbName, db, drop } = freshDatabase();
      const start = Date.parse('2026-12-06T12:00:00Z');
      const window = { key: 'password-ip:203.0.113.9', windowSeconds: 60, at: new Date(start + 30_000) };
      const resetsAt = new Date(start + 60_000);
      await db.collection('counters').createIndex({ key: 1 }, { name: 'counter_hits' }, undefined);
      await db
        .collection('counters')
        .insertMany(
          Array.from({ length: 3 }, () => ({ _id: new ObjectId(), key: `${window.key}@${start}`, resetsAt })),
        );
      const [one, two] = await twoInstances(dbName, drop);
      expect((await one.counters.peek(window)).count).toBe(3);
      expect((await two.counters.hit(window)).count).toBe(4);
      expect(await db.collection('counters').countDocuments()).toBe(1);
    });

    it('moves delivery reports kept in a collection of their own into their orders, once', async () => {
      const { dbName, db, drop } = freshDatabase();
      const first = await openMongoStore(dbName);
      const order = await first.orders.add({
        order: anOrder(new ObjectId().toHexString(), {
          notifications: [newTextMessage({ id: 'n1', to: '+15555550100', text: 'Received', at: new Date() })],
        }),
      });
      await first.close();
      await db.collection<{ _id: string; [field: string]: unknown }>('deliveries').insertMany([
        {
          _id: `${order.id}/n1/submitted`,
          orderId: order.id,
          notificationId: 'n1',
          messageId: 'm1',
          status: 'submitted',
          at: new Date(),
        },
        {
          _id: `${order.id}/n1/delivered`,
          orderId: order.id,
          notificationId: 'n1',
          messageId: 'm1',
          status: 'delivered',
          at: new Date(),
        },
      ]);
      const [one, two] = await twoInstances(dbName, drop);
      expect((await one.orders.get({ id: order.id }))?.notifications[0]?.delivery).toBe('delivered');
      expect((await two.orders.get({ id: order.id }))?.notifications[0]?.delivery).toBe('delivered');
      const moved = await db.collection('orders').findOne({ _id: new ObjectId(order.id) });
      expect(Object.keys((moved?.deliveries as Record<string, object> | undefined)?.n1 ?? {}).sort()).toEqual(
        ['delivered', 'submitted'],
      );
      const collections = await db.listCollections({}, { nameOnly: true }).toArray();
      expect(collections.map((c) => c.name)).not.toContain('deliveries');
    });

    it('numbers events on after the newest event an earlier version stored', async () => {
      const { dbName, db, drop } = freshDatabase();
      const old = { topic: 'order', userId: 'alice', at: new Date(), payload: {} };
      await db.collection<{ _id: number }>('events').insertMany([
        { _id: 17, ...old },
        { _id: 18, ...old },
      ]);
      const [one, two] = await twoInstances(dbName, drop);
      expect(await two.events.latestSeq()).toBe(18);
      const [next] = await one.events.append({ events: [{ ...old, topic: 'order' }] });
      expect(next?.seq).toBe(19);
      expect((await two.events.since({ after: 18, limit: 10 })).map((e) => e.seq)).toEqual([19]);
    });

    it('continues numbering after the highest number stored one document per value', async () => {
      const { dbName, db, drop } = freshDatabase();
      await db.collection<{ _id: string; name: string; value: number }>('sequences').insertMany([
        { _id: 'order-number#1', name: 'order-number', value: 1 },
        { _id: 'order-number#41', name: 'order-number', value: 41 },
        { _id: 'order-number#7', name: 'order-number', value: 7 },
      ]);
      await db
        .collection('sequences')
        .createIndex({ name: 1, value: -1 }, { name: 'sequence_last' }, undefined);
      // Two instances upgrading at once agree.
      const [one, two] = await twoInstances(dbName, drop);
      expect(await one.counters.next({ name: 'order-number' })).toBe(42);
      expect(await two.counters.next({ name: 'order-number' })).toBe(43);
      expect(await db.collection('sequences').countDocuments()).toBe(1);
      const indexes = (await db.collection('sequences').listIndexes().toArray()) as { name: string }[];
      expect(indexes.map((index) => index.name)).toEqual(['_id_']);
    });

    // What the app relies on from MongoDB: every single-document write is atomic. FerretDB 1.x
    // breaks this unless built by .ci/ferretdb.sh; on an unpatched build these tests fail.
    describe('single-document atomicity of the server', () => {
      it('applies every one of many racing $inc updates', async () => {
        const { db, drop } = freshDatabase();
        const clients = await Promise.all(
          [1, 2, 3].map(() => new MongoClient(uri ?? '', { serverSelectionTimeoutMS: 3000 }).connect()),
        );
        try {
          await db.collection<{ _id: string; n: number }>('race').insertOne({ _id: 'x', n: 0 });
          await Promise.all(
            clients.flatMap((c) =>
              Array.from({ length: 50 }, () =>
                c
                  .db(db.databaseName)
                  .collection<{ _id: string; n: number }>('race')
                  .updateOne({ _id: 'x' }, { $inc: { n: 1 } }),
              ),
            ),
          );
          expect(await db.collection<{ _id: string; n: number }>('race').findOne({ _id: 'x' })).toEqual({
            _id: 'x',
            n: 150,
          });
        } finally {
          await Promise.all(clients.map((c) => c.close()));
          await drop();
        }
      });

      it('lets exactly one of racing compare-and-set updates of an order win, across instances', async () => {
        const { dbName, drop } = freshDatabase();
        const [one, two] = await twoInstances(dbName, drop);
        const order = await one.orders.add({ order: anOrder(new ObjectId().toHexString()) });
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? one : two).orders.update({
              order: { ...order, status: i % 3 ? 'preparing' : 'cancelled' },
              expectedVersion: 0,
            }),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await one.orders.get({ id: order.id }))?.version).toBe(1);
      });
    });

    it('answers findOneAndUpdate with only the fields its projection names, as MongoDB does', async () => {
      const { db, drop } = freshDatabase();
      onTestFinished(async () => {
        await drop();
      });
      const things = db.collection<{ _id: string; version: number; note: string; reports?: object }>(
        'things',
      );
      const reports = { n1: { delivered: { messageId: 'm1' } } };
      await things.insertOne({ _id: 'one', version: 0, note: 'long text', reports });
      const after = { returnDocument: 'after' as const };
      expect(
        await things.findOneAndUpdate(
          { _id: 'one' },
          { $inc: { version: 1 } },
          { ...after, projection: { reports: 1 } },
        ),
      ).toEqual({ _id: 'one', reports });
      expect(
        await things.findOneAndUpdate(
          { _id: 'one' },
          { $inc: { version: 1 } },
          { ...after, projection: { note: 0 } },
        ),
      ).toEqual({ _id: 'one', version: 2, reports });
      expect(
        await things.findOneAndUpdate(
          { _id: 'none' },
          { $inc: { version: 1 } },
          { projection: { reports: 1 } },
        ),
      ).toBeNull();
    });

    // The tests' server narrows queries on indexed fields through its indexes (.ci/ferretdb.sh),
    // as MongoDB does. Whatever it narrows, a query must find exactly what MongoDB finds.
    it('finds by equality, range and $in on indexed fields exactly what MongoDB finds', async () => {
      const { db, drop } = freshDatabase();
      onTestFinished(async () => {
        await drop();
      });
      const things = db.collection<{ _id: string; at?: unknown; who?: unknown; ref?: unknown }>('things');
      await things.createIndexes([{ key: { at: 1 } }, { key: { who: 1, at: -1 } }, { key: { ref: 1 } }]);
      const ref = new ObjectId();
      const t = (iso: string) => new Date(`2026-12-06T${iso}Z`);
      await things.insertMany([
        { _id: 'early', at: t('09:00:00'), who: 'ann', ref },
        { _id: 'noon', at: t('12:00:00'), who: 'bob' },
        { _id: 'late', at: t('18:00:00'), who: 'ann' },
        { _id: 'ancient', at: new Date('1969-07-20T20:17:00Z'), who: 'ann' },
        { _id: 'no-time', who: 'ann' },
        { _id: 'null-time', at: null, who: 'bob' },
        { _id: 'text-time', at: '2026-12-06T10:00:00Z', who: 'ref-as-text', ref: ref.toHexString() },
        { _id: 'number-time', at: 1, who: 42 },
        // MongoDB matches an array by any of its elements.
        { _id: 'listed', at: [t('10:00:00')], who: ['cy', 'ann'] },
      ]);
      const ids = async (filter: Record<string, unknown>) =>
        (await things.find(filter).toArray()).map((doc) => doc._id).sort();
      expect(await ids({ at: { $lte: t('12:00:00') } })).toEqual(['ancient', 'early', 'listed', 'noon']);
      expect(await ids({ at: { $gt: t('09:00:00'), $lt: t('18:00:00') } })).toEqual(['listed', 'noon']);
      expect(await ids({ who: 'ann', at: { $gte: t('09:00:00') } })).toEqual(['early', 'late', 'listed']);
      expect(await ids({ who: { $in: ['cy'] } })).toEqual(['listed']);
      expect(await ids({ who: { $in: ['bob', 'nobody'] } })).toEqual(['noon', 'null-time']);
      expect(await ids({ who: 'ann', at: { $exists: false } })).toEqual(['no-time']);
      expect(await ids({ ref })).toEqual(['early']);
      expect(await ids({ ref: ref.toHexString() })).toEqual(['text-time']);
      expect(await ids({ at: null })).toEqual(['no-time', 'null-time']);
      expect(await things.countDocuments({ who: 'ann', at: { $lt: t('12:00:00') } })).toBe(3);
      // Numbered documents (events): ranges on a numeric _id.
      const numbered = db.collection<{ _id: number | string }>('numbered');
      await numbered.insertMany([1, 2, 2.5, 3, 10, 100, 'ten', '9'].map((_id) => ({ _id })));
      const numbers = async (filter: Record<string, unknown>) =>
        (await numbered.find(filter).sort({ _id: 1 }).toArray()).map((doc) => doc._id);
      expect(await numbers({ _id: { $gt: 2 } })).toEqual([2.5, 3, 10, 100]);
      expect(await numbers({ _id: { $gt: 1, $lte: 3 } })).toEqual([2, 2.5, 3]);
      expect(await numbers({ _id: 10 })).toEqual([10]);
      expect(await numbers({ _id: '9' })).toEqual(['9']);
    });

    it('reads the first due documents by date, in order, exactly as MongoDB does', async () => {
      const { db, drop } = freshDatabase();
      onTestFinished(async () => {
        await drop();
      });
      const due = db.collection<{ _id: string; dueAt?: unknown }>('due');
      await due.createIndex({ dueAt: 1 });
      const at = (minutes: number) => new Date(Date.parse('2026-12-06T12:00:00Z') + minutes * 60_000);
      await due.insertMany([
        { _id: 'third', dueAt: at(3) },
        { _id: 'first', dueAt: at(1) },
        { _id: 'later', dueAt: at(30) },
        { _id: 'second', dueAt: at(2) },
        { _id: 'sent', dueAt: null },
        { _id: 'never' },
        { _id: 'a-number', dueAt: at(0).getTime() },
        { _id: 'a-string', dueAt: at(0).toISOString() },
      ]);
      const first = async (count: number, direction: 1 | -1, filter: Record<string, unknown>) =>
        (await due.find(filter).sort({ dueAt: direction }).limit(count).toArray()).map((doc) => doc._id);
      expect(await first(2, 1, { dueAt: { $lte: at(10) } })).toEqual(['first', 'second']);
      expect(await first(5, 1, { dueAt: { $lte: at(10) } })).toEqual(['first', 'second', 'third']);
      expect(await first(2, -1, { dueAt: { $gt: at(1), $lte: at(30) } })).toEqual(['later', 'third']);
      // An array is matched by an element and sorted by its least: it comes first here.
      await due.insertOne({ _id: 'listed', dueAt: [at(20), at(0.5)] });
      expect(await first(2, 1, { dueAt: { $lte: at(10) } })).toEqual(['listed', 'first']);
    });

    it('reads the dishes the article types by hand in the Atlas UI: only a name and a price', async () => {
      const { dbName, db, drop } = freshDatabase();
      try {
        await db.collection('inventory').insertMany([
          { name: 'Hamburger', price: 995 },
          { name: 'Soda', price: 199 },
        ]);
        const store = await openMongoStore(dbName);
        const menu = await store.menu.list({ availableOnly: true });
        await store.close();
        expect(
          menu.map(({ name, price, available, description, category, createdAt }) => ({
            name,
            price,
            available,
            description,
            category,
            createdAt,
          })),
        ).toEqual([
          { name: 'Hamburger', price: 995, available: true, description: '', category: '', createdAt: null },
          { name: 'Soda', price: 199, available: true, description: '', category: '', createdAt: null },
        ]);
      } finally {
        await drop();
      }
    });

    it("reads the original app's users: bcrypt hash, phone as typed, no role", async () => {
      const { dbName, db, drop } = freshDatabase();
      try {
        const bcrypt = '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';
        const { insertedId } = await db
          .collection('users')
          .insertOne({ username: 'alice', phone: '15556661234', password: bcrypt });
        const store = await openMongoStore(dbName);
        const user = await store.users.findByUsername({ username: 'alice' });
        await store.close();
        expect(user).toEqual({
          id: insertedId.toHexString(),
          username: 'alice',
          phone: '+15556661234',
          passwordHash: bcrypt,
          role: 'customer',
          phoneVerifiedAt: null,
          disabledAt: null,
          displayName: null,
          invitation: null,
          createdAt: null,
          updatedAt: null,
        });
      } finally {
        await drop();
      }
    });

    it("reads the original app's orders: dish ids as strings, status 0, ISO-string times", async () => {
      const { dbName, db, drop } = freshDatabase();
      try {
        const userId = new ObjectId();
        const { insertedId } = await db.collection('orders').insertOne({
          items: ['6566f1f1c0ffee0000000001', '6566f1f1c0ffee0000000002'],
          orderTime: '2023-11-29T18:04:05.123Z',
          status: 0,
          lastUpdated: '2023-11-29T18:04:05.123Z',
          user_id: userId,
          meetingUrl: 'https://meetings.example/host-link',
        });
        const store = await openMongoStore(dbName);
        const order = await store.orders.get({ id: insertedId.toHexString() });
        const listed = await store.orders.listOfUser({ userId: userId.toHexString(), limit: 10 });
        await store.close();
        expect(order).toEqual({
          id: insertedId.toHexString(),
          userId: userId.toHexString(),
          customerName: null,
          number: null,
          items: [
            { itemId: '6566f1f1c0ffee0000000001', name: null, unitPrice: null, quantity: 1 },
            { itemId: '6566f1f1c0ffee0000000002', name: null, unitPrice: null, quantity: 1 },
          ],
          total: null,
          status: 'received',
          statusHistory: [],
          orderTime: new Date('2023-11-29T18:04:05.123Z'),
          lastUpdated: new Date('2023-11-29T18:04:05.123Z'),
          idempotencyKey: null,
          requestHash: null,
          notifications: [],
          outboxDueAt: null,
          version: 0,
          statusVersion: 0,
          calls: [],
          charges: null,
          pickup: null,
          messages: [],
        });
        expect(listed).toEqual([order]);
      } finally {
        await drop();
      }
    });

    it('starts on a database whose users share a username (the original allowed it), and says so', async () => {
      const { dbName, db, drop } = freshDatabase();
      try {
        await db.collection('users').insertMany([
          { username: 'sam', phone: '15550000001', password: 'x' },
          { username: 'sam', phone: '15550000002', password: 'y' },
        ]);
        const { log, lines } = recordingLog();
        const store = await openMongoStore(dbName, log);
        expect(await store.menu.count()).toBe(0);
        await store.close();
        const warnings = lines.filter(
          (l) => l.level === 'warn' && l.message.includes('unique index unique_username'),
        );
        expect(warnings).toHaveLength(1);
      } finally {
        await drop();
      }
    });

    it('skips a hand-made document that cannot be a dish instead of failing the whole menu', async () => {
      const { dbName, db, drop } = freshDatabase();
      try {
        await db
          .collection('inventory')
          .insertMany([{ name: 'Hamburger', price: 995 }, { name: 'Mystery', price: 9.95 }, { price: 100 }]);
        const store = await openMongoStore(dbName);
        const names = (await store.menu.list({ availableOnly: false })).map((d) => d.name);
        await store.close();
        expect(names).toEqual(['Hamburger']);
      } finally {
        await drop();
      }
    });

    it('creates its indexes at start-up, and again without error on the next start', async () => {
      const { dbName, db, drop } = freshDatabase();
      try {
        await (await openMongoStore(dbName)).close();
        await (await openMongoStore(dbName)).close();
        const indexes = await db.collection('inventory').listIndexes().toArray();
        const names = indexes.map((index) => (index as { name?: string }).name);
        expect(names).toContain('menu_order');
      } finally {
        await drop();
      }
    });

    it('applies the inventory validator where the server supports validators, and says so where not', async () => {
      const { dbName, db, drop } = freshDatabase();
      try {
        const { log, lines } = recordingLog();
        await (await openMongoStore(dbName, log)).close();
        const [info] = await db.listCollections({ name: 'inventory' }).toArray();
        const validator = (info as { options?: { validator?: unknown } } | undefined)?.options?.validator;
        if (validator === undefined) {
          expect(
            lines.filter((line) => line.message.includes('collection validators not applied')),
          ).toHaveLength(1);
        } else {
          await expect(
            db.collection('inventory').insertOne({ name: 'Free lunch', price: -1 }),
          ).rejects.toThrow();
        }
      } finally {
        await drop();
      }
    });
  });
});
