// Picks the Comms adapter from the configuration: the real Vonage, or the sandbox's simulator —
// through the same SDK adapter either way, only the host and credentials differ.
import { createVonageComms } from '../comms/vonage/index.js';
import type { Config } from '../config/config.js';
import { OTP_POLICY } from '../domain/otp.js';
import type { Comms } from '../ports/comms.js';
import type { Sandbox } from './sandbox.js';

export function createComms(config: Config, sandbox: Sandbox | undefined): Comms {
  const common = {
    timeoutMs: config.comms.timeoutMs,
    from: config.comms.from,
    verification: { brand: config.restaurant.name, codeTtlSeconds: OTP_POLICY.lifetimeSeconds },
  };
  if (config.comms.mode === 'vonage') {
    return createVonageComms({ ...common, kind: 'vonage', credentials: config.comms.credentials });
  }
  if (!sandbox) throw new Error('sandbox mode: start the simulator before creating its comms');
  return createVonageComms({
    ...common,
    kind: 'sandbox',
    credentials: sandbox.credentials,
    host: sandbox.url,
  });
}
