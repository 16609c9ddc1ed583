// The end-of-day report: what a day (or a few) of orders adds up to, in the restaurant's time
// zone. A "day" is local midnight to local midnight, so a day the clocks change has 23 or 25
// hours; quarter-hours are the wall clock's (every zone's offset is a whole number of them).
import type { Order } from './order.js';
import { instantOf, wallClockMs } from './opening-hours.js';
import { slotOf } from './pickup.js';

const DAY_MS = 86_400_000;

/** The longest range a report covers: a month, so that one read stays small. */
export const REPORT_MAX_DAYS = 31;

/** `[from, to)` as instants, for local dates `from`..`to` (both included, `YYYY-MM-DD`). */
export function reportSpan(from: string, to: string, timeZone: string): { start: Date; end: Date } {
  const start = instantOf(Date.parse(`${from}T00:00:00Z`), timeZone);
  const end = instantOf(Date.parse(`${to}T00:00:00Z`) + DAY_MS, timeZone);
  return { start, end };
}

/** The number of days `from`..`to` covers (both included); 0 or less: `to` is before `from`. */
export const daysCovered = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

export interface DishSales {
  name: string;
  quantity: number;
  /** Minor units: the lines' prices, options included. */
  sales: number;
  /** How often each option was chosen with the dish ("Large", "+ bacon", "no onions"). */
  options: { name: string; quantity: number }[];
}

export interface SalesReport {
  from: string;
  to: string;
  timeZone: string;
  /** Hours from the first local midnight to the last: 24 a day, 23 or 25 on a clock change. */
  hours: number;
  /** Orders placed, not cancelled. */
  orders: number;
  cancelled: number;
  /** Of the orders not cancelled, in minor units. */
  revenue: { subtotal: number; tax: number; total: number };
  dishes: DishSales[];
  /** From when the kitchen could start an order (placed, or a scheduled one's start) to ready. */
  readyTimes: { measured: number; averageMinutes: number | null; p90Minutes: number | null };
  /** Orders ready after the time their customer was last told, of those with a pickup time. */
  late: { measured: number; late: number; share: number | null };
  /** Orders placed per quarter-hour (start instant), those with any, in order. */
  slots: { start: string; orders: number }[];
  /** The busiest quarter-hours, most orders first (at most 3). */
  busiest: { start: string; orders: number }[];
}

/** The first time the order was ready (an undo later does not unmake it). */
export function firstReadyAt(order: Pick<Order, 'statusHistory'>): Date | null {
  return order.statusHistory.find((change) => change.status === 'ready' && !change.undo)?.at ?? null;
}

/** When the kitchen could start the order: its arrival, or a scheduled order's start. */
const startOf = (order: Order): Date =>
  order.pickup && order.pickup.prepareFrom > order.orderTime ? order.pickup.prepareFrom : order.orderTime;

/** The time the customer was last told to come (a chosen slot, else the ready time texted). */
export const promisedAt = (order: Order): Date | null =>
  order.pickup ? (order.pickup.scheduledFor ?? order.pickup.toldReadyBy) : null;

/** Minutes from start to ready, or `null` when the order never was ready. */
export function minutesToReady(order: Order): number | null {
  const ready = firstReadyAt(order);
  return ready ? (ready.getTime() - startOf(order).getTime()) / 60_000 : null;
}

