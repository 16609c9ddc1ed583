// The one error shape of the API: RFC 9457 problem details with a stable `code`.
import { z } from 'zod';

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  requestId: z.string().optional(),
  /**
   * Which fields were wrong and why: a stable `code` per field (`required`, `too_short`,
   * `too_long`, `wrong_type`, `invalid_format`, `invalid_choice`, `unexpected_field`, `invalid`,
   * or the problem's own code) and a sentence to show.
   */
  errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
  /** For `invalid_code`: how many more codes this sign-in may try. */
  attemptsRemaining: z.number().int().optional(),
});
export type Problem = z.infer<typeof Problem>;
