// Public facts about the restaurant that pages need to render: its name and how to show money.
import { z } from 'zod';

export const RestaurantInfo = z.object({
  name: z.string(),
  /** ISO 4217 code; prices are integer minor units of it. */
  currency: z.string().length(3),
  /** BCP 47 locale used to format prices and times. */
  locale: z.string(),
  /** IANA time zone of the restaurant. */
  timeZone: z.string(),
});
export type RestaurantInfo = z.infer<typeof RestaurantInfo>;
