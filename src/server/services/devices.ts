// Trusted devices (H1): a browser that completed a sign-in keeps a device cookie (a random secret,
// stored only as a digest, one per browser). Signing in from it later to an account it signed in
// to before, wrong passwords are counted for that browser alone, so that guesses from anywhere
// else never lock the owner out of their own browser. One browser may be trusted by several
// accounts (a kitchen tablet; a cook who also orders); each sign-in renews its account's trust.
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
  /** After a full sign-in of `userId`: the cookie to set (the browser's own, renewed, or a new one). */
  remember(token: string | undefined, userId: string): Promise<DeviceCookie>;
}

const digestOf = (token: string) => createHash('sha256').update(token).digest('hex');
const wellFormed = (token: string | undefined): token is string =>
  token !== undefined && /^[A-Za-z0-9_-]{22}$/.test(token);

export function createDevices(deps: { store: Store; now: () => Date }): Devices {
  const { store, now } = deps;
  return {
    async trusted(token, userId) {
      // Looked up whether or not the account exists: the same work for every answer.
      if (!wellFormed(token)) return null;
      const device = await store.devices.get({ digest: digestOf(token), userId: userId ?? '' });
      return device && device.expiresAt > now() ? device.digest : null;
    },
    async remember(token, userId) {
      // The browser's cookie is kept when we issued it (another account may trust it too); a value
      // we never issued is replaced. (A cookie planted from another site is not possible over
      // HTTPS: it is `__Host-`, SameSite=Strict.)
      const own = wellFormed(token) && (await store.devices.isKnown({ digest: digestOf(token) }));
      const kept = own ? token : randomBytes(16).toString('base64url');
      const expiresAt = new Date(now().getTime() + DEVICE_POLICY.lifetimeSeconds * 1000);
      await store.devices.add({ device: { digest: digestOf(kept), userId, expiresAt } });
      return { token: kept, expiresAt };
    },
  };
}
