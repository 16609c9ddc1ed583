// Verification through the legacy Verify v1 (API key and secret only, the article's setup).
// v1 answers HTTP 200 with a string `status` for business errors; only "0" is success.
import type { VonageClients } from './clients.js';
import { VerifyWorkflows } from '@vonage/verify';
import type {
  CancelVerification,
  CheckVerification,
  StartVerification,
  VerificationChecked,
  VerificationStarted,
} from '../../ports/comms.js';
import { malformed, readRefusal, unavailable } from './provider-answers.js';
import type { VerificationSettings } from './settings.js';
import { OTP_POLICY } from '../../domain/otp.js';

interface V1Answer {
  status?: unknown;
  requestId?: unknown;
}

/** "4" bad credentials, "8" barred account, "9" out of credit: ours to fix, so say so in the reason. */
function unknownStatus(status: unknown): { outcome: 'unavailable'; reason: string } {
  const misconfigured = status === '4' || status === '8' || status === '9';
  return {
    outcome: 'unavailable',
    reason: `${misconfigured ? 'misconfigured_' : ''}status_${String(status)}`,
  };
}

function startOutcome(answer: V1Answer): VerificationStarted {
  const requestId = typeof answer.requestId === 'string' && answer.requestId !== '' ? answer.requestId : null;
  switch (answer.status) {
    case '0':
      return requestId ? { outcome: 'started', verificationId: requestId } : malformed();
    case '10':
      return { outcome: 'concurrent', verificationId: requestId };
    case '7':
      return { outcome: 'blocked' };
    case '1':
      return { outcome: 'throttled' };
    case '3':
    case '15':
    case '29':
      return { outcome: 'rejected', reason: `status_${answer.status}` };
    default:
      return unknownStatus(answer.status);
  }
}

function checkOutcome(answer: V1Answer): VerificationChecked {
  switch (answer.status) {
    case '0':
      return { outcome: 'verified' };
    // "16" wrong code; "3" an invalid parameter, which for a check is the code's format.
    case '16':
    case '3':
      return { outcome: 'wrong_code' };
    case '17':
      return { outcome: 'too_many_attempts' };
    case '6':
      return { outcome: 'expired' };
    case '1':
      return { outcome: 'throttled' };
    default:
      return unknownStatus(answer.status);
  }
}

async function failure(error: unknown) {
  return unavailable(error, await readRefusal(error));
}

export function createVerifyV1(vonage: VonageClients, settings: VerificationSettings) {
  const start: StartVerification = async ({ phone }) => {
    try {
      const answer = (await vonage.verify.start({
        number: phone.replace(/^\+/, ''),
        brand: settings.brand,
        codeLength: OTP_POLICY.codeLength,
        pinExpiry: settings.codeTtlSeconds,
        // A single SMS, no voice call (the original's default workflow also rang the phone).
        workflowId: VerifyWorkflows.SMS,
      })) as V1Answer;
      return startOutcome(answer);
    } catch (error) {
      return failure(error);
    }
  };

  const check: CheckVerification = async ({ verificationId, code }) => {
    try {
      return checkOutcome(await vonage.verify.check(verificationId, code));
    } catch (error) {
      return failure(error);
    }
  };

  const cancel: CancelVerification = async ({ verificationId }) => {
    try {
      const answer = (await vonage.verify.cancel(verificationId)) as V1Answer;
      return answer.status === '0'
        ? { outcome: 'cancelled' }
        : { outcome: 'not_cancelled', reason: `status_${String(answer.status)}` };
    } catch (error) {
      return { outcome: 'not_cancelled', reason: (await failure(error)).reason };
    }
  };

  return { start, check, cancel };
}
