// The ~49,000 passwords seen most often in breaches (zxcvbn's list), refused as new passwords.
// Loaded at the first new password rather than at start: ~2 MB of heap that a server holds only
// once someone registers or sets a password.
import { createRequire } from 'node:module';
import type { dictionary } from '@zxcvbn-ts/language-common';
import { knownPasswordsOf } from '../domain/password.js';

let known: ReadonlySet<string> | undefined;

export function knownPasswords(): ReadonlySet<string> {
  known ??= knownPasswordsOf(
    (createRequire(import.meta.url)('@zxcvbn-ts/language-common') as { dictionary: typeof dictionary })
      .dictionary['passwords-common'],
  );
  return known;
}
