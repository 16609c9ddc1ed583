// The ceilings: a bare Fastify server that does one plain thing and nothing else. `npm run bench`
// compares the app to it.
// - GET /api/menu answers the same JSON the app serves (the framework's ceiling).
// - With BENCH_MONGODB_URI (the app's database on the same server): POST /plain/order is the
//   plain two-command order — the session by `_id` in the app's `sessions`, one insert into a
//   collection of its own (`plain_orders`: no secondary index, no validator, unlike `orders`) —
//   and GET /plain/orders/:id one `findOne` by `_id` in the app's `orders`. What MongoDB (or the
//   test server) can do for an order and a status read with no app around it.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { digest } from '../src/server/services/sessions.js';

const app = Fastify({ logger: false });
if (process.env.BENCH_MENU_FILE) {
  const menu = readFileSync(process.env.BENCH_MENU_FILE, 'utf8');
  app.get('/api/menu', (_request, reply) => {
    void reply.type('application/json; charset=utf-8').send(menu);
  });
}
if (process.env.BENCH_MONGODB_URI) {
  const { MongoClient, ObjectId } = await import('mongodb');
  const client = await new MongoClient(process.env.BENCH_MONGODB_URI, { maxPoolSize: 50 }).connect();
  const db = client.db(process.env.BENCH_MONGODB_DB);
  const sessions = db.collection<{ _id: string; userId: string }>('sessions');
  const orders = db.collection('orders');
  const plainOrders = db.collection('plain_orders');
  app.post('/plain/order', async (request, reply) => {
    const sid = /(?:^|;\s*)sid=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    const session = sid === undefined ? null : await sessions.findOne({ _id: digest(sid) });
    if (!session) return reply.code(401).send();
    const { items } = request.body as { items?: unknown };
    const order = { user_id: session.userId, items, status: 'received', orderTime: new Date() };
    const { insertedId } = await plainOrders.insertOne(order);
    return reply.code(201).send({ id: insertedId.toHexString() });
  });
  app.get<{ Params: { id: string } }>('/plain/orders/:id', async (request, reply) => {
    const order = /^[0-9a-f]{24}$/.test(request.params.id)
      ? await orders.findOne(
          { _id: new ObjectId(request.params.id) },
          { projection: { status: 1, number: 1 } },
        )
      : null;
    return order ? reply.send(order) : reply.code(404).send();
  });
  app.addHook('onClose', () => client.close());
}
app.get('/readyz', () => ({ status: 'ready' }));
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
