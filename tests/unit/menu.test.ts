import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/server/domain/errors.js';
import { assertValidMenuItem, compareMenuOrder, type MenuItem } from '../../src/server/domain/menu.js';
import { aDish } from '../support/factories.js';

function fieldsRefused(item: ReturnType<typeof aDish>): string[] {
  try {
    assertValidMenuItem(item);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.fields.map((f) => f.field);
  }
}

describe('menu rules', () => {
  it('accepts a dish with a name and a price in whole cents', () => {
    expect(fieldsRefused(aDish({ name: 'Hamburger', price: 995 }))).toEqual([]);
  });

  it.each([-1, 0.5, Number.NaN, 10_000_001])('refuses the price %s', (price) => {
    expect(fieldsRefused(aDish({ price }))).toEqual(['price']);
  });

  it('refuses a blank or overlong name, and names every bad field at once', () => {
    expect(fieldsRefused(aDish({ name: '   ' }))).toEqual(['name']);
    expect(fieldsRefused(aDish({ name: 'x'.repeat(81), price: -5, category: 'c'.repeat(41) }))).toEqual([
      'name',
      'price',
      'category',
    ]);
  });

  it('orders dishes by position, then by name', () => {
    const dish = (id: string, name: string, position: number): MenuItem => ({
      ...aDish({ name, position }),
      id,
      photo: null,
      createdAt: null,
      updatedAt: null,
    });
    const sorted = [dish('3', 'Soda', 1), dish('2', 'Hamburger', 1), dish('1', 'Salad', 0)].sort(
      compareMenuOrder,
    );
    expect(sorted.map((d) => d.name)).toEqual(['Salad', 'Hamburger', 'Soda']);
  });
});
