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
  /** Staff an admin disabled: no sign-in, no session. `null` for everyone else. */
  disabledAt: Date | null;
  /**
   * A staff invitation not yet taken up: the digest of the link's secret and its end. The
   * account has no password (nobody can sign in to it) until the link sets one.
   */
  invitation: Invitation | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface Invitation {
  /** SHA-256 (hex) of the secret in the invitation link; the secret itself is never stored. */
  digest: string;
  expiresAt: Date;
}

export type NewUser = Omit<User, 'id' | 'createdAt' | 'updatedAt' | 'disabledAt' | 'invitation'> &
  Partial<Pick<User, 'disabledAt' | 'invitation'>>;

/** What an admin may change on a staff account (and an invitation, on its acceptance). */
export type UserChanges = Partial<
  Pick<User, 'phone' | 'phoneVerifiedAt' | 'passwordHash' | 'disabledAt' | 'invitation'>
>;

/** Letters, digits and `. _ @ + -` (an email address fits), 3 to 64 of them, once normalized. */
export const USERNAME_RULE = '3 to 64 letters, digits or . _ @ + - (an email address is fine)';
export const isValidUsername = (normalized: string) => /^[\p{L}\p{N}._@+-]{3,64}$/u.test(normalized);

export const isStaff = (user: Pick<User, 'role'>) => user.role !== 'customer';

/**
 * One spelling per person: compatibility-normalized (NFKC, so full-width and ligature forms
 * fold), trimmed and lower-cased. `Alice`, ` alice ` and `ａｌｉｃｅ` are the same username.
 */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}
