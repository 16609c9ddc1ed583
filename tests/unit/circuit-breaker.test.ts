// The provider's circuit breakers (P10 in docs/security.md).
import { describe, expect, it } from 'vitest';
import type { Comms, SmsSent } from '../../src/server/ports/comms.js';
import { BREAKER_POLICY, withCircuitBreakers } from '../../src/server/infrastructure/circuit-breaker.js';
import { recordingLog } from '../support/logs.js';
import { strictFake } from '../support/strict-fake.js';

function aProvider(answer: () => SmsSent) {
  let calls = 0;
  const comms = strictFake<Comms>({
    kind: 'sandbox',
    sms: {
      send: () => {
        calls += 1;
        return Promise.resolve(answer());
      },
    },
  });
  return { comms, calls: () => calls };
}

const text = { to: '+15556661234', text: 'hello' };
const down: SmsSent = { outcome: 'unavailable', reason: 'http_503' };

describe('circuit breakers around the provider', () => {
  it('opens after 5 failures in a row: the next calls fail at once, without reaching the provider', async () => {
    const provider = aProvider(() => down);
    const { log, lines } = recordingLog();
    const guarded = withCircuitBreakers(provider.comms, { now: () => 0, log });
    for (let i = 0; i < BREAKER_POLICY.failuresToOpen; i += 1) await guarded.sms.send(text);
    expect(provider.calls()).toBe(5);
    expect(await guarded.sms.send(text)).toEqual({ outcome: 'unavailable', reason: 'circuit_open' });
    expect(provider.calls()).toBe(5);
    expect(lines.some((line) => line.message.startsWith('ALERT: provider failing'))).toBe(true);
  });

  it('lets one probe through after the cool-down, and closes when it succeeds', async () => {
    let healthy = false;
    let clock = 0;
    const provider = aProvider(() => (healthy ? { outcome: 'accepted', messageId: 'm' } : down));
    const guarded = withCircuitBreakers(provider.comms, { now: () => clock, log: recordingLog().log });
    for (let i = 0; i < 5; i += 1) await guarded.sms.send(text);
    clock += BREAKER_POLICY.coolDownMs;
    // The probe fails: open again for a whole cool-down.
    expect(await guarded.sms.send(text)).toEqual(down);
    expect(provider.calls()).toBe(6);
    clock += BREAKER_POLICY.coolDownMs - 1;
    expect((await guarded.sms.send(text)).outcome).toBe('unavailable');
    expect(provider.calls()).toBe(6);
    clock += 1;
    healthy = true;
    expect((await guarded.sms.send(text)).outcome).toBe('accepted');
    expect((await guarded.sms.send(text)).outcome).toBe('accepted');
    expect(provider.calls()).toBe(8);
  });

  it('counts only failures in a row: a success in between starts the count again', async () => {
    let answers = [down, down, down, down, { outcome: 'accepted', messageId: 'm' } as SmsSent, down, down];
    const provider = aProvider(() => answers.shift() ?? down);
    const guarded = withCircuitBreakers(provider.comms, { now: () => 0, log: recordingLog().log });
    for (let i = 0; i < 7; i += 1) await guarded.sms.send(text);
    expect(provider.calls()).toBe(7);
    answers = [];
    expect((await guarded.sms.send(text)).outcome).toBe('unavailable');
    expect(provider.calls()).toBe(8);
  });

  it('treats refusals that are answers (throttled, rejected) as a working provider', async () => {
    const provider = aProvider(() => ({ outcome: 'rejected', reason: 'invalid_number' }));
    const guarded = withCircuitBreakers(provider.comms, { now: () => 0, log: recordingLog().log });
    for (let i = 0; i < 10; i += 1) await guarded.sms.send(text);
    expect(provider.calls()).toBe(10);
  });
});
