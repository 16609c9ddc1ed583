// The restaurant's profile as its owner sets it: address, phone, opening hours, tax, how
// customers pay, the default ready estimate and pickup-slot capacity; and the kitchen's pause and
// busy switches. Hours are wall times (`HH:MM`) as people write them; `scheduleOf` turns them into
// the minutes the opening-hours rules work with.
import { WEEKDAYS, type OpeningSchedule, type Weekday } from './opening-hours.js';

export interface WallRange {
  opens: string;
  closes: string;
}

/** Tax in basis points (887.5 = 8.875 %), included in the menu prices or added at checkout. */
export interface TaxRule {
  rateBps: number;
  included: boolean;
}

export interface RestaurantProfile {
  address: string;
  phone: string;
  hours: {
    weekly: Record<Weekday, WallRange[]>;
    exceptions: { date: string; ranges: WallRange[]; label?: string }[];
    lastOrderMinutes: number;
  };
  tax: TaxRule;
  payment: 'pay_at_pickup';
  defaultPrepMinutes: number;
  slotCapacity: { orders: number | null; items: number | null };
}

function byWeekday<T>(value: (day: Weekday) => T): Record<Weekday, T> {
  const days = {} as Record<Weekday, T>;
  for (const day of WEEKDAYS) days[day] = value(day);
  return days;
}

const ROUND_THE_CLOCK: WallRange[] = [{ opens: '00:00', closes: '24:00' }];

/**
 * Until an owner sets the hours the restaurant takes orders at any time, with no tax: what the app
 * did before it knew about hours, so that nothing stops on upgrade. The setup guide says to set them.
 */
export const DEFAULT_PROFILE: RestaurantProfile = {
  address: '',
  phone: '',
  hours: {
    weekly: byWeekday(() => ROUND_THE_CLOCK),
    exceptions: [],
    lastOrderMinutes: 0,
  },
  tax: { rateBps: 0, included: false },
  payment: 'pay_at_pickup',
  defaultPrepMinutes: 15,
  slotCapacity: { orders: null, items: null },
};

/** `"11:30"` → 690 minutes after midnight. */
export function minutesOf(wall: string): number {
  const [hours = '0', minutes = '0'] = wall.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** The profile's hours as the opening-hours rules read them, in the restaurant's zone. */
export function scheduleOf(profile: RestaurantProfile, timeZone: string): OpeningSchedule {
  const toRanges = (ranges: readonly WallRange[]) =>
    ranges.map((range) => ({ opens: minutesOf(range.opens), closes: minutesOf(range.closes) }));
  return {
    timeZone,
    weekly: byWeekday((day) => toRanges(profile.hours.weekly[day])),
    exceptions: profile.hours.exceptions.map((e) => ({ date: e.date, ranges: toRanges(e.ranges) })),
    lastOrderMinutes: profile.hours.lastOrderMinutes,
  };
}

/** The kitchen's switches: online ordering paused (until a time, or until resumed), and busy minutes. */
export interface OrderingPause {
  paused: boolean;
  until: Date | null;
  busyMinutes: number;
}

export const NOT_PAUSED: OrderingPause = { paused: false, until: null, busyMinutes: 0 };

/** Whether ordering is paused at `at` (a pause with an end lifts itself then). */
export const isPaused = (pause: OrderingPause, at: Date): boolean =>
  pause.paused && (pause.until === null || pause.until.getTime() > at.getTime());
