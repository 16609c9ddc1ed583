// The rules a new account's phone and password pass, refused as the API reports them: one place
// for registration, staff invitations and the team.
import { ValidationError, type FieldProblem } from '../domain/errors.js';
import { judgeNewPassword } from '../domain/password.js';
import { judgePhone, type PhonePolicy } from '../domain/phone.js';
import { knownPasswords } from '../infrastructure/common-passwords.js';

/** A number we may text (E.164), or 400 `phone_not_supported` with the reason. */
export function textablePhone(raw: string, policy: PhonePolicy, countries: readonly string[]): string {
  const phone = judgePhone(raw, policy, countries);
  if (!phone.ok)
    throw new ValidationError([{ field: 'phone', message: phone.reason }], 'phone_not_supported');
  return phone.e164;
}

/**
 * A new password for `username` (NFKC-normalized), or the refusal listing it with the form's
 * `others` problems: `password_too_common` when that is all that is wrong, else `validation_failed`.
 */
export function acceptablePassword(
  raw: string,
  username: string,
  others: readonly FieldProblem[] = [],
): string {
  const judged = judgeNewPassword(raw, { username, knownPasswords: knownPasswords() });
  if (judged.ok && others.length === 0) return judged.password;
  if (judged.ok) throw new ValidationError(others);
  const onlyTooCommon = judged.reason === 'too_common' && others.length === 0;
  throw new ValidationError(
    [...others, judged.problem],
    onlyTooCommon ? 'password_too_common' : 'validation_failed',
  );
}
