// The dev inbox as the sandbox serves it: what the simulated Vonage sent to each phone.
import { z } from 'zod';

export const InboxMessage = z.object({
  id: z.string(),
  /** E.164, with the leading '+'. */
  to: z.string(),
  text: z.string(),
  at: z.iso.datetime(),
  kind: z.enum(['verify-code', 'message']),
  status: z.string().optional(),
});
export type InboxMessage = z.infer<typeof InboxMessage>;

export const InboxMessages = z.array(InboxMessage);
