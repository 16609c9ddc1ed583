// The rules of a dish's options, how a line with options reads, and what counts as a photo.
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/contract/money.js';
import { lineLabel, optionsSummary } from '../../src/contract/order-lines.js';
import {
  assertValidMenuItem,
  categoriesInOrder,
  chooseOptions,
  type MenuItem,
  type OptionGroup,
} from '../../src/server/domain/menu.js';
import { ValidationError } from '../../src/server/domain/errors.js';
import { mergeLines, requestHashOf } from '../../src/server/domain/ordering.js';
import { sniffPhotoType } from '../../src/server/infrastructure/photos.js';
import { aDish } from '../support/factories.js';
import { PHP_NAMED_JPG } from '../support/photos.js';

const usd = (cents: number) => formatMoney(cents, 'USD', 'en-US');
const option = (
  id: string,
  name: string,
  price = 0,
  extra: { available?: boolean; preselected?: boolean } = {},
) => ({
  id,
  name,
  price,
  available: extra.available ?? true,
  preselected: extra.preselected ?? false,
});
const SIZE: OptionGroup = {
  id: 'size',
  name: 'Size',
  kind: 'choice',
  min: 1,
  max: 1,
  options: [option('regular', 'Regular', 0, { preselected: true }), option('large', 'Large', 200)],
};
const EXTRAS: OptionGroup = {
  id: 'extras',
  name: 'Extras',
  kind: 'addon',
  min: 0,
  max: 2,
  options: [
    option('bacon', 'Bacon', 150),
    option('egg', 'Egg', 125, { available: false }),
    option('bbq', 'BBQ sauce'),
    option('cheese', 'Cheese', 100),
  ],
};
const REMOVE: OptionGroup = {
  id: 'remove',
  name: 'Remove',
  kind: 'removal',
  min: 0,
  max: 2,
  options: [option('onions', 'Onions')],
};
const GROUPS = [SIZE, EXTRAS, REMOVE];
const burger: MenuItem = {
  ...aDish({ name: 'Hamburger', price: 995, options: GROUPS }),
  id: '5eed00000000000000000001',
  photo: null,
  createdAt: null,
  updatedAt: null,
};

describe('choosing options', () => {
  it('prices the choice and keeps what was chosen, in the order of the groups', () => {
    const choice = chooseOptions(burger, ['onions', 'bacon', 'large']);
    expect(choice).toEqual({
      ok: true,
      chosen: [
        { id: 'large', group: 'Size', kind: 'choice', name: 'Large', price: 200 },
        { id: 'bacon', group: 'Extras', kind: 'addon', name: 'Bacon', price: 150 },
        { id: 'onions', group: 'Remove', kind: 'removal', name: 'Onions', price: 0 },
      ],
    });
  });

  it('takes the preselected options when no choice is sent, and none when an empty one is', () => {
    expect(chooseOptions(burger, undefined)).toMatchObject({ ok: true, chosen: [{ name: 'Regular' }] });
    expect(chooseOptions(burger, [])).toEqual({
      ok: false,
      unknown: false,
      message: 'Hamburger: choose exactly 1 for Size.',
    });
  });

  it('refuses an option it does not know, a sold-out one, and too many of a group', () => {
    expect(chooseOptions(burger, ['large', 'truffle'])).toMatchObject({ ok: false, unknown: true });
    expect(chooseOptions(burger, ['large', 'egg'])).toMatchObject({
      ok: false,
      message: 'Hamburger: Egg is sold out.',
    });
    expect(chooseOptions(burger, ['large', 'bacon', 'bbq', 'cheese'])).toEqual({
      ok: false,
      unknown: false,
      message: 'Hamburger: choose 0 to 2 for Extras.',
    });
    expect(chooseOptions(burger, ['regular', 'large'])).toMatchObject({
      ok: false,
      message: 'Hamburger: choose exactly 1 for Size.',
    });
  });

  it('accepts the groups an editor makes, and refuses ones a customer could never satisfy', () => {
    expect(() => {
      assertValidMenuItem(aDish({ options: GROUPS }));
    }).not.toThrow();
    const broken: OptionGroup[][] = [
      [{ ...SIZE, min: 3, max: 3 }],
      [{ ...SIZE, options: [] }],
      [{ ...REMOVE, options: [option('onions', 'Onions', 50)] }],
      [SIZE, { ...EXTRAS, id: 'size' }],
      [
        {
          ...SIZE,
          options: [option('a', 'A', 0, { preselected: true }), option('b', 'B', 0, { preselected: true })],
        },
      ],
    ];
    for (const options of broken) {
      expect(() => {
        assertValidMenuItem(aDish({ options }));
      }).toThrow(ValidationError);
    }
  });
});

describe('a line with options', () => {
  it('reads "Hamburger — Large (+$2.00), + bacon ($1.50), no onions", and without prices for the kitchen', () => {
    const choice = chooseOptions(burger, ['large', 'bacon', 'onions']);
    const chosen = choice.ok ? choice.chosen : [];
    expect(lineLabel('Hamburger', chosen, usd)).toBe(
      'Hamburger — Large (+$2.00), + bacon ($1.50), no onions',
    );
    expect(optionsSummary(chosen, null)).toBe('Large, + bacon, no onions');
  });

  it('keeps an abbreviation as written, and a plain dish as its name', () => {
    expect(optionsSummary([{ kind: 'addon', name: 'BBQ sauce', price: 0 }], usd)).toBe('+ BBQ sauce');
    expect(lineLabel('Soda', [], usd)).toBe('Soda');
  });

  it('is one line per dish and choice: the same burger twice merges, another choice does not', () => {
    const lines = mergeLines([
      { id: burger.id, quantity: 1, options: ['large', 'bacon'] },
      { id: burger.id, quantity: 1, options: ['bacon', 'large'] },
      { id: burger.id, quantity: 1, options: ['regular'] },
      burger.id,
    ]);
    expect(lines.map((l) => [l.quantity, l.options])).toEqual([
      [2, ['bacon', 'large']],
      [1, ['regular']],
      [1, undefined],
    ]);
    // A different choice is a different request for the same Idempotency-Key.
    expect(requestHashOf(mergeLines([{ id: burger.id, quantity: 1, options: ['large'] }]))).not.toBe(
      requestHashOf(mergeLines([{ id: burger.id, quantity: 1, options: ['regular'] }])),
    );
  });
});

describe('categories in order', () => {
  it("follows the admins' order, then names the order lacks alphabetically, leaving out empty ones", () => {
    const dishes = ['Drinks', 'Burgers', 'Sides', 'Bowls'].map((category) => ({ ...burger, category }));
    expect(categoriesInOrder(['Sides', 'Desserts', 'Burgers'], dishes)).toEqual([
      'Sides',
      'Burgers',
      'Bowls',
      'Drinks',
    ]);
  });
});

describe('what counts as a photo', () => {
  it('reads the type from the first bytes, never the name', () => {
    expect(sniffPhotoType(Buffer.from([0xff, 0xd8, 0xff, 0xe1, ...Array<number>(20).fill(0)]))).toBe('jpeg');
    expect(sniffPhotoType(Buffer.from('\x89PNG\r\n\x1a\n0000', 'latin1'))).toBe('png');
    expect(sniffPhotoType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(sniffPhotoType(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0', 'latin1'))).toBe('heic');
    expect(sniffPhotoType(Buffer.from('\0\0\0\x18ftypavif\0\0\0\0', 'latin1'))).toBeNull();
    expect(sniffPhotoType(PHP_NAMED_JPG)).toBeNull();
    expect(sniffPhotoType(Buffer.from('GIF89a......'))).toBeNull();
  });
});
