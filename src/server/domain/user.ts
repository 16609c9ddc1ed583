// Who uses the system: customers and staff share one `users` collection, told apart by role.

export type Role = 'customer' | 'staff' | 'admin';

export interface User {
  id: string;
  /** Case-folded (see `normalizeUsername`); unique. */
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
   * Staff: the name customers see them by ("Sam from the kitchen"), chosen by themselves; `null`:
   * shown as KITCHEN_NAME. Customers never see a login name, phone or email (H8).
   */
  displayName: string | null;
  /**
   * A staff invitation not yet taken up: the digest of the link's secret and its end. The
   * account has no password (nobody can sign in to it) until the link sets one.
   */
  invitation: Invitation | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** An account as a request acts with it: no password hash, no invitation secret. */
export type Account = Omit<User, 'passwordHash' | 'invitation'>;

export interface Invitation {
  /** SHA-256 (hex) of the secret in the invitation link; the secret itself is never stored. */
  digest: string;
  expiresAt: Date;
}

export type NewUser = Omit<
  User,
  'id' | 'createdAt' | 'updatedAt' | 'disabledAt' | 'invitation' | 'displayName'
> &
  Partial<Pick<User, 'disabledAt' | 'invitation' | 'displayName'>>;

/** What an admin may change on a staff account (and its owner, on an invitation or the profile). */
export type UserChanges = Partial<
  Pick<User, 'phone' | 'phoneVerifiedAt' | 'passwordHash' | 'disabledAt' | 'invitation' | 'displayName'>
>;

/** Letters, digits and `. _ @ + -` (an email address fits), 3 to 64 of them, once normalized. */
export const USERNAME_RULE = 'Use 3 to 64 letters, digits or . _ @ + - (an email address is fine).';
export const isValidUsername = (normalized: string) => /^[\p{L}\p{N}._@+-]{3,64}$/u.test(normalized);

export const isStaff = (user: Pick<User, 'role'>) => user.role !== 'customer';

/**
 * A guest's account: made when someone orders with a name and a phone (proven by a code), found
 * again by that phone. Its username is `guest:` and an id, which nobody can type at sign-in or
 * register; it has no password until the guest chooses a username and one.
 */
export const GUEST_PREFIX = 'guest:';
export const isGuest = (user: Pick<User, 'username'>) => user.username.startsWith(GUEST_PREFIX);

/** The name a guest gives at checkout, or why it cannot be one (letters and spaces, like a staff name's). */
export function judgeGuestName(raw: string): DisplayNameVerdict {
  const name = raw.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  if (name === '') return { ok: false, reason: 'Enter your name.' };
  if (name.length > 40) return { ok: false, reason: 'Use at most 40 characters.' };
  if (!/^[\p{L}\p{M} .,'’&()-]+$/u.test(name)) {
    return { ok: false, reason: "Use letters, spaces and . , ' & - ( ) only." };
  }
  return { ok: true, name };
}

/** What a customer is called on screen: a guest by the name they gave. */
export const customerShownName = (user: Pick<User, 'username' | 'displayName'>) =>
  isGuest(user) ? (user.displayName ?? 'Guest') : user.username;

/**
 * One spelling per person (H2): compatibility-normalized (NFKC, so full-width and ligature forms
 * fold), trimmed, then case-folded as Unicode's default full case folding does — `Alice`,
 * ` alice `, `ａｌｉｃｅ`; `straße` and `STRASSE`; `σοφος` and `ΣΟΦΟΣ` are each one username. Folding
 * is lower → upper → lower (which maps ß to ss, and ẞ through ß), with the final sigma that
 * lower-casing writes at a word's end made σ. A deliberate departure: the Turkish dotted and
 * dotless i (İ ı) fold to plain i, so one name typed on a Turkish keyboard or any other is one
 * account (default folding keeps ı apart and gives İ a combining dot).
 */
export function normalizeUsername(raw: string): string {
  return raw
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .replace(/ς/gu, 'σ')
    .replace(/i\u0307/gu, 'i')
    .normalize('NFKC');
}

/**
 * How a typed username may have been stored before usernames were case-folded: as typed (the
 * original app: `Alice`), or NFKC, trimmed and lower-cased (this app until then: `straße`). An
 * account that could not take its folded spelling, because another account held it, keeps its
 * stored one and signs in typing it (see services/usernames.ts).
 */
export function storedSpellings(raw: string): string[] {
  const typed = raw.normalize('NFKC').trim();
  return [...new Set([typed, typed.toLowerCase()])];
}

/** How customers see a staff member who has not chosen a name. */
export const KITCHEN_NAME = 'the kitchen';

export const DISPLAY_NAME_RULE =
  "Use up to 40 letters, spaces and . , ' & - ( ): a first name or a role, never an email address or a phone number.";

export type DisplayNameVerdict = { ok: true; name: string | null } | { ok: false; reason: string };

/**
 * The name a staff member chose for customers to see, or why it cannot be one. Empty means none
 * (shown as KITCHEN_NAME). Digits are refused with `@`: a login name, a phone number or an email
 * address would tell customers what they must never learn (H8).
 */
export function judgeDisplayName(raw: string, username: string): DisplayNameVerdict {
  const name = raw.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  if (name === '') return { ok: true, name: null };
  if (name.length > 40) return { ok: false, reason: 'Use at most 40 characters.' };
  if (!/^[\p{L}\p{M} .,'’&()-]+$/u.test(name)) return { ok: false, reason: DISPLAY_NAME_RULE };
  const folded = normalizeUsername(name);
  if (folded === username || folded === username.split('@', 1)[0]) {
    return { ok: false, reason: 'Choose a name other than your username.' };
  }
  return { ok: true, name };
}

/** What customers see of a staff member (a support call joined, a call back made). */
export const shownName = (user: Pick<User, 'displayName'>) => user.displayName ?? KITCHEN_NAME;
