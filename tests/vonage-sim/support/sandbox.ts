// A simulator per test on a loopback port, and the official SDK pointed at it, as the app will be.
import { Vonage } from '@vonage/server-sdk';
import { onTestFinished } from 'vitest';
import {
  createVonageSimulator,
  generateSandboxCredentials,
  type SimulatorOptions,
  type VonageSimulator,
} from '../../../src/vonage-sim/index.js';
import { fakeClock, type FakeClock } from './clock.js';

export type Credentials = ReturnType<typeof generateSandboxCredentials>;

/** One RSA key pair per test file is plenty, and saves a keygen per test. */
let shared: Credentials | undefined;
export function sandboxCredentials(): Credentials {
  shared ??= generateSandboxCredentials();
  return shared;
}

export interface Sandbox {
  simulator: VonageSimulator;
  url: string;
  credentials: Credentials;
  clock: FakeClock;
  /** The SDK as the app builds it; `as: 'key-secret'` leaves out the application (Messages then uses Basic). */
  sdk: (options?: { timeoutMs?: number; as?: 'application' | 'key-secret'; privateKey?: string }) => Vonage;
}

export async function startSandbox(options: Partial<SimulatorOptions> = {}): Promise<Sandbox> {
  const credentials = sandboxCredentials();
  const clock = fakeClock();
  const simulator = createVonageSimulator({ credentials, now: clock.now, ...options });
  const url = await simulator.listen();
  onTestFinished(() => simulator.close());
  return {
    simulator,
    url,
    credentials,
    clock,
    sdk: ({ timeoutMs = 2000, as = 'application', privateKey = credentials.privateKey } = {}) =>
      new Vonage(
        as === 'application'
          ? {
              apiKey: credentials.apiKey,
              apiSecret: credentials.apiSecret,
              applicationId: credentials.applicationId,
              privateKey,
            }
          : { apiKey: credentials.apiKey, apiSecret: credentials.apiSecret },
        { apiHost: url, videoHost: url, timeout: timeoutMs },
      ),
  };
}

/** What a non-2xx answer said: the SDK throws a VetchError and leaves the body unread. */
export async function failureOf(
  promise: Promise<unknown>,
): Promise<{ status: number; body: unknown; contentType: string }> {
  try {
    await promise;
  } catch (error) {
    const response = (error as { response?: Response }).response;
    if (!response) throw error;
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
      contentType: response.headers.get('content-type') ?? '',
    };
  }
  throw new Error('expected the call to fail');
}
