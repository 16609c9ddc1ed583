// Process metrics for `npm run bench` (EXPOSE_METRICS=true): memory and event-loop delay, to
// clients on this machine only. The delay histogram restarts on each read with `?reset=true`,
// so each load scenario is measured on its own.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from '../../../contract/problem.js';
import { RefusedError } from '../../domain/errors.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const ms = (nanoseconds: number) => Math.round(nanoseconds / 10_000) / 100;

export const ProcessMetrics = z.object({
  rssBytes: z.number(),
  heapUsedBytes: z.number(),
  /** Since the last reset: how late timers ran (event-loop blocking), in milliseconds. */
  eventLoopDelayMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
});

export const metricsRoutes: FastifyPluginAsyncZod = (app) => {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  app.addHook('onClose', () => {
    delay.disable();
  });
  app.get(
    '/internal/metrics',
    {
      schema: {
        hide: true,
        querystring: z.strictObject({ reset: z.enum(['true', 'false']).default('false') }),
        response: { 200: ProcessMetrics, 403: Problem },
      },
    },
    (request) => {
      // The socket's own address: a proxy's X-Forwarded-For cannot make a stranger local.
      if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) {
        throw new RefusedError('forbidden', 'Metrics are for this machine only.');
      }
      const memory = process.memoryUsage();
      const metrics = {
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        eventLoopDelayMs: {
          p50: ms(delay.percentile(50)),
          p99: ms(delay.percentile(99)),
          max: ms(delay.max),
        },
      };
      if (request.query.reset === 'true') delay.reset();
      return metrics;
    },
  );
  return Promise.resolve();
};
