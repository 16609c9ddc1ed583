// Password rules (NIST SP 800-63B §3.1.1.2, ASVS 5 §6.2): length, not a known password,
// nothing silently cut. How passwords are hashed lives in infrastructure/passwords.ts; the list of
// known passwords is loaded by infrastructure/common-passwords.ts.
import type { FieldProblem } from './errors.js';

export const PASSWORD_POLICY = {
  /** Counted in characters (code points) after NFKC normalization. */
  minLength: 8,
  maxLength: 128,
} as const;

/** The same password typed on any keyboard or input method gives the same string. */
export function normalizePassword(raw: string): string {
  return raw.normalize('NFKC');
}

/** Of a list of passwords seen in breaches, those the length rule lets through, as compared. */
export function knownPasswordsOf(words: readonly string[]): ReadonlySet<string> {
  return new Set(
    words.filter((word) => word.length >= PASSWORD_POLICY.minLength).map((word) => word.toLowerCase()),
  );
}

export type PasswordVerdict =
  | { ok: true; password: string }
  | { ok: false; reason: 'too_short' | 'too_long' | 'too_common'; problem: FieldProblem };

/** Judges a new password; `username` is refused as a password too. */
export function judgeNewPassword(
  raw: string,
  context: { username: string; knownPasswords: ReadonlySet<string> },
): PasswordVerdict {
  const password = normalizePassword(raw);
  // Code points, as NIST counts characters (an emoji made of several still counts as several).
  const length = Array.from(password).length;
  const field = 'password';
  if (length < PASSWORD_POLICY.minLength) {
    const message = `Use at least ${PASSWORD_POLICY.minLength} characters.`;
    return { ok: false, reason: 'too_short', problem: { field, message } };
  }
  if (length > PASSWORD_POLICY.maxLength) {
    const message = `Use at most ${PASSWORD_POLICY.maxLength} characters.`;
    return { ok: false, reason: 'too_long', problem: { field, message } };
  }
  const folded = password.toLowerCase();
  if (context.knownPasswords.has(folded) || folded === context.username.toLowerCase()) {
    const message =
      'That password is too easy to guess (it is a common one, or your username): choose another.';
    return { ok: false, reason: 'too_common', problem: { field, message } };
  }
  return { ok: true, password };
}
