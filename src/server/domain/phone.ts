// Phone numbers: typed as the article shows them (`15556661234`) or with `+`, stored as E.164.
// Which numbers may receive codes and texts is a policy with two strengths:
//   live    — a real, assigned number that can receive SMS (mobile); premium-rate, toll-free,
//             shared-cost, fixed-line and VoIP numbers are refused before any provider call.
//   sandbox — any number of a plausible length, so fictional ranges such as the article's 555
//             area code and the simulator's magic numbers work.
import { parsePhoneNumberFromString, type PhoneNumberType } from 'libphonenumber-js/max';

export type PhonePolicy = 'live' | 'sandbox';

/** Line types that receive SMS. `FIXED_LINE_OR_MOBILE`: the US and Canada do not tell them apart. */
const TEXTABLE: readonly PhoneNumberType[] = ['MOBILE', 'FIXED_LINE_OR_MOBILE', 'PERSONAL_NUMBER'];

/** Spaces, dots, dashes and brackets people type between digits. */
const SEPARATORS = /[\s.()-]/g;

export type PhoneVerdict = { ok: true; e164: string } | { ok: false; reason: string };

export function judgePhone(
  raw: string,
  policy: PhonePolicy,
  allowedCountries: readonly string[] = [],
): PhoneVerdict {
  const compact = raw.trim().replace(SEPARATORS, '');
  if (!/^\+?[1-9]\d{5,14}$/.test(compact)) {
    return { ok: false, reason: 'Enter the number with its country code, such as +1 555 666 1234.' };
  }
  const parsed = parsePhoneNumberFromString(compact.startsWith('+') ? compact : `+${compact}`);
  if (!parsed?.isPossible())
    return { ok: false, reason: 'That is not a possible phone number: check the digits.' };
  if (allowedCountries.length > 0 && !(parsed.country && allowedCountries.includes(parsed.country))) {
    return { ok: false, reason: 'We cannot text numbers in that country.' };
  }
  if (policy === 'live') {
    if (!parsed.isValid()) return { ok: false, reason: 'That number is not in use: check the digits.' };
    const type = parsed.getType();
    if (type === undefined || !TEXTABLE.includes(type)) {
      return { ok: false, reason: 'That number cannot receive texts: use a mobile number.' };
    }
  }
  return { ok: true, e164: parsed.number };
}

/** For logs: enough to tell numbers apart, not enough to call one. */
export function maskPhone(e164: string): string {
  return `${e164.slice(0, 4)}…${e164.slice(-2)}`;
}

/** Whether texts may go to the country of this E.164 number (an empty list: to any). */
export function inAllowedCountry(e164: string, allowedCountries: readonly string[]): boolean {
  if (allowedCountries.length === 0) return true;
  const country = parsePhoneNumberFromString(e164)?.country;
  return country !== undefined && allowedCountries.includes(country);
}
