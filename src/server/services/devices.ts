// Trusted devices (H1): a browser that completed a sign-in keeps a device cookie (a random secret,
// stored only as a digest). Signing in from it later, wrong passwords are counted for that device
// alone, so that guesses from anywhere else never lock the owner out of their own browser.
import { createHash, randomBytes } from 'node:crypto';
import { DEVICE_POLICY } from '../domain/session.js';
import type { Store } from '../ports/store.js';

export interface DeviceCookie {
  token: string;
  expiresAt: Date;
}

export interface Devices {
  /** The digest of the cookie's device when it signed in to `userId` before and still counts. */
  trusted(token: string | undefined, userId: string | null): Promise<string | null>;
  /** After a full sign-in: the cookie to set, or `null` when the one presented already counts. */
  remember(token: string | undefined, userId: string): Promise<DeviceCookie | null>;
}

const digestOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function createDevices(deps: { store: Store; now: () => Date }): Devices {
  const { store, now } = deps;

  async function trusted(token: string | undefined, userId: string | null): Promise<string | null> {
    // Looked up whether or not the account exists: the same work for every answer.
    if (token === undefined || !/^[A-Za-z0-9_-]{22,64}$/.test(token)) return null;
    const device = await store.devices.get({ digest: digestOf(token) });
    return device && userId !== null && device.userId === userId && device.expiresAt > now()
      ? device.digest
      : null;
  }

  return {
    trusted,
    async remember(token, userId) {
      if ((await trusted(token, userId)) !== null) return null;
      const fresh = randomBytes(16).toString('base64url');
      const expiresAt = new Date(now().getTime() + DEVICE_POLICY.lifetimeSeconds * 1000);
      await store.devices.add({ device: { digest: digestOf(fresh), userId, expiresAt } });
      return { token: fresh, expiresAt };
    },
  };
}
