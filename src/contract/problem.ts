// The one error shape of the API: RFC 9457 problem details with a stable `code`.
import { z } from 'zod';

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  requestId: z.string().optional(),
  /** For `validation_failed`: which fields were wrong and why. */
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  /** For `invalid_code`: how many more codes this sign-in may try. */
  attemptsRemaining: z.number().int().optional(),
});
export type Problem = z.infer<typeof Problem>;
