// The texts half of the configuration (read by config.ts, which alone sees process.env): the
// restaurant's ceilings on text messages, and the countries texts may go to (H5).
import { z } from 'zod';
import { PROVIDER_SENDS_PER_SECOND, type TextCeilingValues } from '../domain/limits.js';

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** A ceiling of `least` to a million texts. */
const count = (least: number, why = '') => {
  const rule = `must be a whole number of texts from ${least} to 1000000${why}`;
  return optional(
    z
      .string()
      .regex(/^\d{1,7}$/, rule)
      .transform(Number)
      .refine((n) => n >= least && n <= 1_000_000, rule),
  );
};
/** A code ceiling is shared in halves (registrations, sign-ins): with fewer than 2, one gets none. */
const codes = count(2, ' (half for registrations, half for sign-ins)');

export const TextsEnv = {
  SMS_CODES_PER_HOUR: codes,
  SMS_CODES_PER_DAY: codes,
  SMS_NOTIFICATIONS_PER_HOUR: count(1),
  SMS_NOTIFICATIONS_PER_DAY: count(1),
  SMS_SENDS_PER_SECOND: optional(
    z
      .string()
      .regex(/^\d{1,4}$/, 'must be a whole number of texts a second from 1 to 1000')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 1000, 'must be a whole number of texts a second from 1 to 1000'),
  ),
  RESTAURANT_COUNTRY: optional(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO country code such as US')),
  PHONE_COUNTRIES: optional(
    z
      .string()
      .regex(/^[A-Z]{2}(,[A-Z]{2})*$/, 'must be ISO country codes separated by commas, such as US,CA,GB')
      .transform((list) => list.split(',')),
  ),
};

type TextsValues = { [K in keyof typeof TextsEnv]?: z.output<(typeof TextsEnv)[K]> };

/** How many texts the restaurant sends at most, across every instance (fixed UTC windows). */
export type TextCeilings = TextCeilingValues;

/**
 * One restaurant's evening: a few dozen sign-ins and new accounts an hour, two or three texts
 * per order. An SMS-pumping run stops at these instead of at the bill.
 */
export const DEFAULT_CEILINGS: TextCeilings = {
  codesPerHour: 100,
  codesPerDay: 500,
  notificationsPerHour: 300,
  notificationsPerDay: 2000,
};

export interface TextsConfig {
  ceilings: TextCeilings;
  /** Countries whose numbers may register and receive texts (ISO 3166 codes); empty: any. */
  countries: string[];
  /** The most texts the relay sends a second (the provider's limit for the account). */
  sendsPerSecond: number;
}

/** The region of a locale (`en-US` → `US`), if it names or implies one. */
function regionOf(locale: string): string | undefined {
  try {
    return new Intl.Locale(locale).maximize().region;
  } catch {
    // A locale config.ts already validated; an odd one simply names no region.
    return undefined;
  }
}

/**
 * With real Vonage, texts go to the restaurant's own country unless PHONE_COUNTRIES says more
 * (RESTAURANT_COUNTRY, else the region of LOCALE); the sandbox texts any number unless told.
 */
export function textsConfig(
  v: TextsValues,
  live: boolean,
  locale: string,
): TextsConfig | { problems: string[] } {
  const ceilings: TextCeilings = {
    codesPerHour: v.SMS_CODES_PER_HOUR ?? DEFAULT_CEILINGS.codesPerHour,
    codesPerDay: v.SMS_CODES_PER_DAY ?? DEFAULT_CEILINGS.codesPerDay,
    notificationsPerHour: v.SMS_NOTIFICATIONS_PER_HOUR ?? DEFAULT_CEILINGS.notificationsPerHour,
    notificationsPerDay: v.SMS_NOTIFICATIONS_PER_DAY ?? DEFAULT_CEILINGS.notificationsPerDay,
  };
  const problems: string[] = [];
  if (ceilings.codesPerDay < ceilings.codesPerHour) {
    problems.push(`SMS_CODES_PER_DAY: must be at least SMS_CODES_PER_HOUR (${ceilings.codesPerHour})`);
  }
  if (ceilings.notificationsPerDay < ceilings.notificationsPerHour) {
    problems.push(
      `SMS_NOTIFICATIONS_PER_DAY: must be at least SMS_NOTIFICATIONS_PER_HOUR (${ceilings.notificationsPerHour})`,
    );
  }
  const home = v.RESTAURANT_COUNTRY ?? regionOf(locale);
  if (live && v.PHONE_COUNTRIES === undefined && home === undefined) {
    problems.push(
      `RESTAURANT_COUNTRY: texts go to the restaurant's country, and LOCALE (${locale}) names none: set it, or PHONE_COUNTRIES (it is not set)`,
    );
  }
  if (problems.length > 0) return { problems };
  const countries = v.PHONE_COUNTRIES ?? (live && home !== undefined ? [home] : []);
  return { ceilings, countries, sendsPerSecond: v.SMS_SENDS_PER_SECOND ?? PROVIDER_SENDS_PER_SECOND };
}
