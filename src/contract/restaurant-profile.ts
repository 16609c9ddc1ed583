// What the restaurant's owner and kitchen change: the profile (address, hours, tax, how to pay,
// estimates, slot capacity), the pause and busy switches; and the pickup times checkout offers.
import { z } from 'zod';

/** A wall-clock time in the restaurant's zone, `HH:MM`, from 00:00 to 24:00. */
export const WallTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time from 00:00 to 24:00, as HH:MM');

/** One range of a day; a range that closes at or before it opens ends the next day (18:00–02:00). */
export const OpeningRange = z.strictObject({ opens: WallTime, closes: WallTime });
export type OpeningRange = z.infer<typeof OpeningRange>;

const DayRanges = z.array(OpeningRange).max(4, 'at most 4 ranges a day');

export const WeeklyHours = z.strictObject({
  mon: DayRanges,
  tue: DayRanges,
  wed: DayRanges,
  thu: DayRanges,
  fri: DayRanges,
  sat: DayRanges,
  sun: DayRanges,
});

const LocalDate = z.iso.date();

export const OpeningHours = z.strictObject({
  weekly: WeeklyHours,
  /** Dates whose ranges replace the weekday's; no ranges means closed that day. */
  exceptions: z
    .array(
      z.strictObject({ date: LocalDate, ranges: DayRanges, label: z.string().trim().max(60).optional() }),
    )
    .max(60, 'at most 60 dated exceptions')
    .refine((list) => new Set(list.map((e) => e.date)).size === list.length, 'each date at most once'),
  /** Orders are taken until this many minutes before each closing. */
  lastOrderMinutes: z.number().int().min(0).max(240),
});
export type OpeningHours = z.infer<typeof OpeningHours>;

export const TaxSetting = z.strictObject({
  /** Basis points, at most two decimals: 887.5 is 8.875 %. */
  rateBps: z
    .number()
    .min(0)
    .max(5000)
    .refine(
      (rate) => Math.abs(Math.round(rate * 100) - rate * 100) < 1e-6,
      'at most two decimals of a basis point',
    ),
  /** `true`: menu prices include the tax; `false`: it is added at checkout. */
  included: z.boolean(),
});
export type TaxSetting = z.infer<typeof TaxSetting>;

/** How customers pay; online payment providers plug in here later. */
export const PaymentMethod = z.enum(['pay_at_pickup']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** What an admin sets (audited). The name, currency, locale and time zone come from the deployment. */
export const RestaurantProfile = z.strictObject({
  address: z.string().trim().max(200),
  phone: z.string().trim().max(30),
  hours: OpeningHours,
  tax: TaxSetting,
  payment: PaymentMethod,
  /** The ready estimate while the kitchen has no recent history to learn from. */
  defaultPrepMinutes: z.number().int().min(1).max(180),
  /** The most orders, and items, one 15-minute pickup slot takes; `null`: no limit. */
  slotCapacity: z.strictObject({
    orders: z.number().int().min(1).max(500).nullable(),
    items: z.number().int().min(1).max(5000).nullable(),
  }),
});
export type RestaurantProfile = z.infer<typeof RestaurantProfile>;

/** The kitchen's switches: online ordering paused (until a time, or until resumed), minutes added to every estimate. */
export const OrderingPause = z.strictObject({
  paused: z.boolean(),
  /** When a pause ends by itself; `null`: until someone resumes. */
  until: z.iso.datetime().nullable(),
  busyMinutes: z.number().int().min(0).max(120),
});
export type OrderingPause = z.infer<typeof OrderingPause>;

/** A change of the switches: pause (for some minutes, or until resumed), resume, or set the busy minutes. */
export const OrderingPauseRequest = z.union([
  z.strictObject({ paused: z.literal(true), forMinutes: z.number().int().min(5).max(1440).nullable() }),
  z.strictObject({ paused: z.literal(false) }),
  z.strictObject({ busyMinutes: z.number().int().min(0).max(120) }),
]);
export type OrderingPauseRequest = z.infer<typeof OrderingPauseRequest>;

/** When an order can be picked up: as soon as possible (with the estimate), or a 15-minute slot. */
export const PickupTimes = z.object({
  asap: z.object({ available: z.boolean(), readyAround: z.iso.datetime().nullable() }),
  /** Quarter hours inside the opening hours, today and the next 6 days; `full` ones cannot be chosen. */
  slots: z.array(z.object({ at: z.iso.datetime(), date: z.iso.date(), full: z.boolean() })),
});
export type PickupTimes = z.infer<typeof PickupTimes>;
