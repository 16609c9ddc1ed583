// Messages API fields for an SMS: channel and type first (own errors), then each field's rules.
import type { InvalidParameter, ProblemKind } from '../problems.js';
import type { Params } from '../request-body.js';

const OLYMPUS_ERRORS = 'https://developer.vonage.com/api-errors/messages-olympus';

export const MESSAGES_PROBLEMS = {
  invalidJson: {
    status: 422,
    type: 'https://developer.vonage.com/api-errors#invalid-json',
    title: 'The request body did not contain valid JSON',
    detail: 'The request body could not be parsed as a JSON object.',
  },
  unsupportedChannel: {
    status: 422,
    type: `${OLYMPUS_ERRORS}#1100`,
    title: 'Unsupported channel',
    detail: 'The specified channel is not supported (the simulator sends sms only).',
  },
  invalidMessageType: {
    status: 422,
    type: `${OLYMPUS_ERRORS}#1140`,
    title: 'Invalid message type',
    detail: 'The `message_type` parameter is invalid for the given channel.',
  },
  invalidParams: {
    status: 422,
    type: `${OLYMPUS_ERRORS}#1150`,
    title: 'Invalid params',
    detail: 'The value of one or more parameters is invalid.',
  },
  internal: {
    status: 500,
    type: `${OLYMPUS_ERRORS}#1000`,
    title: 'Internal error',
    detail: 'There was an error processing your request in the Platform.',
  },
  blocked: {
    status: 403,
    type: 'https://developer.vonage.com/api-errors#forbidden',
    title: 'Forbidden',
    detail: 'Messages to this destination are blocked by the anti-fraud system.',
  },
} satisfies Record<string, ProblemKind>;

export interface SmsRequest {
  to: string;
  from: string;
  text: string;
  clientRef?: string;
  /** Per-message status URL: overrides the application's, as Vonage does. */
  webhookUrl?: string;
}

export interface SmsRefusal {
  problem: ProblemKind;
  invalid?: InvalidParameter[];
}

const MAX_TEXT = 1000;

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    // Not a URL at all: reported as an invalid parameter.
    return false;
  }
}

export function parseSms(params: Params): SmsRequest | SmsRefusal {
  if (params.channel !== 'sms') return { problem: MESSAGES_PROBLEMS.unsupportedChannel };
  if (params.message_type !== 'text') return { problem: MESSAGES_PROBLEMS.invalidMessageType };
  const { to, from, text, client_ref: clientRef, webhook_url: webhookUrl } = params;
  const invalid: InvalidParameter[] = [];
  if (typeof to !== 'string' || !/^[1-9]\d{6,14}$/.test(to))
    invalid.push({ name: 'to', reason: 'must be 7 to 15 digits in E.164 format, without a leading + or 00' });
  if (typeof from !== 'string' || !/^([A-Za-z0-9 ]{1,11}|\d{1,15})$/.test(from))
    invalid.push({ name: 'from', reason: 'must be up to 15 digits, or up to 11 letters and digits' });
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_TEXT)
    invalid.push({ name: 'text', reason: `must be 1 to ${MAX_TEXT} characters` });
  if (clientRef !== undefined && (typeof clientRef !== 'string' || clientRef.length > 100))
    invalid.push({ name: 'client_ref', reason: 'must be a string of up to 100 characters' });
  if (webhookUrl !== undefined && !isHttpUrl(webhookUrl))
    invalid.push({ name: 'webhook_url', reason: 'must be an http or https URL' });
  if (invalid.length > 0 || typeof to !== 'string' || typeof from !== 'string' || typeof text !== 'string')
    return { problem: MESSAGES_PROBLEMS.invalidParams, invalid };
  return {
    to,
    from,
    text,
    ...(typeof clientRef === 'string' ? { clientRef } : {}),
    ...(typeof webhookUrl === 'string' ? { webhookUrl } : {}),
  };
}
