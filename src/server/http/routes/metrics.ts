// Metrics for clients on this machine only (EXPOSE_METRICS=true): `/metrics` in Prometheus's text
// format for monitoring (how much of the restaurant's text budget is spent, H5; on MongoDB, the
// database commands sent, by command and collection), and
// `/internal/metrics` for `npm run bench` (memory and event-loop delay; the delay histogram
// restarts on each read with `?reset=true`, so each load scenario is measured on its own).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from '../../../contract/problem.js';
import { RefusedError } from '../../domain/errors.js';
import type { TextBudget, TextBudgetUsage } from '../../services/text-budget.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const ms = (nanoseconds: number) => Math.round(nanoseconds / 10_000) / 100;

export const ProcessMetrics = z.object({
  rssBytes: z.number(),
  heapUsedBytes: z.number(),
  /** Since the last reset: how late timers ran (event-loop blocking), in milliseconds. */
  eventLoopDelayMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
});

const HELP = {
  von_appetit_sms_budget_used_ratio:
    "Share of the restaurant's text ceiling spent in the current window (an alert is logged from 0.8)",
  von_appetit_sms_budget_sent: 'Texts counted against the ceiling in the current window',
  von_appetit_sms_budget_ceiling: 'The ceiling: texts allowed in one window',
} as const;

/** The text budget as Prometheus gauges, one series per kind of text and window. */
function prometheusText(usage: readonly TextBudgetUsage[]): string {
  const lines: string[] = [];
  for (const [name, help] of Object.entries(HELP)) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const { kind, window, sent, ceiling } of usage) {
      const value =
        name === 'von_appetit_sms_budget_sent'
          ? sent
          : name === 'von_appetit_sms_budget_ceiling'
            ? ceiling
            : Math.round((sent / ceiling) * 1000) / 1000;
      lines.push(`${name}{kind="${kind}",window="${window}"} ${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Database commands sent since start, a Prometheus counter per command and collection. */
function commandsText(sent: ReadonlyMap<string, number>): string {
  const name = 'von_appetit_db_commands_total';
  const lines = [`# HELP ${name} Database commands sent since start`, `# TYPE ${name} counter`];
  // Label values escaped as the format asks (a collection name may hold any character).
  const label = (value: string) => value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
  for (const [key, count] of [...sent].sort(([a], [b]) => a.localeCompare(b))) {
    // "command collection": a command's name has no space, a collection's may.
    const space = key.indexOf(' ');
    const [command, collection] = space === -1 ? [key, ''] : [key.slice(0, space), key.slice(space + 1)];
    lines.push(`${name}{command="${label(command)}",collection="${label(collection)}"} ${count}`);
  }
  return `${lines.join('\n')}\n`;
}

export const metricsRoutes: FastifyPluginAsyncZod<{
  budget: Pick<TextBudget, 'usage'>;
  commandsSent: (() => ReadonlyMap<string, number>) | undefined;
}> = (app, { budget, commandsSent }) => {
  /** The socket's own address: a proxy's X-Forwarded-For cannot make a stranger local. */
  const assertLocal = (request: FastifyRequest) => {
    if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) {
      throw new RefusedError('forbidden', 'Metrics are for this machine only.');
    }
  };
  // Text, not JSON: no response schema (a refusal is still problem+json, by the error handler).
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    assertLocal(request);
    const text = prometheusText(await budget.usage()) + (commandsSent ? commandsText(commandsSent()) : '');
    return reply
      .header('cache-control', 'no-store')
      .type('text/plain; version=0.0.4; charset=utf-8')
      .send(text);
  });

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
      assertLocal(request);
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
