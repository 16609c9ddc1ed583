// Verify v1 request fields, checked as Vonage does: status "2" when missing, "3" when invalid.
import { digitsOnly } from '../magic-numbers.js';
import { integerField, isPresent, textField, type Params } from '../request-body.js';
import type { VerificationStep } from '../verifications.js';

export interface V1Refusal {
  status: '2' | '3' | '20';
  error_text: string;
}

export interface V1Start {
  number: string;
  brand: string;
  codeLength: number;
  pinExpirySeconds: number;
  steps: VerificationStep[];
}

/** The predefined event sequences of `workflow_id` (6 is SMS only). */
const WORKFLOWS: Readonly<Record<number, readonly VerificationStep['channel'][]>> = {
  1: ['sms', 'voice', 'voice'],
  2: ['sms', 'sms', 'voice'],
  3: ['voice', 'voice'],
  4: ['sms', 'sms'],
  5: ['sms', 'voice'],
  6: ['sms'],
  7: ['voice'],
};

export const missing = (name: string): V1Refusal => ({
  status: '2',
  error_text: `Your request is incomplete and missing the mandatory parameter \`${name}\``,
});
export const invalid = (name: string): V1Refusal => ({
  status: '3',
  error_text: `Invalid value for param: ${name}`,
});

function inRange(value: number | undefined | 'invalid', min: number, max: number): boolean {
  return value === undefined || (value !== 'invalid' && value >= min && value <= max);
}

export function parseStart(params: Params): V1Start | V1Refusal {
  const number = textField(params, 'number');
  const brand = textField(params, 'brand');
  if (!isPresent(params, 'number') || number === undefined) return missing('number');
  if (!isPresent(params, 'brand') || brand === undefined) return missing('brand');
  if (!/^\+?[1-9]\d{6,14}$/.test(number)) return invalid('number');
  if (brand.length > 18) return invalid('brand');
  const senderId = textField(params, 'sender_id');
  if (senderId !== undefined && senderId.length > 11) return invalid('sender_id');
  if (isPresent(params, 'pin_code'))
    return { status: '20', error_text: 'This account does not support the parameter: pin_code.' };

  const codeLength = integerField(params, 'code_length') ?? 4;
  if (codeLength !== 4 && codeLength !== 6) return invalid('code_length');
  const pinExpiry = integerField(params, 'pin_expiry');
  if (!inRange(pinExpiry, 60, 3600)) return invalid('pin_expiry');
  const nextEventWait = integerField(params, 'next_event_wait');
  if (!inRange(nextEventWait, 60, 900)) return invalid('next_event_wait');
  const workflowId = integerField(params, 'workflow_id') ?? 1;
  const workflow = workflowId === 'invalid' ? undefined : WORKFLOWS[workflowId];
  if (!workflow) return invalid('workflow_id');

  let pinExpirySeconds = typeof pinExpiry === 'number' ? pinExpiry : 300;
  // Documented rule: pin_expiry must be a multiple of next_event_wait, else it becomes next_event_wait.
  if (typeof pinExpiry === 'number' && typeof nextEventWait === 'number' && pinExpiry % nextEventWait !== 0)
    pinExpirySeconds = nextEventWait;

  const to = digitsOnly(number);
  return {
    number: to,
    brand,
    codeLength,
    pinExpirySeconds,
    steps: workflow.map((channel) => ({ channel, to })),
  };
}
