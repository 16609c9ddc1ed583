// Circuit breakers around the provider (P10 in docs/security.md): after 5 failures in a row an API is left
// alone for 30 s — calls answer "unavailable" at once instead of waiting on a dead provider —
// then one probe call decides whether it is back. Verify, Messages and Video trip separately.
import type { Comms, Unavailable } from '../ports/comms.js';
import type { Log } from '../ports/log.js';

export const BREAKER_POLICY = {
  failuresToOpen: 5,
  coolDownMs: 30_000,
} as const;

interface Outcome {
  outcome: string;
}

interface Breaker {
  run<T extends Outcome>(call: () => Promise<T>): Promise<T | Unavailable>;
}

function createBreaker(name: string, deps: { now: () => number; log: Log }): Breaker {
  let failures = 0;
  let openUntil = 0;
  let probing = false;

  return {
    async run(call) {
      const now = deps.now();
      const open = failures >= BREAKER_POLICY.failuresToOpen;
      if (open && (now < openUntil || probing)) return { outcome: 'unavailable', reason: 'circuit_open' };
      if (open) probing = true; // half-open: this call is the probe
      try {
        const result = await call();
        if (result.outcome === 'unavailable') {
          failures += 1;
          if (failures === BREAKER_POLICY.failuresToOpen || probing) {
            openUntil = deps.now() + BREAKER_POLICY.coolDownMs;
            deps.log.warn(
              { api: name, failures },
              'ALERT: provider failing: circuit open, calls refused for 30 s',
            );
          }
        } else {
          if (failures >= BREAKER_POLICY.failuresToOpen)
            deps.log.info({ api: name }, 'provider back: circuit closed');
          failures = 0;
        }
        return result;
      } finally {
        probing = false;
      }
    },
  };
}

export function withCircuitBreakers(comms: Comms, deps: { now: () => number; log: Log }): Comms {
  const verify = createBreaker('verify', deps);
  const sms = createBreaker('messages', deps);
  const video = createBreaker('video', deps);
  return {
    kind: comms.kind,
    verification: {
      start: (args) => verify.run(() => comms.verification.start(args)),
      check: (args) => verify.run(() => comms.verification.check(args)),
      // Cancelling is best effort and never decides anything: it neither trips nor waits.
      cancel: (args) => comms.verification.cancel(args),
    },
    sms: { send: (args) => sms.run(() => comms.sms.send(args)) },
    video: {
      createSession: () => video.run(() => comms.video.createSession()),
      mintToken: (args) => comms.video.mintToken(args),
      get applicationId() {
        return comms.video.applicationId;
      },
    },
  };
}
