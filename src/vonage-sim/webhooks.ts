// Webhooks as Vonage sends them (delivery statuses, inbound texts): JSON POST, signed JWT in
// Authorization, retried on failure.
import type { SimulatorCredentials, SimulatorLog } from './api.js';
import { signWebhookJwt } from './jwt.js';
import type { Timers } from './timers.js';

/** Waits before each retry: a failing endpoint gets three more tries, quickly (a simulator's pace). */
export const RETRY_DELAYS_MS: readonly number[] = [25, 50, 100];
/** Vonage gives up on an endpoint that does not answer in time; so does the simulator. */
const ATTEMPT_TIMEOUT_MS = 3_000;

export interface StatusWebhooks {
  /** Posts `payload`, retrying on failure; resolves whether it was taken (a 2xx) in the end. */
  deliver(url: string, payload: object): Promise<boolean>;
  /** Aborts attempts in flight; pending retries die with the simulator's timers. */
  close(): void;
}

export function createStatusWebhooks(deps: {
  credentials: SimulatorCredentials;
  log: SimulatorLog;
  timers: Timers;
  /** The simulator's clock: the app verifying the tokens shares it (wall time, or a test's clock). */
  now: () => Date;
}): StatusWebhooks {
  const closing = new AbortController();

  async function attempt(url: string, body: string): Promise<number | string> {
    const token = signWebhookJwt(body, {
      signatureSecret: deps.credentials.signatureSecret,
      apiKey: deps.credentials.apiKey,
      applicationId: deps.credentials.applicationId,
      // Tokens carry the simulator's time, which the app verifying them shares.
      nowSeconds: Math.floor(deps.now().getTime() / 1000),
    });
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
        signal: AbortSignal.any([closing.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
      });
      await response.body?.cancel();
      return response.status;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  function send(url: string, body: string, retriesLeft: number, done: (taken: boolean) => void): void {
    void attempt(url, body).then((outcome) => {
      if (typeof outcome === 'number' && outcome >= 200 && outcome < 300) {
        done(true);
        return;
      }
      if (closing.signal.aborted) {
        done(false);
        return;
      }
      const delay = RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - retriesLeft];
      if (delay === undefined) {
        deps.log.warn({ url, outcome }, 'vonage-sim: webhook failed, no retries left');
        done(false);
        return;
      }
      deps.log.info({ url, outcome, retryInMs: delay }, 'vonage-sim: webhook failed, retrying');
      deps.timers.after(delay, () => {
        send(url, body, retriesLeft - 1, done);
      });
    });
  }

  return {
    deliver(url, payload) {
      return new Promise((resolve) => {
        send(url, JSON.stringify(payload), RETRY_DELAYS_MS.length, resolve);
      });
    },
    close() {
      closing.abort();
    },
  };
}
