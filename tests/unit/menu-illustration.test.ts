import { describe, expect, it } from 'vitest';
import { illustrationFor } from '../../src/web/components/menu/menuIllustration.js';

describe('which drawing shows a dish', () => {
  it("draws the article's dishes from their categories", () => {
    expect(illustrationFor('Burgers', 'Hamburger')).toBe('burger');
    expect(illustrationFor('Drinks', 'Soda')).toBe('drink');
  });

  it('falls back to the dish name when a hand-made dish has no category', () => {
    expect(illustrationFor('', 'Hamburger')).toBe('burger');
    expect(illustrationFor('', 'Soda')).toBe('drink');
    expect(illustrationFor('', 'Sweet potato fries')).toBe('fries');
    expect(illustrationFor('', 'Crème brûlée')).toBe('dessert');
  });

  it('matches whole words, so "steak" is not tea and "inside" is not a side', () => {
    expect(illustrationFor('', 'Steak frites')).toBe('plate');
    expect(illustrationFor('', 'Inside-out roll')).toBe('plate');
  });

  it('reads compounds ending in a long keyword', () => {
    expect(illustrationFor('', 'Cheeseburger')).toBe('burger');
    expect(illustrationFor('', 'Milkshake')).toBe('drink');
  });
});
