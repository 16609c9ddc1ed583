import { describe, expect, it } from 'vitest';
import { moneyLines, rateInMillionths } from '../../src/contract/money.js';

const NEW_YORK = { rateBps: 887.5, included: false };

describe('tax on an order', () => {
  it('adds 8.875 % to 1 Hamburger and 2 Sodas: $13.93 + $1.24 = $15.17', () => {
    // 1393 × 0.08875 = 123.62875 cents, rounded half up to 124.
    expect(moneyLines(1393, NEW_YORK)).toEqual({ subtotal: 1393, tax: 124, total: 1517 });
  });

  it('rounds half a cent up and anything less down', () => {
    // 10 % of 5 cents is exactly half a cent; of 4 cents, less than half.
    expect(moneyLines(5, { rateBps: 1000, included: false }).tax).toBe(1);
    expect(moneyLines(4, { rateBps: 1000, included: false }).tax).toBe(0);
    // 8.875 % of 1000 cents is 88.75 → 89; of 400 cents 35.5 → 36; of 392 cents 34.79 → 35.
    expect(moneyLines(1000, NEW_YORK).tax).toBe(89);
    expect(moneyLines(400, NEW_YORK).tax).toBe(36);
    expect(moneyLines(392, NEW_YORK).tax).toBe(35);
    // 8 cents × 8.875 % = 0.71 → 1; 5 cents → 0.44375 → 0.
    expect(moneyLines(8, NEW_YORK).tax).toBe(1);
    expect(moneyLines(5, NEW_YORK).tax).toBe(0);
  });

  it('taxes the subtotal once, not each line', () => {
    // Three lines of 5 cents at 10 %: per line each would round to 1 (3 in all); on 15 cents it is 2.
    expect(moneyLines(15, { rateBps: 1000, included: false }).tax).toBe(2);
  });

  it('finds the tax inside tax-inclusive prices without changing the total', () => {
    // $15.17 with 8.875 % inside: 1517 × 0.08875 / 1.08875 = 123.66 → 124; the customer pays $15.17.
    expect(moneyLines(1517, { ...NEW_YORK, included: true })).toEqual({
      subtotal: 1517,
      tax: 124,
      total: 1517,
    });
    expect(moneyLines(110, { rateBps: 1000, included: true })).toEqual({
      subtotal: 110,
      tax: 10,
      total: 110,
    });
  });

  it('charges nothing extra without a rate, and nothing on an empty subtotal', () => {
    expect(moneyLines(1393, { rateBps: 0, included: false })).toEqual({
      subtotal: 1393,
      tax: 0,
      total: 1393,
    });
    expect(moneyLines(0, NEW_YORK)).toEqual({ subtotal: 0, tax: 0, total: 0 });
  });

  it('stays exact on large orders', () => {
    // 99 × 50 lines of $999.99 at 8.875 %: 494 995 050 × 0.08875 = 43 930 810.6875 → 43 930 811.
    expect(moneyLines(494_995_050, NEW_YORK).tax).toBe(43_930_811);
  });

  it('accepts rates with at most two decimals of a basis point', () => {
    expect(rateInMillionths(887.5)).toBe(88_750n);
    expect(rateInMillionths(725.25)).toBe(72_525n);
    expect(rateInMillionths(0.001)).toBeNull();
    expect(rateInMillionths(-1)).toBeNull();
    expect(() => moneyLines(100, { rateBps: 1.234, included: false })).toThrow(RangeError);
    expect(() => moneyLines(1.5, NEW_YORK)).toThrow(RangeError);
  });
});
