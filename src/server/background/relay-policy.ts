// What the relay does with each answer from the provider, and the numbers it keeps to: leases,
// retries with backoff and jitter, dead letters, and the provider's pace.
import { PROVIDER_SENDS_PER_SECOND } from '../domain/limits.js';
import type { SmsSent } from '../ports/comms.js';
import type { Log } from '../ports/log.js';

export const RELAY_POLICY = {
  /** A claimed row is its relay's for this long; after it, another relay may send it again. */
  leaseSeconds: 30,
  /** About 25 minutes of retrying in all before a text is dead-lettered. */
  maxAttempts: 12,
  firstRetrySeconds: 2,
  maxRetrySeconds: 300,
  /** How often the relay looks for work when nobody nudges it. */
  pollMs: 1000,
  /**
   * Orders with due texts read at once: eight seconds of sends at the default pace. A backlog
   * costs one query per batch, and a server without our indexes scans every order for it.
   */
  batch: 240,
  /** Texts on their way at once: enough to keep the pace while the provider takes ~100 ms each. */
  sendsAtOnce: 16,
  /** The provider's pace when SMS_SENDS_PER_SECOND does not say another. */
  sendsPerSecond: PROVIDER_SENDS_PER_SECOND,
  /**
   * The second the relay counts its sends in is this much longer than the provider's: a text
   * leaves when its slot opens but reaches the provider a little later, and two that leave a
   * second apart must not arrive within one.
   */
  paceMarginMs: 50,
  /** After a 429 anyway, the relay sends nothing for this long. */
  throttledPauseMs: 1000,
} as const;

/** Exponential backoff with "equal jitter": between half and all of 2^(n-1) × first, capped. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const seconds = Math.min(
    RELAY_POLICY.maxRetrySeconds,
    RELAY_POLICY.firstRetrySeconds * 2 ** (attempts - 1),
  );
  return Math.round((seconds * 1000) / 2 + (random() * seconds * 1000) / 2);
}

/** The outcome of one send, as a change to its notification. */
export function outcomeOf(
  sent: SmsSent,
  args: { orderId: string; attempts: number; at: Date; random: () => number; log: Log },
) {
  const { orderId, attempts, at, random, log } = args;
  switch (sent.outcome) {
    case 'accepted':
      return {
        status: 'sent',
        nextAttemptAt: null,
        providerMessageId: sent.messageId,
        sentAt: at,
        lastError: null,
      } as const;
    case 'rejected':
      log.error({ orderId, reason: sent.reason }, 'ALERT: text message refused for good: not retried');
      return { status: 'failed', nextAttemptAt: null, lastError: `rejected: ${sent.reason}` } as const;
    case 'throttled':
      // The provider pacing us (a busy second), not a fault: tried again after the pause,
      // and not counted as an attempt, so a rush never dead-letters a text.
      log.info({ orderId, attempts }, 'text message throttled (429): will retry');
      return {
        status: 'pending',
        attempts: attempts - 1,
        nextAttemptAt: new Date(at.getTime() + RELAY_POLICY.throttledPauseMs),
        lastError: 'throttled',
      } as const;
    case 'unavailable': {
      const reason = sent.reason;
      if (attempts >= RELAY_POLICY.maxAttempts) {
        log.error({ orderId, attempts, reason }, 'ALERT: text message dead-lettered after every retry');
        return { status: 'dead', nextAttemptAt: null, lastError: reason } as const;
      }
      const retryAt = new Date(at.getTime() + retryDelayMs(attempts, random));
      log.warn({ orderId, attempts, reason, retryAt }, 'text message not sent: will retry');
      return { status: 'pending', nextAttemptAt: retryAt, lastError: reason } as const;
    }
  }
}
