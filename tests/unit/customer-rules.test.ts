// The customer-facing rules of the domain: passwords, phone numbers, pricing and retries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MenuItem } from '../../src/server/domain/menu.js';
import { mergeLines, orderIdFor, priceOrder, requestHashOf } from '../../src/server/domain/ordering.js';
import { judgeNewPassword } from '../../src/server/domain/password.js';
import { knownPasswords } from '../../src/server/infrastructure/common-passwords.js';
import { judgePhone } from '../../src/server/domain/phone.js';
import { clientKey, networkOf } from '../../src/server/domain/limits.js';
import { OTP_POLICY } from '../../src/server/domain/otp.js';
import { normalizeUsername } from '../../src/server/domain/user.js';
import { CODE_LENGTH, VerifyRequest } from '../../src/contract/auth.js';

describe('new passwords (NIST 800-63B)', () => {
  it('accepts 8 to 128 characters that are not a known password', () => {
    expect(
      judgeNewPassword('correct horse battery staple', {
        username: 'alice',
        knownPasswords: knownPasswords(),
      }),
    ).toEqual({
      ok: true,
      password: 'correct horse battery staple',
    });
    expect(
      judgeNewPassword('x'.repeat(128), { username: 'alice', knownPasswords: knownPasswords() }).ok,
    ).toBe(true);
  });

  it('counts characters, not bytes: eight accented letters are enough', () => {
    expect(judgeNewPassword('éàüößçñø', { username: 'alice', knownPasswords: knownPasswords() }).ok).toBe(
      true,
    );
  });

  it('refuses short, overlong, common and username passwords with the reason', () => {
    const reason = (password: string) => {
      const verdict = judgeNewPassword(password, {
        username: 'alice@example.com',
        knownPasswords: knownPasswords(),
      });
      return verdict.ok ? 'ok' : verdict.reason;
    };
    expect(reason('abc123!')).toBe('too_short');
    expect(reason('x'.repeat(129))).toBe('too_long');
    expect(reason('password123')).toBe('too_common');
    expect(reason('Password123')).toBe('too_common');
    expect(reason('qwertyuiop')).toBe('too_common');
    expect(reason('alice@example.com')).toBe('too_common');
  });

  it('normalizes to NFKC, so one password typed two ways is one password', () => {
    const composed = judgeNewPassword('caf\u00e9 au lait', {
      username: 'a',
      knownPasswords: knownPasswords(),
    });
    const decomposed = judgeNewPassword('cafe\u0301 au lait', {
      username: 'a',
      knownPasswords: knownPasswords(),
    });
    expect(composed.ok && decomposed.ok && composed.password === decomposed.password).toBe(true);
  });
});

describe('phone numbers', () => {
  it("takes the article's digits or a + with separators, giving E.164", () => {
    expect(judgePhone('15556661234', 'sandbox')).toEqual({ ok: true, e164: '+15556661234' });
    expect(judgePhone('+1 (555) 666-1234', 'sandbox')).toEqual({ ok: true, e164: '+15556661234' });
    expect(judgePhone('+44 7911 123456', 'live')).toEqual({ ok: true, e164: '+447911123456' });
  });

  it('accepts fictional numbers in the sandbox only', () => {
    expect(judgePhone('15556661234', 'sandbox').ok).toBe(true);
    expect(judgePhone('15556661234', 'live').ok).toBe(false);
  });

  it('refuses, when live, numbers that cannot receive texts', () => {
    for (const [number, kind] of [
      ['+19005550123', 'premium rate'],
      ['+18005550199', 'toll free'],
      ['+442079460000', 'fixed line'],
      ['+448435550123', 'shared cost'],
    ]) {
      expect(judgePhone(number ?? '', 'live'), kind).toMatchObject({ ok: false });
    }
  });

  it('refuses what is not a phone number at all, in every mode', () => {
    for (const raw of ['abc', '12345', '+', '0044 7911 123456', '+999123456789', '1'.repeat(20)]) {
      expect(judgePhone(raw, 'sandbox').ok, raw).toBe(false);
    }
  });

  it('keeps to the allowed countries when some are configured', () => {
    expect(judgePhone('+447400123456', 'live', ['US', 'CA']).ok).toBe(false);
    expect(judgePhone('+447400123456', 'live', ['GB']).ok).toBe(true);
  });
});

