// Prices typed in dollars by an admin become whole cents, exactly.
import { describe, expect, it } from 'vitest';
import { centsFromDollars, dollarsFromCents } from '../../src/web/components/kitchen/dollars.js';

describe('dollars and cents in the menu editor', () => {
  it('reads what people type, without floating-point rounding', () => {
    expect(centsFromDollars('9.95')).toBe(995);
    expect(centsFromDollars('$12')).toBe(1200);
    expect(centsFromDollars('0.1')).toBe(10);
    expect(centsFromDollars(' 4,50 ')).toBe(450);
    expect(centsFromDollars('1.005')).toBeNull();
    expect(centsFromDollars('-1')).toBeNull();
    expect(centsFromDollars('abc')).toBeNull();
    expect(centsFromDollars('')).toBeNull();
  });

  it('writes cents back as dollars', () => {
    expect(dollarsFromCents(995)).toBe('9.95');
    expect(dollarsFromCents(5)).toBe('0.05');
    expect(dollarsFromCents(120000)).toBe('1200.00');
  });
});
