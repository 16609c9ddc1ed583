// The framework's ceiling: a bare Fastify server that answers GET /api/inventory with the same
// JSON the app serves, and does nothing else. `npm run bench` compares the app to it.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const menu = readFileSync(process.env.BENCH_MENU_FILE ?? '', 'utf8');
const app = Fastify({ logger: false });
app.get('/api/inventory', (_request, reply) => {
  void reply.type('application/json; charset=utf-8').send(menu);
});
app.get('/readyz', () => ({ status: 'ready' }));
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
