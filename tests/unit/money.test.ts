import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/contract/money.js';

describe('formatMoney', () => {
  it("shows the article's prices in dollars", () => {
    expect(formatMoney(995, 'USD')).toBe('$9.95');
    expect(formatMoney(199, 'USD')).toBe('$1.99');
  });

  it('shows zero and amounts over a thousand with separators', () => {
    expect(formatMoney(0, 'USD')).toBe('$0.00');
    expect(formatMoney(123_456, 'USD')).toBe('$1,234.56');
  });

  it('takes the number of minor digits from the currency', () => {
    expect(formatMoney(500, 'JPY', 'en-US')).toBe('¥500');
    expect(formatMoney(1234, 'BHD', 'en-US')).toBe('BHD\u00a01.234');
  });

  it('formats for the given locale', () => {
    expect(formatMoney(995, 'EUR', 'de-DE')).toBe('9,95\u00a0€');
  });

  it('refuses amounts that are not whole minor units', () => {
    expect(() => formatMoney(9.95, 'USD')).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN, 'USD')).toThrow(RangeError);
  });
});
