// The restaurant as every page sees it: name, money, address, hours, tax, and whether it takes
// orders right now. What admins and the kitchen change is in restaurant-profile.ts (kept apart: the
// menu's first render does not download it).
import { z } from 'zod';

/**
 * The hours and tax as answers show them: described, not checked again (the profile was checked
 * when it was set), which keeps what every page downloads small.
 */
const RangeView = z.object({ opens: z.string(), closes: z.string() });
const HoursView = z.object({
  weekly: z.record(z.string(), z.array(RangeView)),
  exceptions: z.array(
    z.object({ date: z.string(), ranges: z.array(RangeView), label: z.string().optional() }),
  ),
  lastOrderMinutes: z.number(),
});

export const RestaurantInfo = z.object({
  name: z.string(),
  /** ISO 4217 code; prices are integer minor units of it. */
  currency: z.string().length(3),
  /** BCP 47 locale used to format prices and times. */
  locale: z.string(),
  /** IANA time zone of the restaurant. */
  timeZone: z.string(),
  /** Customers can reply HERE to the confirmation text when they arrive. */
  arrivalByText: z.boolean().optional(),
  address: z.string().optional(),
  phone: z.string().optional(),
  hours: HoursView.optional(),
  tax: z.object({ rateBps: z.number(), included: z.boolean() }).optional(),
  payment: z.string().optional(),
  /** Where the restaurant stands at the moment of the answer. */
  now: z
    .object({
      at: z.iso.datetime(),
      open: z.boolean(),
      /** Orders for as soon as possible are taken now: open, before the cut-off, not paused. */
      takingOrders: z.boolean(),
      closesAt: z.iso.datetime().nullable(),
      lastOrderAt: z.iso.datetime().nullable(),
      /** When it next takes orders, when it does not now (within a week). */
      nextOpening: z.iso.datetime().nullable(),
      /** Today's openings (local date), as instants. */
      today: z.array(z.object({ opens: z.iso.datetime(), closes: z.iso.datetime() })),
      pause: z.object({ paused: z.boolean(), until: z.string().nullable(), busyMinutes: z.number() }),
      /** Minutes from now an order placed now is expected to be ready. */
      estimateMinutes: z.number().int().nonnegative(),
    })
    .optional(),
});
export type RestaurantInfo = z.infer<typeof RestaurantInfo>;
