import { describe, expect, it } from 'vitest';
import { pickupSlots, slotTakes } from '../../src/server/domain/pickup.js';
import { scheduleOf } from '../../src/server/domain/restaurant.js';
import { NEW_YORK_PROFILE } from '../support/factories.js';

// The New York restaurant of the other suites: lunch and dinner Tuesday to Sunday, closed on
// Mondays and on Christmas Day, last orders 30 minutes before closing.
const NEW_YORK = scheduleOf(NEW_YORK_PROFILE, 'America/New_York');

const local = (slots: { at: Date }[]) =>
  slots.map(({ at }) =>
    at.toLocaleString('en-US', {
      timeZone: 'America/New_York',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }),
  );

describe('pickup slots', () => {
  // Monday 7 December 2026, 10:00 in New York (15:00 UTC): closed all day.
  const mondayMorning = new Date('2026-12-07T15:00:00Z');

  it('offers quarter hours inside the openings up to the last-order time, from the next opening day', () => {
    const slots = local(pickupSlots(NEW_YORK, mondayMorning, mondayMorning));
    expect(slots.slice(0, 3)).toEqual(['Tue 11:00', 'Tue 11:15', 'Tue 11:30']);
    // Lunch ends at 14:00 with a 30-minute cut-off: the last slot is 13:30; dinner starts at 17:00.
    expect(slots.slice(9, 13)).toEqual(['Tue 13:15', 'Tue 13:30', 'Tue 17:00', 'Tue 17:15']);
    expect(slots).toContain('Tue 21:30');
    expect(slots).not.toContain('Tue 21:45');
  });

  it('covers today and the next 6 days only, skipping closed days', () => {
    const slots = pickupSlots(NEW_YORK, mondayMorning, mondayMorning);
    const dates = [...new Set(slots.map((s) => s.date))];
    // Monday (closed) to Sunday 13 December.
    expect(dates).toEqual([
      '2026-12-08',
      '2026-12-09',
      '2026-12-10',
      '2026-12-11',
      '2026-12-12',
      '2026-12-13',
    ]);
    // 11 lunch (11:00–13:30) + 19 dinner (17:00–21:30) slots a day.
    expect(slots).toHaveLength(6 * 30);
  });

  it('never offers a slot in the past or sooner than the order can be ready', () => {
    // Tuesday 12:07 in New York; an order placed now is ready around 12:25.
    const now = new Date('2026-12-08T17:07:00Z');
    const slots = local(pickupSlots(NEW_YORK, now, new Date('2026-12-08T17:25:00Z')));
    expect(slots[0]).toBe('Tue 12:30');
  });

  it('has no slots on a closed exception day', () => {
    const christmasEve = new Date('2026-12-24T12:00:00Z');
    const slots = pickupSlots(NEW_YORK, christmasEve, christmasEve);
    expect(slots.some((s) => s.date === '2026-12-25')).toBe(false);
    expect(slots.some((s) => s.date === '2026-12-26')).toBe(true);
  });

  it('fills a slot up to its capacity of orders or dishes', () => {
    const capacity = { orders: 3, items: 10 };
    expect(slotTakes({ orders: 2, items: 4 }, capacity, 2)).toBe(true);
    expect(slotTakes({ orders: 3, items: 4 }, capacity, 1)).toBe(false);
    expect(slotTakes({ orders: 1, items: 9 }, capacity, 2)).toBe(false);
    expect(slotTakes({ orders: 100, items: 900 }, { orders: null, items: null }, 5)).toBe(true);
  });
});
