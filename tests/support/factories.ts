// Small factories for test data.
import type { NewMenuItem } from '../../src/server/domain/menu.js';

export function aDish(overrides: Partial<NewMenuItem> = {}): NewMenuItem {
  return {
    name: 'Fries',
    price: 349,
    description: 'Hand-cut, double-fried.',
    category: 'Sides',
    available: true,
    position: 0,
    ...overrides,
  };
}
