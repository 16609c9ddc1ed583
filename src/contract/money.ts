// Money shared by the server and the web app: integer minor units (cents) as text for people —
// the only place amounts become text — and the tax on an order.

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

// Tax on an order, in integer minor units: computed once by the server for the order, and by the
// web app with the same rule to show the cart's lines before the order exists. The rate is in
// basis points with up to two decimals (8.875 % = 887.5 bps), held as an integer number of
// millionths so that no step of the sum is a floating-point guess.
//
// The rounding rule: tax is computed on the order's subtotal (not per line) and rounded half up
// to the nearest minor unit — 123.5 cents of tax is 124, 123.49 is 123. Amounts are never
// negative, so half up and half away from zero agree.

export interface TaxRule {
  /** Basis points of the price (887.5 = 8.875 %), at most two decimals. */
  rateBps: number;
  /** `true`: menu prices already include the tax (the total is the subtotal); `false`: it is added. */
  included: boolean;
}

export interface MoneyLines {
  /** The sum of the lines at menu prices. */
  subtotal: number;
  /** The tax in that subtotal (included) or added to it. */
  tax: number;
  /** What the customer pays. */
  total: number;
}

export const NO_TAX: TaxRule = { rateBps: 0, included: false };

const MILLION = 1_000_000n;

/** A rate in basis points as millionths (887.5 bps → 88 750); `null` when it has more than two decimals. */
export function rateInMillionths(rateBps: number): bigint | null {
  const hundredths = Math.round(rateBps * 100);
  if (!Number.isFinite(rateBps) || rateBps < 0 || Math.abs(hundredths - rateBps * 100) > 1e-6) return null;
  return BigInt(hundredths);
}

/** `numerator / denominator` rounded half up (both non-negative). */
const halfUp = (numerator: bigint, denominator: bigint): bigint =>
  (2n * numerator + denominator) / (2n * denominator);

/** The subtotal, tax and total of an order whose lines sum to `subtotal` minor units. */
export function moneyLines(subtotal: number, rule: TaxRule): MoneyLines {
  if (!Number.isSafeInteger(subtotal) || subtotal < 0) {
    throw new RangeError(`a subtotal is a non-negative integer of minor units, got ${subtotal}`);
  }
  const rate = rateInMillionths(rule.rateBps);
  if (rate === null)
    throw new RangeError(`a tax rate has at most two decimals of a basis point, got ${rule.rateBps}`);
  const amount = BigInt(subtotal);
  if (rule.included) {
    // The price p holds the tax t = p − p / (1 + r) = p · r / (1 + r).
    const tax = Number(halfUp(amount * rate, MILLION + rate));
    return { subtotal, tax, total: subtotal };
  }
  const tax = Number(halfUp(amount * rate, MILLION));
  return { subtotal, tax, total: subtotal + tax };
}
