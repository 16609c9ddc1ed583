// Support-call rooms through the Video API (the Meetings API the original used is retired).
import type { VonageClients } from './clients.js';
import type { CreateVideoSession, MintVideoToken } from '../../ports/comms.js';
import { malformed, readRefusal, unavailable } from './provider-answers.js';

export function createVideo(vonage: VonageClients, now: () => Date, applicationId: string) {
  const createSession: CreateVideoSession = async () => {
    try {
      const { sessionId } = await vonage.video.createSession({});
      if (typeof sessionId !== 'string' || sessionId === '') return malformed();
      return { outcome: 'created', sessionId };
    } catch (error) {
      return unavailable(error, await readRefusal(error));
    }
  };

  // Signed locally with the application's private key: no HTTP call, no failure mode but a bug.
  const mintToken: MintVideoToken = ({ sessionId, role, displayName, expiresInSeconds }) =>
    vonage.video.generateClientToken(sessionId, {
      role,
      data: JSON.stringify({ name: displayName }),
      expireTime: Math.floor(now().getTime() / 1000) + expiresInSeconds,
    });

  return { createSession, mintToken, applicationId };
}

/**
 * With only an API key and secret (the article's setup) there is no application to sign Video
 * tokens: sessions are unavailable, and minting — reachable only after a session — is a bug.
 */
export const videoWithoutApplication = {
  createSession: (() =>
    Promise.resolve({
      outcome: 'unavailable',
      reason: 'misconfigured_no_application',
    })) satisfies CreateVideoSession,
  mintToken: (() => {
    throw new Error('Video needs VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY');
  }) satisfies MintVideoToken,
  applicationId: null,
};
