// In-flight verifications, shared by Verify v1 and v2: codes, expiry, three tries, one per number.
import { randomInt } from 'node:crypto';

/** Three wrong codes end a request (both API versions). */
export const MAX_WRONG_CODES = 3;
/** Cancelling is refused during a request's first 30 seconds (both API versions). */
export const CANCEL_AFTER_MS = 30_000;

export interface VerificationStep {
  channel: 'sms' | 'voice';
  to: string;
  /** Verify v2's `reuse_code`: this step resends the code instead of making a new one. */
  reuseCode?: boolean;
}

export interface Verification {
  readonly id: string;
  /** The number being verified: one verification in flight per number. */
  readonly to: string;
  readonly brand: string;
  readonly startedAt: Date;
  readonly steps: readonly VerificationStep[];
  /** v1 `pin_expiry`, v2 `channel_timeout`. */
  readonly lifetimeSeconds: number;
  code: string;
  /** Index in `steps` of the latest delivery attempt. */
  step: number;
  expiresAt: Date;
  wrongCodes: number;
}

export type CheckOutcome = 'verified' | 'wrong-code' | 'too-many-wrong-codes' | 'not-found';
export type CancelOutcome = 'cancelled' | 'too-early' | 'too-late' | 'not-found';
export type AdvanceOutcome = { advanced: Verification } | 'no-more-steps' | 'not-found';

export interface VerificationBook {
  /** A live verification; an expired one is forgotten on the way, as Vonage does. */
  find(id: string): Verification | undefined;
  inFlightTo(to: string): Verification | undefined;
  open(init: Omit<Verification, 'startedAt' | 'step' | 'expiresAt' | 'wrongCodes'>): Verification;
  check(id: string, code: string): CheckOutcome;
  cancel(id: string): CancelOutcome;
  /** Moves to the next delivery step; the caller sends it (and may renew the code or the clock). */
  advance(id: string): AdvanceOutcome;
}

export function randomDigits(length: number): string {
  let code = '';
  for (let i = 0; i < length; i += 1) code += String(randomInt(10));
  return code;
}

export function createVerificationBook(now: () => Date): VerificationBook {
  const live = new Map<string, Verification>();

  function find(id: string): Verification | undefined {
    const verification = live.get(id);
    if (verification && verification.expiresAt.getTime() <= now().getTime()) {
      live.delete(id);
      return undefined;
    }
    return verification;
  }

  return {
    find,
    inFlightTo(to) {
      for (const id of [...live.keys()]) {
        const verification = find(id);
        if (verification?.to === to) return verification;
      }
      return undefined;
    },
    open(init) {
      const startedAt = now();
      const verification: Verification = {
        ...init,
        startedAt,
        step: 0,
        wrongCodes: 0,
        expiresAt: new Date(startedAt.getTime() + init.lifetimeSeconds * 1000),
      };
      live.set(verification.id, verification);
      return verification;
    },
    check(id, code) {
      const verification = find(id);
      if (!verification) return 'not-found';
      if (code === verification.code) {
        live.delete(id);
        return 'verified';
      }
      verification.wrongCodes += 1;
      if (verification.wrongCodes < MAX_WRONG_CODES) return 'wrong-code';
      live.delete(id);
      return 'too-many-wrong-codes';
    },
    cancel(id) {
      const verification = find(id);
      if (!verification) return 'not-found';
      if (now().getTime() - verification.startedAt.getTime() < CANCEL_AFTER_MS) return 'too-early';
      // "...and before the second event (either TTS or SMS) has taken place."
      if (verification.step > 0) return 'too-late';
      live.delete(id);
      return 'cancelled';
    },
    advance(id) {
      const verification = find(id);
      if (!verification) return 'not-found';
      if (verification.step + 1 >= verification.steps.length) return 'no-more-steps';
      verification.step += 1;
      return { advanced: verification };
    },
  };
}
