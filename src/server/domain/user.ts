// Who uses the system: customers and staff share one `users` collection, told apart by role.

export type Role = 'customer' | 'staff' | 'admin';

export interface User {
  id: string;
  /** Normalized (see `normalizeUsername`); unique. */
  username: string;
  /** E.164 (`+15556661234`); accounts from the original app may hold the digits they typed. */
  phone: string;
  /** argon2id, or bcrypt from the original app's `users` documents (re-hashed on next login). */
  passwordHash: string;
  role: Role;
  /** When a code sent to `phone` was entered; `null` until then (and for the original's accounts). */
  phoneVerifiedAt: Date | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export type NewUser = Omit<User, 'id' | 'createdAt' | 'updatedAt'>;

/**
 * One spelling per person: compatibility-normalized (NFKC, so full-width and ligature forms
 * fold), trimmed and lower-cased. `Alice`, ` alice ` and `ａｌｉｃｅ` are the same username.
 */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}
