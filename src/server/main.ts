// Entry point: config → store → comms → app → listen, and a graceful shutdown. With setup/, the only
// code that names an adapter.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { createLogger } from './setup/logger.js';
import { createComms } from './setup/comms.js';
import { outsideSandbox, reachedInTheClear, startSandbox } from './setup/sandbox.js';
import { openStore } from './setup/store.js';

/** In-flight requests get this long to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 20_000;

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // One line per bad variable, no stack trace: this is an operator's typo, not a bug.
    for (const problem of error.problems) process.stderr.write(`Invalid configuration: ${problem}\n`);
    process.exit(1);
  }
}

function publicUrl(config: Config, port: number): string {
  const { host } = config.http;
  if (['0.0.0.0', '::', 'localhost', '127.0.0.1', '::1'].includes(host)) return `http://localhost:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function handleShutdown(
  app: FastifyInstance,
  closeDependencies: () => Promise<void>,
  lifecycle: { draining: boolean },
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    lifecycle.draining = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const deadline = setTimeout(() => {
      app.log.error('shutdown grace period over: exiting with requests still open');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    deadline.unref();
    app
      .close()
      .then(closeDependencies)
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        app.log.error({ err: error }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Vonage, or the sandbox's simulator (inside this process, or on its own), said in the log. */
async function startComms(config: Config, logger: Logger, own: { url?: string }) {
  const sandbox =
    config.comms.mode !== 'sandbox'
      ? undefined
      : config.comms.simulatorUrl === undefined
        ? await startSandbox({
            dataDir: config.dataDir,
            log: logger.child({ component: 'vonage-sim' }),
            messageStatusUrl: () => own.url && `${own.url}/api/webhooks/vonage/message-status`,
            inboundMessageUrl: () => own.url && `${own.url}/api/webhooks/vonage/inbound-message`,
          })
        : await outsideSandbox({ dataDir: config.dataDir, simulatorUrl: config.comms.simulatorUrl });
  if (sandbox && sandbox.simulator !== 'outside') {
    logger.info(
      { simulator: sandbox.url },
      'sandbox mode: Vonage calls go to the built-in simulator; codes and texts appear at /dev/inbox',
    );
  } else if (sandbox) {
    logger.info(
      { simulator: sandbox.url },
      'sandbox mode: Vonage calls go to the simulator running on its own; its output shows the codes and texts',
    );
    if (reachedInTheClear(sandbox.url)) {
      logger.warn(
        { simulator: sandbox.url },
        'VONAGE_SIMULATOR_URL is plain HTTP to another machine: the sandbox credentials, codes and texts cross the network unencrypted (use https, or keep the simulator on this machine)',
      );
    }
  }
  return { sandbox, comms: createComms(config, sandbox) };
}

type Sandbox = Awaited<ReturnType<typeof startComms>>['sandbox'];

/** What checks Vonage's signed webhooks, and the dev inbox the sandbox feeds (if any). */
function webhooksAndInbox(config: Config, sandbox: Sandbox) {
  if (sandbox) {
    return {
      webhookSecret: sandbox.credentials.signatureSecret,
      ...(sandbox.simulator === 'outside' ? {} : { devInbox: sandbox.inbox }),
    };
  }
  return config.comms.mode === 'vonage' && config.comms.signatureSecret !== undefined
    ? { webhookSecret: config.comms.signatureSecret }
    : {};
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config);
  const store = await openStore(config, logger.child({ component: 'store' }));
  const lifecycle = { draining: false };
  // Known once listening; the simulator reads it whenever it delivers a status webhook.
  const own: { url?: string } = {};
  const { sandbox, comms } = await startComms(config, logger, own);
  const app = await buildApp({
    config,
    store,
    comms,
    lifecycle,
    logger,
    ...webhooksAndInbox(config, sandbox),
    // Start-up work that failed for a reason other than an outage will not fix itself.
    onFatal: (error) => {
      logger.fatal({ err: error }, 'start-up failed: exiting');
      process.exit(1);
    },
  });

  // Last resort: a bug that escaped every handler is logged, then the process exits for a clean restart.
  process.on('uncaughtException', (error) => {
    app.log.fatal({ err: error }, 'uncaught exception: exiting');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    app.log.fatal({ err: reason }, 'unhandled promise rejection: exiting');
    process.exit(1);
  });

  handleShutdown(
    app,
    async () => {
      await store.close();
      await sandbox?.close();
    },
    lifecycle,
  );
  await app.listen({ host: config.http.host, port: config.http.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  own.url = `http://127.0.0.1:${port}`;
  app.log.info({ store: store.kind, env: config.env }, 'ready');
  process.stdout.write(`Von Appétit is serving at ${publicUrl(config, port)}/website/order\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Von Appétit could not start: ${message}\n`);
  process.exit(1);
});
