// Comms for an app built without a provider (some tests): every call is "unavailable", so
// sign-in answers 503 and texts wait in the outbox — the same as a provider outage.
import type { Comms } from '../ports/comms.js';

const unavailable = { outcome: 'unavailable', reason: 'no_provider_configured' } as const;

export const unconfiguredComms: Comms = {
  kind: 'sandbox',
  verification: {
    start: () => Promise.resolve(unavailable),
    check: () => Promise.resolve(unavailable),
    cancel: () => Promise.resolve({ outcome: 'not_cancelled', reason: 'no_provider_configured' }),
  },
  sms: { send: () => Promise.resolve(unavailable) },
  video: {
    createSession: () => Promise.resolve(unavailable),
    mintToken: () => {
      throw new Error('no video provider configured');
    },
    applicationId: null,
  },
};
