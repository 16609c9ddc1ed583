// What counters and one-time marks key a person by: a digest of the username, phone or address,
// never the thing itself, so that no username or phone outlives its account in the store (an
// erased account leaves none behind). Pseudonyms, not secrets: they only need to be stable.
import { createHash } from 'node:crypto';

export const pseudonym = (value: string): string =>
  createHash('sha256').update(value).digest('base64url').slice(0, 22);
