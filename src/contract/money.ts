// Formats integer minor units (cents) for people; the only place amounts become text.

interface Formatter {
  format: Intl.NumberFormat;
  /** Minor digits of the currency (JPY 0, USD 2, BHD 3). */
  digits: number;
}

const formatters = new Map<string, Formatter>();

function formatterFor(currency: string, locale: string): Formatter {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatter = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * `formatMoney(995, 'USD', 'en-US')` → `"$9.95"`. The number of minor digits comes from the
 * currency itself (JPY has none, BHD has three), so no amount is ever divided by a guess.
 */
export function formatMoney(minorUnits: number, currency: string, locale = 'en-US'): string {
  if (!Number.isSafeInteger(minorUnits)) {
    throw new RangeError(`amount must be an integer number of minor units, got ${minorUnits}`);
  }
  const { format, digits } = formatterFor(currency, locale);
  return format.format(minorUnits / 10 ** digits);
}
