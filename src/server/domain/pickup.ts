// When an order can be picked up and when it will be ready: 15-minute pickup slots inside the
// opening hours (minus the last-order cut-off), and a ready estimate learned from the kitchen's
// own recent pace. Pure: the caller gives the clock, the schedule and the kitchen's state.
import { localDay, openingsFrom, type Opening, type OpeningSchedule } from './opening-hours.js';

export const SLOT_MINUTES = 15;
const SLOT_MS = SLOT_MINUTES * 60_000;
const MINUTE = 60_000;
/** Pickup slots are offered for today and the next 6 days. */
export const SLOT_DAYS = 7;

/** What the kitchen is learned from: an order it finished, with when it could start and its size. */
export interface PaceSample {
  /** When the kitchen could start it: received, or its scheduled start if later. */
  startAt: Date;
  readyAt: Date;
  /** Dishes in it (the sum of its quantities). */
  items: number;
}

/** Samples older than this say little about tonight's kitchen. */
export const PACE_WINDOW_MS = 3 * 3_600_000;
/** Fewer finished orders than this: the configured default is the estimate. */
export const PACE_MIN_SAMPLES = 3;

/**
 * The kitchen's recent pace: milliseconds of work per dish, or `null` without enough history.
 * The kitchen is seen as one line that works through the board: an order's own work is the time
 * from when the kitchen could start it — its start, or the previous order's ready time if that
 * is later — to its ready time, so the time it waited behind others is not counted as its work
 * (the work ahead of a new order is added separately).
 */
export function kitchenPace(samples: readonly PaceSample[], now: Date): number | null {
  const recent = samples
    .filter(
      (s) => s.readyAt.getTime() <= now.getTime() && now.getTime() - s.readyAt.getTime() <= PACE_WINDOW_MS,
    )
    .sort((a, b) => a.readyAt.getTime() - b.readyAt.getTime());
  if (recent.length < PACE_MIN_SAMPLES) return null;
  let work = 0;
  let items = 0;
  let previousReady = -Infinity;
  for (const sample of recent) {
    const start = Math.max(sample.startAt.getTime(), previousReady);
    work += Math.max(0, sample.readyAt.getTime() - start);
    items += Math.max(1, sample.items);
    previousReady = sample.readyAt.getTime();
  }
  return work / items;
}

export interface EstimateInput {
  now: Date;
  /** Dishes in the new order. */
  items: number;
  /** Dishes of the orders on the board the kitchen has not finished (ahead of this one). */
  itemsAhead: number;
  /** From `kitchenPace`; `null` uses the default. */
  msPerItem: number | null;
  defaultMinutes: number;
  /** The kitchen's "busy" minutes, added to every estimate. */
  busyMinutes: number;
  /**
   * Since when the kitchen has been working on the orders ahead (the later of its last finished
   * order and the start of the oldest unfinished one): that much of their work is done.
   */
  workingSince?: Date | null;
}

/** The work an order of `items` dishes takes the kitchen, in milliseconds, and the queue in front of it. */
export function estimateMs(input: EstimateInput): number {
  const busy = input.busyMinutes * MINUTE;
  if (input.msPerItem === null) return input.defaultMinutes * MINUTE + busy;
  const aheadWork = input.msPerItem * Math.max(0, input.itemsAhead);
  const done =
    input.itemsAhead > 0 && input.workingSince
      ? Math.max(0, input.now.getTime() - input.workingSince.getTime())
      : 0;
  return Math.round(input.msPerItem * Math.max(1, input.items) + Math.max(0, aheadWork - done)) + busy;
}

/** When an order placed now should be ready, to the minute (rounded up). */
export function estimateReadyAt(input: EstimateInput): Date {
  const at = input.now.getTime() + estimateMs(input);
  return new Date(Math.ceil(at / MINUTE) * MINUTE);
}

export interface PickupSlot {
  at: Date;
  /** Local date of the slot (`YYYY-MM-DD`). */
  date: string;
}

