// Builds one simulator: its own Fastify instance, state, clock and routes (never the app's server).
import Fastify from 'fastify';
import type { SimulatorOptions, VonageSimulator } from './api.js';
import { createAuthenticator } from './auth.js';
import type { SimulatorContext } from './context.js';
import { createOutbox } from './outbox.js';
import { COMMON_PROBLEMS, sendProblem } from './problems.js';
import { registerBodyParsers } from './request-body.js';
import { receiveReply, registerMessages } from './routes/messages.js';
import { registerVerifyV1 } from './routes/verify-v1.js';
import { registerVerifyV2 } from './routes/verify-v2.js';
import { registerVideo } from './routes/video.js';
import { createThrottle } from './throttle.js';
import { createTimers } from './timers.js';
import { createVerificationBook } from './verifications.js';
import { createStatusWebhooks } from './webhooks.js';

const DEFAULT_SLOW_RESPONSE_MS = 30_000;
const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function createVonageSimulator(options: SimulatorOptions): VonageSimulator {
  const { credentials } = options;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? silentLog;
  const timers = createTimers();
  const ctx: SimulatorContext = {
    credentials,
    now,
    log,
    auth: createAuthenticator(credentials),
    throttle: createThrottle(now),
    outbox: createOutbox(log),
    timers,
    webhooks: createStatusWebhooks({ credentials, log, timers, now }),
    slowResponseMs: options.slowResponseMs ?? DEFAULT_SLOW_RESPONSE_MS,
    apiScenarios: {},
    messageStatusUrl: () =>
      typeof options.messageStatusUrl === 'function' ? options.messageStatusUrl() : options.messageStatusUrl,
    inboundMessageUrl: () =>
      typeof options.inboundMessageUrl === 'function'
        ? options.inboundMessageUrl()
        : options.inboundMessageUrl,
  };

  // Stalled "too slow" answers must not hold close() for half a minute.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  registerBodyParsers(app);
  app.setNotFoundHandler((_request, reply) => sendProblem(reply, COMMON_PROBLEMS.notFound));
  app.setErrorHandler((error, request, reply) => {
    log.error({ err: error, method: request.method, url: request.url }, 'vonage-sim: unexpected error');
    return sendProblem(reply, COMMON_PROBLEMS.internal);
  });
  // v1 and v2 are separate products at Vonage: a number may have one request in flight in each.
  registerVerifyV1(app, ctx, createVerificationBook(now));
  registerVerifyV2(app, ctx, createVerificationBook(now));
  registerMessages(app, ctx);
  registerVideo(app, ctx);

  return {
    async listen(listenOptions = {}) {
      const host = listenOptions.host ?? '127.0.0.1';
      await app.listen({ host, port: listenOptions.port ?? 0 });
      const address = app.server.address();
      if (typeof address !== 'object' || address === null)
        throw new Error('vonage-sim: no address after listen');
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      log.info({ url }, 'vonage-sim: listening');
      return url;
    },
    async close() {
      timers.cancelAll();
      ctx.webhooks.close();
      await app.close();
    },
    sent: (filter) => ctx.outbox.list(filter),
    lastCode: (to) => ctx.outbox.lastCode(to),
    onSent: (listener) => ctx.outbox.subscribe(listener),
    reply: (args) => receiveReply(ctx, args),
    setScenario: (api, scenario) => {
      ctx.apiScenarios = { ...ctx.apiScenarios, [api]: scenario };
    },
  };
}
