// Support-call rooms through the Video API (the Meetings API the original used is retired).
import type { Vonage } from '@vonage/server-sdk';
import type { CreateVideoSession, MintVideoToken } from '../../ports/comms.js';
import { readRefusal, unavailable } from './provider-answers.js';

export function createVideo(vonage: Vonage, now: () => Date) {
  const createSession: CreateVideoSession = async () => {
    try {
      const { sessionId } = await vonage.video.createSession({});
      if (typeof sessionId !== 'string' || sessionId === '') return unavailable('malformed_answer', null);
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

  return { createSession, mintToken };
}
