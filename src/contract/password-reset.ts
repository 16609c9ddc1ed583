// A forgotten password: what the reset routes take and answer (apart from auth.ts, so that the
// menu page never downloads them).
import { z } from 'zod';

/** A forgotten password, step 1: whose. */
export const PasswordResetRequest = z.strictObject({
  login: z.string().min(1).max(254).describe('The username, or the mobile number of the account'),
});
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

/**
 * Where a forgotten password stands. The same for every request, whether or not an account
 * matched: it never says where a code went, nor whether one did.
 */
export const PasswordResetStep = z.object({
  stage: z.enum(['pending_reset', 'reset_proven']),
  csrfToken: z.string(),
  resendAfterSeconds: z.number().int().nonnegative(),
  resendsLeft: z.number().int().nonnegative(),
  expiresAt: z.iso.datetime(),
});
export type PasswordResetStep = z.infer<typeof PasswordResetStep>;

/** A forgotten password, last step: the new one (the rules of a new account's). */
export const NewPasswordRequest = z.strictObject({
  password: z.string().min(1).max(1024).describe('8–128 characters, not a commonly used password'),
});
export type NewPasswordRequest = z.infer<typeof NewPasswordRequest>;

export const PasswordResetDone = z.object({
  /** The account's username, to sign in with (someone who reset by phone may not remember it). */
  username: z.string(),
});
export type PasswordResetDone = z.infer<typeof PasswordResetDone>;
