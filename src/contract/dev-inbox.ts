// The dev inbox as the sandbox serves it: what the simulated Vonage sent to each phone.
import { z } from 'zod';

export const InboxMessage = z.object({
  id: z.string(),
  /** E.164, with the leading '+'. */
  to: z.string(),
  text: z.string(),
  at: z.iso.datetime(),
  /** A code or a text sent to the phone, or a `reply` the phone sent back. */
  kind: z.enum(['verify-code', 'message', 'reply']),
  status: z.string().optional(),
});
export type InboxMessage = z.infer<typeof InboxMessage>;

export const InboxMessages = z.array(InboxMessage);

/** A reply typed on the dev phone, to the restaurant's texts. */
export const InboxReply = z.strictObject({
  from: z.string().regex(/^\+?\d{6,15}$/, 'must be a phone number'),
  text: z.string().trim().min(1, 'type a reply').max(160, 'at most 160 characters'),
});
export type InboxReply = z.infer<typeof InboxReply>;

export const InboxReplied = z.object({ delivered: z.boolean() });
