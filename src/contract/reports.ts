// The end-of-day report, as admins ask for it and read it.
import { z } from 'zod';

const LocalDate = z.iso.date();

/** A day or a range of days on the restaurant's calendar (both included; `to` defaults to `from`). */
export const SalesReportQuery = z.strictObject({ from: LocalDate, to: LocalDate.optional() });
export type SalesReportQuery = z.infer<typeof SalesReportQuery>;

const Quarter = z.object({ start: z.iso.datetime(), orders: z.number().int() });

export const SalesReport = z.object({
  from: LocalDate,
  to: LocalDate,
  timeZone: z.string(),
  /** 24 a day; 23 or 25 on a day the clocks change. */
  hours: z.number(),
  /** Orders placed and not cancelled. */
  orders: z.number().int(),
  cancelled: z.number().int(),
  /** Of the orders not cancelled, in minor units. */
  revenue: z.object({ subtotal: z.number().int(), tax: z.number().int(), total: z.number().int() }),
  /** Most sold first; options by how often they were chosen. */
  dishes: z.array(
    z.object({
      name: z.string(),
      quantity: z.number().int(),
      sales: z.number().int(),
      options: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
    }),
  ),
  /** From when the kitchen could start an order to its first "ready", in minutes. */
  readyTimes: z.object({
    measured: z.number().int(),
    averageMinutes: z.number().nullable(),
    p90Minutes: z.number().nullable(),
  }),
  /** Orders ready after the time their customer was last told. */
  late: z.object({ measured: z.number().int(), late: z.number().int(), share: z.number().nullable() }),
  /** Orders placed per quarter-hour, those with any. */
  slots: z.array(Quarter),
  /** The busiest quarter-hours, most orders first. */
  busiest: z.array(Quarter),
});
export type SalesReport = z.infer<typeof SalesReport>;