describe('pricing an order (SEC-14)', () => {
  const dish = (id: string, price: number, available = true): MenuItem => ({
    id,
    name: `Dish ${id.slice(-2)}`,
    price,
    description: '',
    category: '',
    available,
    position: 0,
    options: [],
    tags: [],
    allergens: [],
    photo: null,
    createdAt: null,
    updatedAt: null,
  });

  it('totals any valid cart from menu prices only, in whole cents (D5)', () => {
    const menuArb = fc.uniqueArray(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(
        menuArb,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 99 })), { minLength: 1, maxLength: 50 }),
        (prices, picks) => {
          const menu = new Map(
            prices.map((price, i) => [
              i.toString(16).padStart(24, '0'),
              dish(i.toString(16).padStart(24, '0'), price),
            ]),
          );
          const ids = [...menu.keys()];
          const lines = mergeLines(
            picks.map(([pick, quantity]) => ({ id: ids[pick % ids.length] ?? '', quantity: quantity })),
          );
          fc.pre(lines.every((line) => line.quantity <= 99));
          const priced = priceOrder(lines, menu);
          if (!priced.ok) return false;
          const expected = lines.reduce(
            (sum, line) => sum + (menu.get(line.id)?.price ?? 0) * line.quantity,
            0,
          );
          return (
            priced.total === expected &&
            Number.isSafeInteger(priced.total) &&
            priced.total >= 0 &&
            priced.lines.every((line) => line.unitPrice === menu.get(line.itemId)?.price)
          );
        },
      ),
    );
  });

  it("prices the article's cart at $13.93", () => {
    const menu = new Map([
      ['5eed00000000000000000001', { ...dish('5eed00000000000000000001', 995), name: 'Hamburger' }],
      ['5eed00000000000000000002', { ...dish('5eed00000000000000000002', 199), name: 'Soda' }],
    ]);
    const priced = priceOrder(
      mergeLines(['5eed00000000000000000001', '5eed00000000000000000002', '5eed00000000000000000002']),
      menu,
    );
    expect(priced).toEqual({
      ok: true,
      total: 1393,
      lines: [
        { itemId: '5eed00000000000000000001', name: 'Hamburger', unitPrice: 995, quantity: 1 },
        { itemId: '5eed00000000000000000002', name: 'Soda', unitPrice: 199, quantity: 2 },
      ],
    });
  });

  it('refuses the whole order when one line is unknown or unavailable, naming each line', () => {
    const menu = new Map([['aaaaaaaaaaaaaaaaaaaaaaaa', dish('aaaaaaaaaaaaaaaaaaaaaaaa', 100, false)]]);
    expect(priceOrder([{ id: 'aaaaaaaaaaaaaaaaaaaaaaaa', quantity: 1 }], menu)).toMatchObject({
      ok: false,
      code: 'item_unavailable',
    });
    expect(priceOrder([{ id: 'bbbbbbbbbbbbbbbbbbbbbbbb', quantity: 1 }], menu)).toMatchObject({
      ok: false,
      code: 'unknown_item',
      problems: [{ field: 'items.0.id' }],
    });
  });
});

