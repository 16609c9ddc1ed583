// Password hashing: argon2id with OWASP's parameters (19 MiB, 2 passes), computed in worker
// threads at a lower CPU priority than the event loop, which keeps serving (hash-workers.ts). The original app's bcrypt hashes still verify
// and are replaced by argon2id on the next successful sign-in.
import { availableParallelism } from 'node:os';
import bcrypt from 'bcryptjs';
import { createHashWorkers, HashWorkerStopped } from './hash-workers.js';

/** OWASP Password Storage Cheat Sheet, argon2id option 2. */
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Hashes running at once: one core fewer than the machine has (at least one). Each argon2id
 * hash keeps a core busy for tens of milliseconds; a storm of sign-ins would otherwise take every
 * core and starve the event loop serving menus and orders. Sign-ins beyond this wait their turn.
 */
const HASH_SLOTS = Math.max(1, availableParallelism() - 1);
let hashing = 0;
const waiting: (() => void)[] = [];

async function inHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (hashing >= HASH_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else hashing += 1;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line, or frees up.
    const next = waiting.shift();
    if (next) next();
    else hashing -= 1;
  }
}

/** A hash of a random password, verified against when the username is unknown (equal timing). */
let dummyHash: Promise<string> | undefined;

export interface PasswordCheck {
  ok: boolean;
  /** The stored hash is bcrypt or weaker argon2 parameters: store a new one. */
  needsRehash: boolean;
}

const workers = createHashWorkers(HASH_SLOTS);

export function hashPassword(password: string): Promise<string> {
  return inHashSlot(() => workers.hash(password, ARGON2));
}

/** A hash that cannot be read is a refusal; a hashing worker that keeps failing is an error (500). */
const verifyInSlot = (stored: string, password: string) =>
  inHashSlot(() => workers.verify(stored, password)).catch((error: unknown) => {
    if (error instanceof HashWorkerStopped) throw error;
    return false;
  });

function isBcrypt(stored: string): boolean {
  return /^\$2[aby]\$\d\d\$/.test(stored);
}

export async function checkPassword(stored: string | null, password: string): Promise<PasswordCheck> {
  if (stored === null) {
    dummyHash ??= hashPassword(crypto.randomUUID());
    // A failed attempt is not kept: the next unknown name tries again.
    const dummy = await dummyHash.catch((error: unknown) => {
      dummyHash = undefined;
      throw error;
    });
    await verifyInSlot(dummy, password);
    return { ok: false, needsRehash: false };
  }
  if (isBcrypt(stored)) {
    // bcrypt reads only 72 bytes: a longer password would "match" on its first 72. Refuse instead.
    if (Buffer.byteLength(password, 'utf8') > 72) return { ok: false, needsRehash: false };
    return { ok: await bcrypt.compare(password, stored), needsRehash: true };
  }
  if (!stored.startsWith('$argon2')) return { ok: false, needsRehash: false };
  const ok = await verifyInSlot(stored, password);
  const current = `$argon2id$v=19$m=${ARGON2.memoryCost},t=${ARGON2.timeCost},p=${ARGON2.parallelism}$`;
  return { ok, needsRehash: ok && !stored.startsWith(current) };
}
