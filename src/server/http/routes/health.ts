// Probes for the load balancer: `/livez` (the process answers) and `/readyz` (it can serve traffic).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from '../../../contract/problem.js';
import type { Store } from '../../ports/store.js';
import { sendProblem } from '../problem.js';

const READINESS_TIMEOUT_MS = 1000;
const Status = z.object({ status: z.string() });

/** Rejects after `ms`, so a hung database never hangs the probe. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${ms} ms`));
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

interface HealthDeps {
  store: Store;
  /** Start-up work (first-start menu) finished. */
  isStarted: () => boolean;
  /** Shutdown has begun. */
  isDraining: () => boolean;
}

export const healthRoutes: FastifyPluginAsyncZod<HealthDeps> = (app, { store, isStarted, isDraining }) => {
  const hide = { hide: true, tags: ['operations'] };

  // Liveness never touches the database: a slow database must not get the process restarted.
  app.get('/livez', { schema: { ...hide, response: { 200: Status } } }, () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    { schema: { ...hide, response: { 200: Status, 503: Problem } } },
    async (request, reply) => {
      if (isDraining()) {
        return sendProblem(request, reply, {
          status: 503,
          code: 'shutting_down',
          title: 'This instance is shutting down',
          retryAfter: 1,
        });
      }
      try {
        if (!isStarted()) throw new Error('start-up has not finished');
        await within(READINESS_TIMEOUT_MS, store.ping());
        return { status: 'ready' };
      } catch (error) {
        // Probes come every few seconds: one short line each, no stack.
        request.log.info({ reason: error instanceof Error ? error.message : String(error) }, 'not ready');
        return sendProblem(request, reply, {
          status: 503,
          code: 'not_ready',
          title: 'The database is not reachable yet',
          retryAfter: 5,
        });
      }
    },
  );
  return Promise.resolve();
};
