// "Sends" a verification code: the SMS lands in the outbox (or, for a voice step, only in the log).
import type { SimulatorLog } from './api.js';
import { scenarioFor } from './magic-numbers.js';
import type { Outbox } from './outbox.js';
import type { Verification } from './verifications.js';

/** e.g. "Von Appétit: your code is 123456. It expires in 10 minutes." */
export function codeText(brand: string, code: string, lifetimeSeconds: number): string {
  const minutes = Math.ceil(lifetimeSeconds / 60);
  return `${brand}: your code is ${code}. It expires in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

export function deliverCode(
  verification: Verification,
  deps: { outbox: Outbox; log: SimulatorLog; now: () => Date },
): void {
  const step = verification.steps[verification.step];
  if (!step) return;
  if (step.channel === 'voice') {
    // The simulator has no phones to ring; the code stays valid and checkable as usual.
    deps.log.info({ requestId: verification.id, to: step.to }, 'vonage-sim: voice call not simulated');
    return;
  }
  deps.outbox.record(
    {
      to: step.to,
      text: codeText(verification.brand, verification.code, verification.lifetimeSeconds),
      at: deps.now(),
      channel: 'sms',
      kind: 'verify-code',
      id: verification.id,
      ...(scenarioFor(step.to) === 'undeliverable' ? { status: 'undeliverable' } : {}),
    },
    verification.code,
  );
}