/**
 * The pickup slots from `now`: every quarter hour of the wall clock inside an opening, up to its
 * last-order time, for today and the next 6 days (local), none sooner than `earliest` (an order
 * placed now cannot be ready before its estimate).
 */
export function pickupSlots(
  schedule: OpeningSchedule,
  now: Date,
  earliest: Date,
  /** `openingsFrom` the schedule from a little before `now` for 8 days, when the caller has it. */
  openings: readonly Opening[] = openingsFrom(schedule, now, SLOT_DAYS + 1),
): PickupSlot[] {
  const { timeZone } = schedule;
  const today = localDay(now, timeZone).date;
  const lastDate = new Date(Date.parse(`${today}T00:00:00Z`) + (SLOT_DAYS - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const slots: PickupSlot[] = [];
  const from = Math.max(now.getTime(), earliest.getTime());
  for (const opening of openings) {
    // Quarter hours of UTC are quarter hours of every zone's wall clock (offsets are multiples of 15 minutes).
    const first = Math.ceil(Math.max(opening.opens.getTime(), from) / SLOT_MS) * SLOT_MS;
    // Up to the last-order time, and never the closing itself (no cut-off: the last slot is before it).
    const last = Math.min(opening.lastOrderAt.getTime(), opening.closes.getTime() - 1);
    for (let at = first; at <= last; at += SLOT_MS) {
      const date = localDay(new Date(at), timeZone).date;
      if (date > lastDate) return slots;
      slots.push({ at: new Date(at), date });
    }
  }
  return slots;
}

export interface SlotLoad {
  orders: number;
  items: number;
}

/** Whether a slot with `load` already booked takes one more order of `items` dishes. */
export function slotTakes(
  load: SlotLoad,
  capacity: { orders: number | null; items: number | null },
  items: number,
): boolean {
  if (capacity.orders !== null && load.orders + 1 > capacity.orders) return false;
  if (capacity.items !== null && load.items + items > capacity.items) return false;
  return true;
}

/** The slot a pickup time falls in (its quarter hour), as epoch milliseconds. */
export const slotOf = (at: Date): number => Math.floor(at.getTime() / SLOT_MS) * SLOT_MS;

/** An order the kitchen has not finished, as the estimate revision sees it. */
export interface QueuedOrder {
  id: string;
  /** Dishes in it. */
  items: number;
  readyBy: Date;
  /** A cook's own time stands; the order's work still counts for those behind it. */
  byHand: boolean;
}

/** A late order is given at least this long again: "any minute now" is not an estimate. */
export const OVERDUE_GRACE_MS = 5 * MINUTE;

/**
 * Where the kitchen has fallen behind: for the unfinished ASAP orders in the order it takes them,
 * when each should now be ready (the dishes up to and including it at the learned pace, less the
 * work done since `workingSince`), and the new ready time of each that slips more than a minute
 * past what it was given. An order already late is given at least 5 minutes more. Estimates only
 * ever move later: a kitchen ahead of time is a pleasant surprise, not a new text.
 */
export function slippedReadyTimes(
  queue: readonly QueuedOrder[],
  kitchen: { now: Date; msPerItem: number | null; workingSince: Date | null },
): Map<string, Date> {
  const now = kitchen.now.getTime();
  const done = kitchen.workingSince ? Math.max(0, now - kitchen.workingSince.getTime()) : 0;
  const slipped = new Map<string, Date>();
  let work = 0;
  for (const order of queue) {
    work += kitchen.msPerItem === null ? 0 : kitchen.msPerItem * Math.max(1, order.items);
    if (order.byHand) continue;
    const learned = kitchen.msPerItem === null ? 0 : now + Math.max(0, work - done);
    const overdue = now >= order.readyBy.getTime() ? now + OVERDUE_GRACE_MS : 0;
    const expected = Math.max(learned, overdue);
    if (expected > order.readyBy.getTime() + MINUTE) {
      slipped.set(order.id, new Date(Math.ceil(expected / MINUTE) * MINUTE));
    }
  }
  return slipped;
}

/** A customer is texted a later ready time only when it is more than this past what they were told. */
export const RETEXT_AFTER_MS = 10 * MINUTE;
