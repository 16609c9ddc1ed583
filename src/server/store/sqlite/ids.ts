// Document ids for SQLite rows, shaped like MongoDB ObjectIds so ids look the same on both stores.
import { randomBytes } from 'node:crypto';

/** 24 lowercase hex characters: 4 bytes of seconds since the epoch, then 8 random bytes. */
export function newDocumentId(at: Date): string {
  const seconds = Math.floor(at.getTime() / 1000) >>> 0;
  return seconds.toString(16).padStart(8, '0') + randomBytes(8).toString('hex');
}
