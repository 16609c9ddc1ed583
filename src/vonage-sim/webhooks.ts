// Status webhooks as Vonage sends them: JSON POST, signed JWT in Authorization, retried on failure.
import type { SimulatorCredentials, SimulatorLog } from './api.js';
import { signWebhookJwt } from './jwt.js';
import type { Timers } from './timers.js';

/** Waits before each retry: a failing endpoint gets three more tries, quickly (a simulator's pace). */
export const RETRY_DELAYS_MS: readonly number[] = [25, 50, 100];
/** Vonage gives up on an endpoint that does not answer in time; so does the simulator. */
const ATTEMPT_TIMEOUT_MS = 3_000;

export interface StatusWebhooks {
  deliver(url: string, payload: object): void;
  /** Aborts attempts in flight; pending retries die with the simulator's timers. */
  close(): void;
}

export function createStatusWebhooks(deps: {
  credentials: SimulatorCredentials;
  log: SimulatorLog;
  timers: Timers;
}): StatusWebhooks {
  const closing = new AbortController();

  async function attempt(url: string, body: string): Promise<number | string> {
    const token = signWebhookJwt(body, {
      signatureSecret: deps.credentials.signatureSecret,
      apiKey: deps.credentials.apiKey,
      applicationId: deps.credentials.applicationId,
      // Tokens carry wall time, as the app verifying them sees it.
      nowSeconds: Math.floor(Date.now() / 1000),
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

  function send(url: string, body: string, retriesLeft: number): void {
    void attempt(url, body).then((outcome) => {
      if (typeof outcome === 'number' && outcome >= 200 && outcome < 300) return;
      if (closing.signal.aborted) return;
      const delay = RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - retriesLeft];
      if (delay === undefined) {
        deps.log.warn({ url, outcome }, 'vonage-sim: status webhook failed, no retries left');
        return;
      }
      deps.log.info({ url, outcome, retryInMs: delay }, 'vonage-sim: status webhook failed, retrying');
      deps.timers.after(delay, () => {
        send(url, body, retriesLeft - 1);
      });
    });
  }

  return {
    deliver(url, payload) {
      send(url, JSON.stringify(payload), RETRY_DELAYS_MS.length);
    },
    close() {
      closing.abort();
    },
  };
}
