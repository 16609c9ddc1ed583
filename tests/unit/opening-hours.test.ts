// Opening hours in the restaurant's own time zone: several ranges a day, closed days, dated
// exceptions, ranges across midnight and across daylight-saving changes, the last-order cut-off.
import { describe, expect, it } from 'vitest';
import {
  instantOf,
  localDay,
  openingState,
  WEEKDAYS,
  type OpeningRange,
  type OpeningSchedule,
  type Weekday,
} from '../../src/server/domain/opening-hours.js';

const at = (hhmm: string): number => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
};
const range = (opens: string, closes: string): OpeningRange => ({ opens: at(opens), closes: at(closes) });
const everyDay = (ranges: OpeningRange[]) =>
  Object.fromEntries(WEEKDAYS.map((day) => [day, ranges])) as Record<Weekday, OpeningRange[]>;
const lunchAndDinner = [range('11:00', '14:00'), range('17:00', '22:00')];

/** New York: EST (UTC−5) in December. */
const NEW_YORK: OpeningSchedule = {
  timeZone: 'America/New_York',
  weekly: {
    mon: [],
    tue: lunchAndDinner,
    wed: lunchAndDinner,
    thu: lunchAndDinner,
    fri: [range('11:00', '14:00'), range('18:00', '02:00')],
    sat: [range('12:00', '23:00')],
    sun: [range('12:00', '21:00')],
  },
  exceptions: [
    { date: '2026-12-25', ranges: [] },
    { date: '2026-12-31', ranges: [range('11:00', '16:00')] },
  ],
  lastOrderMinutes: 15,
};
const utc = (iso: string) => new Date(`${iso}Z`);

describe('the restaurant now', () => {
  it('is open and takes orders inside a range, until its last-order time', () => {
    // Tuesday 1 December, 12:00 in New York.
    expect(openingState(NEW_YORK, utc('2026-12-01T17:00:00'))).toEqual({
      open: true,
      takingOrders: true,
      closesAt: utc('2026-12-01T19:00:00'),
      lastOrderAt: utc('2026-12-01T18:45:00'),
      nextOpening: null,
    });
  });

  it('stops taking orders at the cut-off and names the next range', () => {
    // 13:50: open ten more minutes, no more orders; dinner opens at 17:00.
    expect(openingState(NEW_YORK, utc('2026-12-01T18:50:00'))).toMatchObject({
      open: true,
      takingOrders: false,
      closesAt: utc('2026-12-01T19:00:00'),
      nextOpening: utc('2026-12-01T22:00:00'),
    });
    // 15:00, between the two ranges.
    expect(openingState(NEW_YORK, utc('2026-12-01T20:00:00'))).toEqual({
      open: false,
      takingOrders: false,
      closesAt: null,
      lastOrderAt: null,
      nextOpening: utc('2026-12-01T22:00:00'),
    });
  });

  it('skips a closed weekday to the next opening', () => {
    // Sunday 6 December, 23:00; Monday is closed: Tuesday 11:00.
    expect(openingState(NEW_YORK, utc('2026-12-07T04:00:00')).nextOpening).toEqual(
      utc('2026-12-08T16:00:00'),
    );
  });

  it('keeps a range across midnight open into the next day', () => {
    // Saturday 5 December, 01:00: Friday's 18:00–02:00 range.
    expect(openingState(NEW_YORK, utc('2026-12-05T06:00:00'))).toMatchObject({
      open: true,
      takingOrders: true,
      closesAt: utc('2026-12-05T07:00:00'),
      lastOrderAt: utc('2026-12-05T06:45:00'),
    });
  });

  it('follows dated exceptions: closed on 25 December, short hours on 31 December', () => {
    // Thursday 24 December, 22:30: Christmas Day is closed, so Saturday 12:00.
    expect(openingState(NEW_YORK, utc('2026-12-25T03:30:00')).nextOpening).toEqual(
      utc('2026-12-26T17:00:00'),
    );
    // Christmas evening, when a Friday would be open until 02:00.
    expect(openingState(NEW_YORK, utc('2026-12-26T01:00:00')).open).toBe(false);
    // 31 December, 15:50: open until 16:00, orders until 15:45.
    expect(openingState(NEW_YORK, utc('2026-12-31T20:50:00'))).toMatchObject({
      open: true,
      takingOrders: false,
      closesAt: utc('2026-12-31T21:00:00'),
    });
    // 31 December, 18:00: a Thursday's dinner does not apply.
    expect(openingState(NEW_YORK, utc('2026-12-31T23:00:00')).open).toBe(false);
  });

  it('takes orders without a gap where ranges overlap or touch', () => {
    for (const afternoon of [range('14:00', '22:00'), range('15:00', '22:00')]) {
      const split = {
        ...NEW_YORK,
        exceptions: [{ date: '2026-12-01', ranges: [range('11:00', '15:00'), afternoon] }],
      };
      // 14:50, the first range's last-order time passed: the second carries on to 22:00.
      expect(openingState(split, utc('2026-12-01T19:50:00'))).toMatchObject({
        open: true,
        takingOrders: true,
        closesAt: utc('2026-12-02T03:00:00'),
        lastOrderAt: utc('2026-12-02T02:45:00'),
      });
    }
    const always = { ...NEW_YORK, weekly: everyDay([range('00:00', '00:00')]) };
    // 23:50, when a day's range would end at midnight and its cut-off stop orders.
    expect(openingState(always, utc('2026-12-02T04:50:00')).takingOrders).toBe(true);
  });

  it("keeps the night before's range across midnight on a closed date", () => {
    const christmasEve = {
      ...NEW_YORK,
      exceptions: [
        { date: '2026-12-24', ranges: [range('18:00', '02:00')] },
        { date: '2026-12-25', ranges: [] },
      ],
    };
    // 25 December, 01:00.
    expect(openingState(christmasEve, utc('2026-12-25T06:00:00'))).toMatchObject({
      open: true,
      closesAt: utc('2026-12-25T07:00:00'),
    });
  });

  it('looks a whole week ahead, across a clock change, for the next opening', () => {
    const onceAWeek = {
      ...NEW_YORK,
      weekly: { ...everyDay([]), wed: [range('12:00', '14:00')] },
      exceptions: [],
    };
    // Wednesday 4 March, 13:50 EST, past the cut-off: Wednesday 11 March, 12:00 EDT.
    expect(openingState(onceAWeek, utc('2026-03-04T18:50:00')).nextOpening).toEqual(
      utc('2026-03-11T16:00:00'),
    );
  });

  it('takes no orders in a range shorter than the cut-off', () => {
    const short = { ...NEW_YORK, exceptions: [{ date: '2026-12-01', ranges: [range('11:00', '11:10')] }] };
    expect(openingState(short, utc('2026-12-01T16:05:00'))).toMatchObject({
      open: true,
      takingOrders: false,
    });
    expect(openingState(short, utc('2026-12-01T15:00:00')).nextOpening).toEqual(utc('2026-12-02T16:00:00'));
  });
});