describe('recognising a retried order', () => {
  it('sees the same lines in any order as the same request, and other lines as another', () => {
    const a = requestHashOf([
      { id: 'x', quantity: 1 },
      { id: 'y', quantity: 2 },
    ]);
    expect(
      requestHashOf([
        { id: 'y', quantity: 2 },
        { id: 'x', quantity: 1 },
      ]),
    ).toBe(a);
    expect(
      requestHashOf([
        { id: 'x', quantity: 2 },
        { id: 'y', quantity: 2 },
      ]),
    ).not.toBe(a);
  });

  it('derives one order id per customer and key, shaped like every other id', () => {
    const id = orderIdFor('0123456789abcdef01234567', '5f0c2b8e-8f6e-4a53-9d7c-2f1e0b9a7c11');
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(orderIdFor('0123456789abcdef01234567', '5f0c2b8e-8f6e-4a53-9d7c-2f1e0b9a7c11')).toBe(id);
    expect(orderIdFor('ffffffffffffffffffffffff', '5f0c2b8e-8f6e-4a53-9d7c-2f1e0b9a7c11')).not.toBe(id);
  });
});

describe('client networks for limits', () => {
  it('counts an IPv4 client by its address and an IPv6 client by its /64', () => {
    expect(clientKey('203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    // Every address of one /64 is one client, however the address is written.
    expect(clientKey('2001:db8:abcd:12::1')).toBe('2001:db8:abcd:12::/64');
    expect(clientKey('2001:db8:abcd:12:ffff:1:2:3')).toBe('2001:db8:abcd:12::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });

  it('groups IPv4 addresses by /24 and IPv6 by /48', () => {
    expect(networkOf('203.0.113.9')).toBe('203.0.113.0/24');
    expect(networkOf('::ffff:203.0.113.9')).toBe('203.0.113.0/24');
    expect(networkOf('2001:db8:abcd:12::1')).toBe('2001:db8:abcd::/48');
  });
});

describe('one-time codes', () => {
  it('are entered with exactly as many digits as Vonage is asked to text (H4)', () => {
    expect(CODE_LENGTH).toBe(OTP_POLICY.codeLength);
    const accepts = (tfaPin: string) => VerifyRequest.safeParse({ tfaPin }).success;
    expect(accepts('0'.repeat(OTP_POLICY.codeLength))).toBe(true);
    for (const length of [4, 5, 7, 8, 10]) expect(accepts('1'.repeat(length))).toBe(false);
  });
});

describe('usernames (H2)', () => {
  const sameAccount = (...spellings: string[]) => {
    expect(new Set(spellings.map(normalizeUsername)).size, spellings.join(' / ')).toBe(1);
  };

  it('are one account however their case is written, as Unicode case folding says', () => {
    sameAccount('straßenwv', 'STRASSENWV', 'Strassenwv', 'STRAẞENWV');
    sameAccount('σοφοσ', 'ΣΟΦΟΣ', 'σοφος', 'Σοφος');
    sameAccount('alice', 'Alice', ' ALICE ', 'ａｌｉｃｅ');
    sameAccount('ǆemal', 'ǄEMAL', 'ǅemal');
    expect(normalizeUsername('ΣΟΦΟΣ')).toBe('σοφοσ');
    expect(normalizeUsername('STRAẞE')).toBe('strasse');
  });

  it('count the Turkish dotted and dotless i as i, on purpose', () => {
    sameAccount('istanbul', 'İSTANBUL', 'ıstanbul', 'ISTANBUL', 'İstanbul');
    expect(normalizeUsername('İSTANBUL')).toBe('istanbul');
  });

  it('keep names apart that differ in more than case or width', () => {
    expect(normalizeUsername('renée')).not.toBe(normalizeUsername('renee'));
    expect(normalizeUsername('ålesund')).not.toBe(normalizeUsername('alesund'));
  });

  it('fold to a spelling that folds to itself, whatever was typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (typed) => {
        const folded = normalizeUsername(typed);
        expect(normalizeUsername(folded)).toBe(folded);
        expect(normalizeUsername(typed.toUpperCase())).toBe(folded);
        expect(normalizeUsername(typed.toLowerCase())).toBe(folded);
      }),
    );
  });
});
