// Registration and sign-in: the article's routes and fields, and what they answer.
import { z } from 'zod';

/** Generous transport limits; the real rules (8–128 characters, …) answer with clear messages. */
export const RegisterRequest = z.strictObject({
  username: z
    .string()
    .min(1)
    .max(254)
    .describe(
      '3–64 letters, digits or . _ @ + - (an email address is fine). One account per name whatever its case (Unicode case folding: Alice = ALICE, straße = STRASSE)',
    ),
  password: z.string().min(1).max(1024).describe('8–128 characters, not a commonly used password'),
  phone: z
    .string()
    .min(1)
    .max(32)
    .describe('Mobile number with its country code: 15556661234 or +1 555 666 1234'),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

/** Ordering as a guest: what the kitchen calls them, and the phone a code proves. */
export const GuestRequest = z.strictObject({
  name: z.string().min(1).max(40).describe('What the kitchen calls you: up to 40 letters and spaces'),
  phone: z
    .string()
    .min(1)
    .max(32)
    .describe('Mobile number with its country code: 15556661234 or +1 555 666 1234'),
});
export type GuestRequest = z.infer<typeof GuestRequest>;

export const AuthenticateRequest = z.strictObject({
  username: z.string().min(1).max(254),
  password: z.string().min(1).max(1024),
});
export type AuthenticateRequest = z.infer<typeof AuthenticateRequest>;

/**
 * Digits in every code we text (the Verify request asks for exactly this many). A guess of any
 * other length is refused here, before it can spend one of the provider's three tries.
 */
export const CODE_LENGTH = 6;

export const VerifyRequest = z.strictObject({
  tfaPin: z
    .string()
    .regex(new RegExp(`^\\d{${CODE_LENGTH}}$`), `must be the ${CODE_LENGTH} digits of the code we texted`)
    .describe(`The ${CODE_LENGTH}-digit code from the text message`),
});
export type VerifyRequest = z.infer<typeof VerifyRequest>;

export const SessionStage = z.enum(['pending_phone', 'pending_2fa', 'pending_guest', 'full']);
export type SessionStage = z.infer<typeof SessionStage>;

/** Who is signed in, and the token to echo in `X-CSRF-Token` on every change. */
export const SessionInfo = z.object({
  stage: SessionStage,
  /** `null` while a registration's code is pending; a guest's name for a guest. */
  username: z.string().nullable(),
  /** A guest who ordered with a name and a phone (no username or password yet). */
  guest: z.boolean(),
  /** What the signed-in account may do; `null` until the code step is done. */
  role: z.enum(['customer', 'staff', 'admin']).nullable(),
  /** Last digits of the number the code went to (pending stages), e.g. `•••• 34`. */
  phoneHint: z.string().nullable(),
  csrfToken: z.string(),
  /** Pending stages: seconds until another code may be requested (0: now). */
  resendAfterSeconds: z.number().int().nonnegative(),
  /** Pending stages: how many more codes this sign-in may request. */
  resendsLeft: z.number().int().nonnegative(),
  expiresAt: z.iso.datetime(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** After a password or a registration: which code screen comes next. */
export const NextStep = SessionInfo.extend({
  next: z.enum(['otp', 'verify_phone', 'verify_guest']),
});
export type NextStep = z.infer<typeof NextStep>;
