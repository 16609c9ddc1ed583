// When the restaurant is open, in its own time zone: weekly hours with several ranges a day,
// dated exceptions (closed on 25 December, short hours on 31 December), and the last-order
// cut-off before each closing. Pure: the caller gives the instant and the zone; wall times are
// turned into instants with the zone's own offsets, so a range across a daylight-saving change
// lasts as long as the clock on the restaurant's wall says (one hour less or more), and a range
// that lies wholly in an hour the clock skips never opens.

/** Minutes after local midnight, 0–1440. */
export type Minutes = number;

/** One range of a day. `closes` at or before `opens` ends on the next day (18:00–02:00). */
export interface OpeningRange {
  opens: Minutes;
  closes: Minutes;
}

/** Monday first, as ISO 8601 numbers the days (index 0 is Monday). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface OpeningSchedule {
  /** IANA time zone of the restaurant. */
  timeZone: string;
  /** Ranges of each weekday; a day without ranges is closed. */
  weekly: Record<Weekday, readonly OpeningRange[]>;
  /**
   * Dates (`YYYY-MM-DD`, local) whose ranges replace the weekday's; none means closed. A range
   * belongs to the date it opens on: a closed date does not shorten the night before's range
   * across midnight (24 December 18:00–02:00 still ends at 02:00 on the 25th).
   */
  exceptions: readonly { date: string; ranges: readonly OpeningRange[] }[];
  /** Orders are taken until this many minutes before each closing. */
  lastOrderMinutes: number;
}

/**
 * Open without a break on the calendar, from `opens` to `closes`; orders until `lastOrderAt`. A
 * place open round the clock is one opening to the end of the window asked for.
 */
export interface Opening {
  opens: Date;
  closes: Date;
  lastOrderAt: Date;
}

export interface OpeningState {
  /** Inside a range now. */
  open: boolean;
  /** Orders for now are taken: open, and before the range's last-order time. */
  takingOrders: boolean;
  /** The end of the range it is in, when open. */
  closesAt: Date | null;
  /** The last-order time of the range it is in, when open. */
  lastOrderAt: Date | null;
  /** The start of the next range that still takes orders (within the coming week), when not taking them now. */
  nextOpening: Date | null;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The wall clock in `timeZone` at `at`, as if it were UTC (milliseconds). */
export function wallClockMs(at: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** How far the zone's wall clock is ahead of UTC at `at`, in milliseconds. */
function offsetMs(at: number, timeZone: string): number {
  const second = Math.floor(at / 1000) * 1000;
  return wallClockMs(second, timeZone) - second;
}

/**
 * The instant the wall clock in `timeZone` shows `wall` (given as if UTC). Offsets run from
 * −12 to +14 hours and zones change theirs at most once within a day, so the offsets a day
 * before and a day after are the only candidates. A time the clock shows twice (fall back) is
 * the first; a time it skips (spring forward) is taken as the same distance after the skip.
 */
export function instantOf(wall: number, timeZone: string): Date {
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  if (before === after) return new Date(wall - before);
  const shown = [wall - before, wall - after].filter((at) => wallClockMs(at, timeZone) === wall);
  return new Date(shown.length > 0 ? Math.min(...shown) : wall - before);
}

/** The weekday of a day counted from 1970-01-01 (a Thursday). */
const weekdayOf = (day: number): Weekday => WEEKDAYS[(((day + 3) % 7) + 7) % 7] ?? 'mon';

/** The local date (`YYYY-MM-DD`) and weekday at `at`. */
export function localDay(at: Date, timeZone: string): { date: string; weekday: Weekday } {
  const wall = wallClockMs(at.getTime(), timeZone);
  return { date: new Date(wall).toISOString().slice(0, 10), weekday: weekdayOf(Math.floor(wall / DAY_MS)) };
}

/** The ranges of one local date: its exception's, else its weekday's. */
function rangesOf(schedule: OpeningSchedule, date: string): readonly OpeningRange[] {
  const exception = schedule.exceptions.find((e) => e.date === date);
  if (exception) return exception.ranges;
  return schedule.weekly[weekdayOf(Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS))];
}

/**
 * Every opening that overlaps `[from, from + days)`, in order, from the ranges of the day before
 * (one across midnight) to the last day's. Ranges that overlap or touch are one opening (11:00–15:00
 * and 15:00–22:00 take orders without a gap), its last-order time before its end.
 */
export function openingsFrom(schedule: OpeningSchedule, from: Date, days: number): Opening[] {
  const { timeZone } = schedule;
  const today = Date.parse(`${localDay(from, timeZone).date}T00:00:00Z`);
  const end = from.getTime() + days * DAY_MS;
  const ranges: { opens: number; closes: number }[] = [];
  // One day more than asked: a day lost to a clock change still reaches the window's end.
  for (let day = today - DAY_MS; day <= today + (days + 1) * DAY_MS; day += DAY_MS) {
    const date = new Date(day).toISOString().slice(0, 10);
    for (const range of rangesOf(schedule, date)) {
      const closesWall = day + range.closes * 60_000 + (range.closes <= range.opens ? DAY_MS : 0);
      const opens = instantOf(day + range.opens * 60_000, timeZone).getTime();
      const closes = instantOf(closesWall, timeZone).getTime();
      if (closes > opens && closes > from.getTime() && opens < end) ranges.push({ opens, closes });
    }
  }
  ranges.sort((a, b) => a.opens - b.opens);
  const merged: { opens: number; closes: number }[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range.opens <= last.closes) last.closes = Math.max(last.closes, range.closes);
    else merged.push({ ...range });
  }
  const cutOff = schedule.lastOrderMinutes * 60_000;
  return merged.map(({ opens, closes }) => ({
    opens: new Date(opens),
    closes: new Date(closes),
    lastOrderAt: new Date(Math.max(opens, closes - cutOff)),
  }));
}

/** Where the restaurant stands at `at`: open or not, until when, and when it next takes orders. */
export function openingState(schedule: OpeningSchedule, at: Date): OpeningState {
  return stateAmong(openingsFrom(schedule, at, 8), at);
}

/**
 * The same, from openings already worked out (`openingsFrom` a little before `at`, for 8 days):
 * what a caller asking many times a second reuses, since wall times to instants is the costly part.
 */
export function stateAmong(openings: readonly Opening[], at: Date): OpeningState {
  const now = at.getTime();
  const current = openings.find((o) => o.opens.getTime() <= now && now < o.closes.getTime());
  const takingOrders = current !== undefined && now < current.lastOrderAt.getTime();
  const next = takingOrders
    ? undefined
    : openings.find((o) => o.opens.getTime() > now && o.lastOrderAt.getTime() > o.opens.getTime());
  return {
    open: current !== undefined,
    takingOrders,
    closesAt: current?.closes ?? null,
    lastOrderAt: current?.lastOrderAt ?? null,
    nextOpening: next?.opens ?? null,
  };
}