describe('daylight-saving changes', () => {
  const nightOwl: OpeningSchedule = {
    ...NEW_YORK,
    weekly: { ...NEW_YORK.weekly, sun: [range('01:00', '04:00')] },
    exceptions: [],
  };

  it('makes a range across the spring change an hour shorter, as the wall clock says', () => {
    // Sunday 8 March 2026: 01:00 EST (06:00Z) to 04:00 EDT (08:00Z).
    expect(openingState(nightOwl, utc('2026-03-08T06:30:00'))).toMatchObject({
      open: true,
      closesAt: utc('2026-03-08T08:00:00'),
    });
    expect(openingState(nightOwl, utc('2026-03-08T05:00:00')).nextOpening).toEqual(
      utc('2026-03-08T06:00:00'),
    );
  });

  it('makes a range across the autumn change an hour longer', () => {
    // Sunday 1 November 2026: 01:00 EDT (05:00Z) to 04:00 EST (09:00Z).
    expect(openingState(nightOwl, utc('2026-11-01T04:00:00')).nextOpening).toEqual(
      utc('2026-11-01T05:00:00'),
    );
    expect(openingState(nightOwl, utc('2026-11-01T08:30:00'))).toMatchObject({
      open: true,
      closesAt: utc('2026-11-01T09:00:00'),
    });
  });

  it('turns wall times into instants: a skipped time after the skip, a repeated one first', () => {
    const zone = 'America/New_York';
    expect(instantOf(Date.UTC(2026, 2, 8, 2, 30), zone)).toEqual(utc('2026-03-08T07:30:00'));
    expect(instantOf(Date.UTC(2026, 10, 1, 1, 30), zone)).toEqual(utc('2026-11-01T05:30:00'));
    expect(instantOf(Date.UTC(2026, 11, 6, 12, 0), zone)).toEqual(utc('2026-12-06T17:00:00'));
    expect(instantOf(Date.UTC(2026, 6, 1, 12, 0), 'Asia/Kolkata')).toEqual(utc('2026-07-01T06:30:00'));
    // Auckland, 13 hours ahead in its summer: 02:30 shown twice on 5 April, skipped on 27 September.
    expect(instantOf(Date.UTC(2026, 3, 5, 2, 30), 'Pacific/Auckland')).toEqual(utc('2026-04-04T13:30:00'));
    expect(instantOf(Date.UTC(2026, 8, 27, 2, 30), 'Pacific/Auckland')).toEqual(utc('2026-09-26T14:30:00'));
  });

  it('tells the local date and weekday, not the UTC ones', () => {
    // 03:30Z on Wednesday 2 December is still Tuesday evening in New York.
    expect(localDay(utc('2026-12-02T03:30:00'), 'America/New_York')).toEqual({
      date: '2026-12-01',
      weekday: 'tue',
    });
    expect(localDay(utc('2026-12-06T23:30:00'), 'Asia/Tokyo')).toEqual({
      date: '2026-12-07',
      weekday: 'mon',
    });
  });
});
