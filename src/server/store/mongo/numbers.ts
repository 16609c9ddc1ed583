// Gapless numbers taken by inserting them (live events' sequence numbers): a unique `_id` makes
// each number one writer's, and a number is visible before the next one is taken, which the
// event pollers rely on. This instance takes one at a time and tries "the last one it took + 1"
// straight away, so its own requests never race each other for a number and a claim is one
// insert; only when another instance took the number first is the newest one read back.
// (Order numbers need no such order: they are one `$inc`, see counters.ts.)
import { isDuplicateKey } from './errors.js';

interface Limits {
  signal: AbortSignal;
  maxTimeMS: number;
}
/** Inserts what carries number `value`; a duplicate-key error means someone else has it. */
type Take = (value: number, limits: Limits) => Promise<unknown>;

export function numberClaimer(args: {
  /** Named in the error when every try lost. */
  what: string;
  /** The newest number taken, by anyone (0 when none). */
  newest: (limits: Limits) => Promise<number>;
  tries: number;
}): (take: Take, limits: Limits) => Promise<number> {
  let last: number | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function claim(take: Take, limits: Limits): Promise<number> {
    // Its deadline ran out while it waited its turn: nothing was sent, the guess still holds.
    limits.signal.throwIfAborted();
    for (let attempt = 0; attempt < args.tries; attempt += 1) {
      const value = (last ?? (await args.newest(limits))) + 1;
      try {
        await take(value, limits);
        last = value;
        return value;
      } catch (error) {
        // Any other failure keeps the guess: had it stored the number after all, the next
        // claim's insert finds it taken and reads the newest then.
        if (!isDuplicateKey(error)) throw error;
        // Taken elsewhere: read the newest again.
        last = undefined;
      }
    }
    throw new Error(`${args.what}: too much contention`);
  }

  return (take, limits) => {
    const mine = queue.then(() => claim(take, limits));
    queue = mine.catch(() => undefined);
    return mine;
  };
}
