// A customer's own account, as the settings page sees it (apart from auth.ts, so that the menu
// page never downloads it).
import { z } from 'zod';
import { Order } from './orders.js';

/** One browser or app signed in to the account. */
export const SignedInDevice = z.object({
  signedInAt: z.iso.datetime(),
  lastActiveAt: z.iso.datetime(),
  /** The browser asking. */
  current: z.boolean(),
});
export type SignedInDevice = z.infer<typeof SignedInDevice>;

export const AccountOverview = z.object({
  username: z.string(),
  /** Last digits of the proven phone, e.g. `•••• 34`. */
  phoneHint: z.string(),
  memberSince: z.iso.datetime().nullable(),
  devices: z.array(SignedInDevice),
});
export type AccountOverview = z.infer<typeof AccountOverview>;

export const ChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  password: z.string().min(1).max(1024).describe('8–128 characters, not a commonly used password'),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const ErasureRequest = z.strictObject({
  password: z.string().min(1).max(1024),
});
export type ErasureRequest = z.infer<typeof ErasureRequest>;

/** Erasing the account: where the code went, and when another may be sent. */
export const ErasureStep = z.object({
  phoneHint: z.string(),
  resendAfterSeconds: z.number().int().nonnegative(),
  resendsLeft: z.number().int().nonnegative(),
  /** When the code stops working. */
  expiresAt: z.iso.datetime(),
});
export type ErasureStep = z.infer<typeof ErasureStep>;

/** Everything the restaurant keeps about a customer, as a file they can keep. */
export const AccountExport = z.object({
  format: z.literal('von-appetit.account/1'),
  exportedAt: z.iso.datetime(),
  profile: z.object({ username: z.string(), phone: z.string(), memberSince: z.iso.datetime().nullable() }),
  orders: z.array(Order),
});
export type AccountExport = z.infer<typeof AccountExport>;

/** A guest keeps their orders in an account: a username and a password (the phone is proven). */
export const ClaimGuestRequest = z.strictObject({
  username: z
    .string()
    .min(1)
    .max(254)
    .describe('3–64 letters, digits or . _ @ + - (an email address is fine)'),
  password: z.string().min(1).max(1024).describe('8–128 characters, not a commonly used password'),
});
export type ClaimGuestRequest = z.infer<typeof ClaimGuestRequest>;