/** The 90th percentile by nearest rank: the smallest value at least 90 % of values reach. */
export function percentile90(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.ceil(0.9 * sorted.length) - 1] ?? null;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Adds up `orders` (those placed in the range, as the store listed them). */
export function salesReport(
  range: { from: string; to: string; timeZone: string },
  orders: readonly Order[],
): SalesReport {
  const { start, end } = reportSpan(range.from, range.to, range.timeZone);
  const kept = orders.filter((o) => o.status !== 'cancelled');
  const revenue = { subtotal: 0, tax: 0, total: 0 };
  const dishes = new Map<string, { quantity: number; sales: number; options: Map<string, number> }>();
  const slots = new Map<number, number>();
  const durations: number[] = [];
  let late = 0;
  let lateMeasured = 0;
  for (const order of kept) {
    const total = order.total ?? 0;
    revenue.total += total;
    revenue.subtotal += order.charges?.subtotal ?? total;
    revenue.tax += order.charges?.tax ?? 0;
    for (const line of order.items) {
      const name = line.name ?? 'Dish';
      const dish = dishes.get(name) ?? { quantity: 0, sales: 0, options: new Map<string, number>() };
      dish.quantity += line.quantity;
      dish.sales += (line.unitPrice ?? 0) * line.quantity;
      for (const option of line.options ?? []) {
        dish.options.set(option.name, (dish.options.get(option.name) ?? 0) + line.quantity);
      }
      dishes.set(name, dish);
    }
    const slot = slotOf(order.orderTime);
    slots.set(slot, (slots.get(slot) ?? 0) + 1);
    const minutes = minutesToReady(order);
    if (minutes !== null) durations.push(minutes);
    const ready = firstReadyAt(order);
    const promised = promisedAt(order);
    if (ready && promised) {
      lateMeasured += 1;
      if (ready > promised) late += 1;
    }
  }
  durations.sort((a, b) => a - b);
  const bySlot = [...slots]
    .sort((a, b) => a[0] - b[0])
    .map(([at, count]) => ({ start: new Date(at).toISOString(), orders: count }));
  return {
    ...range,
    hours: (end.getTime() - start.getTime()) / 3_600_000,
    orders: kept.length,
    cancelled: orders.length - kept.length,
    revenue,
    dishes: [...dishes]
      .map(([name, dish]) => ({
        name,
        quantity: dish.quantity,
        sales: dish.sales,
        options: [...dish.options]
          .map(([option, quantity]) => ({ name: option, quantity }))
          .sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name)),
      }))
      .sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name)),
    readyTimes: {
      measured: durations.length,
      averageMinutes:
        durations.length > 0 ? round1(durations.reduce((sum, d) => sum + d, 0) / durations.length) : null,
      p90Minutes: durations.length > 0 ? round1(percentile90(durations) ?? 0) : null,
    },
    late: { measured: lateMeasured, late, share: lateMeasured > 0 ? late / lateMeasured : null },
    slots: bySlot,
    busiest: [...bySlot].sort((a, b) => b.orders - a.orders || a.start.localeCompare(b.start)).slice(0, 3),
  };
}

/** `YYYY-MM-DD HH:MM` on the restaurant's wall clock. */
export function localStamp(at: Date, timeZone: string): string {
  return new Date(wallClockMs(at.getTime(), timeZone)).toISOString().slice(0, 16).replace('T', ' ');
}

/** One CSV cell: quoted when needed; text a spreadsheet would run as a formula is defused. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const money = (minor: number | null) => (minor === null ? null : (minor / 100).toFixed(2));

export const REPORT_CSV_HEADER = [
  'Order',
  'Placed',
  'Status',
  'Name',
  'Items',
  'Subtotal',
  'Tax',
  'Total',
  'Ready',
  'Minutes to ready',
  'Late',
] as const;

/**
 * The report's orders, one row each under one header row (CRLF, as RFC 4180 writes it), after a
 * byte order mark: without it, Excel reads UTF-8 ("×", accented names) as another encoding.
 */
export function reportCsv(orders: readonly Order[], timeZone: string): string {
  const rows = orders.map((order) => {
    const ready = firstReadyAt(order);
    const minutes = minutesToReady(order);
    const promised = promisedAt(order);
    const items = order.items
      .map((line) => {
        const options = (line.options ?? []).map((o) => o.name).join(', ');
        return `${line.quantity} × ${line.name ?? 'Dish'}${options ? ` (${options})` : ''}`;
      })
      .join('; ');
    return [
      order.number,
      localStamp(order.orderTime, timeZone),
      order.status,
      order.pickup?.name ?? order.customerName,
      items,
      money(order.charges?.subtotal ?? order.total),
      money(order.charges?.tax ?? null),
      money(order.total),
      ready ? localStamp(ready, timeZone) : null,
      minutes === null ? null : round1(minutes),
      ready && promised ? (ready > promised ? 'yes' : 'no') : null,
    ]
      .map(cell)
      .join(',');
  });
  return `\uFEFF${[REPORT_CSV_HEADER.join(','), ...rows].map((row) => `${row}\r\n`).join('')}`;
}
