// Customers for integration tests: registered, phone proven and signed in through the real
// routes and the Vonage simulator, the way the article's steps go.
import { randomUUID } from 'node:crypto';
import type { VonageSimulator } from '../../src/vonage-sim/index.js';
import type { Store } from '../../src/server/ports/store.js';
import type { Role } from '../../src/server/domain/user.js';
import { hashPassword } from '../../src/server/infrastructure/passwords.js';
import { expect } from 'vitest';
import { ApiClient } from './api-client.js';

export const STRONG_PASSWORD = 'correct horse battery staple';

let serial = 0;
/** A fresh fictional number in the 555 range the sandbox accepts. */
export function aPhone(): string {
  serial += 1;
  return `1555${String(Date.now() % 1000).padStart(3, '0')}${String(serial % 10000).padStart(4, '0')}`;
}

export function aUsername(): string {
  return `guest-${randomUUID().slice(0, 8)}@example.com`;
}

export interface SignedInCustomer {
  client: ApiClient;
  username: string;
  phone: string;
}

/** The code the simulator texted to `phone` (digits only, as the article types them). */
export function codeFor(simulator: VonageSimulator, phone: string): string {
  const code = simulator.lastCode(phone.replace(/\D/g, ''));
  if (!code) throw new Error(`no code was texted to ${phone}`);
  return code;
}

export async function registerCustomer(
  baseUrl: string,
  simulator: VonageSimulator,
  options: { username?: string; phone?: string; headers?: Record<string, string> } = {},
): Promise<SignedInCustomer> {
  const client = new ApiClient(baseUrl, options.headers);
  const username = options.username ?? aUsername();
  const phone = options.phone ?? aPhone();
  const registered = await client.post('/api/website/register', {
    username,
    password: STRONG_PASSWORD,
    phone,
  });
  if (registered.status !== 202)
    throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  const verified = await client.post('/api/website/authenticate/verify', {
    tfaPin: codeFor(simulator, phone),
  });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`);
  return { client, username, phone };
}

/** A staff member (a cook, or an admin) signed in at /api/staff with password and code. */
/** An account with the strong test password and a proven phone (`phone`: digits), added to the store directly. */
export async function addAccount(
  store: Store,
  account: { username: string; phone: string; role: Role },
): Promise<void> {
  await store.users.add({
    user: {
      username: account.username,
      phone: `+${account.phone}`,
      passwordHash: await hashPassword(STRONG_PASSWORD),
      role: account.role,
      phoneVerifiedAt: new Date(),
    },
    at: new Date(),
  });
}

export async function signedInStaff(
  app: { baseUrl: string; store: Store; sandbox: { simulator: VonageSimulator } },
  role: Role = 'staff',
  username = `cook-${randomUUID().slice(0, 6)}`,
  phone = aPhone(),
): Promise<ApiClient> {
  await addAccount(app.store, { username, phone, role });
  const client = new ApiClient(app.baseUrl);
  const signIn = await client.post('/api/staff/authenticate', { username, password: STRONG_PASSWORD });
  expect(signIn.body).toMatchObject({ next: 'otp', stage: 'pending_2fa' });
  const verified = await client.post('/api/staff/authenticate/verify', {
    tfaPin: codeFor(app.sandbox.simulator, phone),
  });
  expect(verified.body).toMatchObject({ stage: 'full', username });
  return client;
}
