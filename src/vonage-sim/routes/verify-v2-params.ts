// Verify v2 new-request fields (2026 spec): every invalid one is listed in the 422's invalid_parameters.
import type { InvalidParameter } from '../problems.js';
import type { Params } from '../request-body.js';
import type { VerificationStep } from '../verifications.js';

export interface V2Start {
  brand: string;
  steps: VerificationStep[];
  codeLength: number;
  channelTimeoutSeconds: number;
  /** A code chosen by the caller (the "Verify Conversion" pricing model). */
  code?: string;
}

const PHONE = /^[1-9]\d{6,14}$/;
const SENDER = /^([A-Za-z0-9]{1,11}|\d{1,15})$/;

function optionalText(
  params: Params,
  field: { name: string; pattern: RegExp; reason: string; label?: string },
  problems: InvalidParameter[],
): string | undefined {
  const value = params[field.name];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && field.pattern.test(value)) return value;
  problems.push({ name: field.label ?? field.name, reason: field.reason });
  return undefined;
}

function parseStep(item: unknown, at: string, problems: InvalidParameter[]): VerificationStep | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    problems.push({ name: at, reason: 'must be an object with channel and to' });
    return undefined;
  }
  const step = item as Params;
  const before = problems.length;
  if (step.channel !== 'sms')
    problems.push({
      name: `${at}.channel`,
      reason:
        'The simulator delivers the sms channel only (whatsapp, voice, email, rcs, silent_auth are not simulated)',
    });
  if (typeof step.to !== 'string' || !PHONE.test(step.to))
    problems.push({ name: `${at}.to`, reason: 'must be a phone number in E.164 format without a leading +' });
  const from = { name: 'from', pattern: SENDER, reason: 'must be up to 11 letters and digits, or 15 digits' };
  optionalText(step, { ...from, label: `${at}.from` }, problems);
  optionalText(
    step,
    { name: 'app_hash', pattern: /^.{11}$/, reason: 'must be 11 characters', label: `${at}.app_hash` },
    problems,
  );
  if (step.reuse_code !== undefined && typeof step.reuse_code !== 'boolean')
    problems.push({ name: `${at}.reuse_code`, reason: 'must be a boolean' });
  if (problems.length > before || typeof step.to !== 'string') return undefined;
  return { channel: 'sms', to: step.to, reuseCode: step.reuse_code === true };
}

function parseWorkflow(workflow: unknown, problems: InvalidParameter[]): VerificationStep[] {
  if (!Array.isArray(workflow) || workflow.length < 1 || workflow.length > 3) {
    problems.push({ name: 'workflow', reason: 'must be an array of 1 to 3 channels' });
    return [];
  }
  return workflow.flatMap((item, index) => parseStep(item, `workflow[${index}]`, problems) ?? []);
}

function parseBrand(brand: unknown, problems: InvalidParameter[]): string {
  if (typeof brand !== 'string' || brand.length === 0)
    problems.push({ name: 'brand', reason: 'Brand is required' });
  else if (brand.length > 18) problems.push({ name: 'brand', reason: 'must be between 1 and 18 characters' });
  else if (/[/{}:$]/.test(brand))
    problems.push({ name: 'brand', reason: 'must not contain any of the characters / { } : $' });
  return typeof brand === 'string' ? brand : '';
}

function parseWholeNumber(
  params: Params,
  name: string,
  allowed: { min: number; max: number; fallback: number },
  problems: InvalidParameter[],
): number {
  const value = params[name];
  if (value === undefined) return allowed.fallback;
  // JSON numbers only: "6" as a string is refused, as Vonage's JSON schema does.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < allowed.min || value > allowed.max) {
    problems.push({ name, reason: `must be a whole number from ${allowed.min} to ${allowed.max}` });
    return allowed.fallback;
  }
  return value;
}

export function parseV2Start(params: Params): V2Start | InvalidParameter[] {
  const problems: InvalidParameter[] = [];
  const brand = parseBrand(params.brand, problems);
  const steps = parseWorkflow(params.workflow, problems);
  const codeLength = parseWholeNumber(params, 'code_length', { min: 4, max: 10, fallback: 4 }, problems);
  const channelTimeoutSeconds = parseWholeNumber(
    params,
    'channel_timeout',
    { min: 15, max: 900, fallback: 180 },
    problems,
  );
  optionalText(
    params,
    { name: 'locale', pattern: /^[a-z]{2,3}-[a-z]{2,4}$/i, reason: 'must be a locale such as en-us' },
    problems,
  );
  optionalText(
    params,
    { name: 'client_ref', pattern: /^[a-zA-Z0-9]{1,40}$/, reason: 'must be 1 to 40 letters and digits' },
    problems,
  );
  const code = optionalText(
    params,
    { name: 'code', pattern: /^[a-zA-Z0-9]{4,10}$/, reason: 'must be 4 to 10 letters and digits' },
    problems,
  );
  if (params.fraud_check !== undefined && typeof params.fraud_check !== 'boolean')
    problems.push({ name: 'fraud_check', reason: 'must be a boolean' });
  if (params.template_id !== undefined)
    problems.push({ name: 'template_id', reason: 'The simulator has no custom templates' });
  if (problems.length > 0) return problems;
  return { brand, steps, codeLength, channelTimeoutSeconds, ...(code === undefined ? {} : { code }) };
}
