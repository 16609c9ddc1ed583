// Verification through Verify v2 (application credentials): SMS only, 6 digits, our brand.
import type { VonageClients } from './clients.js';
import { Channels } from '@vonage/verify2';
import type { CheckVerification, StartVerification, CancelVerification } from '../../ports/comms.js';
import { malformed, readRefusal, requestIdIn, unavailable } from './provider-answers.js';
import type { VerificationSettings } from './settings.js';
import { OTP_POLICY } from '../../domain/otp.js';

export function createVerifyV2(vonage: VonageClients, settings: VerificationSettings) {
  const start: StartVerification = async ({ phone }) => {
    try {
      const { requestId } = await vonage.verify2.newRequest({
        brand: settings.brand,
        workflow: [{ channel: Channels.SMS, to: phone.replace(/^\+/, '') }],
        codeLength: OTP_POLICY.codeLength,
        channelTimeout: settings.codeTtlSeconds,
        // `fraud_check` is not sent: Vonage's default keeps its network fraud check on, and
        // `false` (an account capability) would turn it off.
      });
      if (typeof requestId !== 'string' || requestId === '') return malformed();
      return { outcome: 'started', verificationId: requestId };
    } catch (error) {
      const refusal = await readRefusal(error);
      switch (refusal?.status) {
        case 409:
          return { outcome: 'concurrent', verificationId: requestIdIn(refusal.body) };
        case 403:
          return { outcome: 'blocked' };
        case 422:
          return { outcome: 'rejected', reason: 'invalid_parameters' };
        case 429:
          return { outcome: 'throttled' };
        default:
          return unavailable(error, refusal);
      }
    }
  };

  const check: CheckVerification = async ({ verificationId, code }) => {
    try {
      const status = await vonage.verify2.checkCode(verificationId, code);
      // `completed` is the one success the API documents; anything else fails closed.
      return status === 'completed' ? { outcome: 'verified' } : malformed();
    } catch (error) {
      const refusal = await readRefusal(error);
      switch (refusal?.status) {
        // 422: the code is not even well-formed (letters, wrong length): wrong all the same.
        case 400:
        case 422:
          return { outcome: 'wrong_code' };
        case 410:
          return { outcome: 'too_many_attempts' };
        case 404:
          return { outcome: 'expired' };
        case 429:
          return { outcome: 'throttled' };
        default:
          return unavailable(error, refusal);
      }
    }
  };

  const cancel: CancelVerification = async ({ verificationId }) =>
    // The SDK swallows the reason and answers a boolean.
    (await vonage.verify2.cancel(verificationId))
      ? { outcome: 'cancelled' }
      : { outcome: 'not_cancelled', reason: 'refused_or_unreachable' };

  return { start, check, cancel };
}
