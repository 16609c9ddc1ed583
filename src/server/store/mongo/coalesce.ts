// Calls that arrive while one is on its way to the database wait for it, then go together as
// one: under load, one round trip serves every request that came during the previous one, and
// a lone call goes at once. When the call under way fails, those waiting for it fail with it:
// a database that does not answer fails every caller within one deadline, not two.
interface Waiter<I, T> {
  input: I;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** One caller's answer in a batch: its value, or an error that is its own (a duplicate key). */
export type Answer<T> = { value: T } | { error: Error };

/**
 * `take(inputs)` answers each caller of the batch, in the order they called: a call that fails
 * as a whole fails them all. `idle` runs whenever the last call has been answered and none waits.
 */
export function batched<I, T>(
  take: (inputs: readonly I[]) => Promise<readonly Answer<T>[]>,
  idle?: () => void,
): (input: I) => Promise<T> {
  let waiting: Waiter<I, T>[] = [];
  let busy = false;

  /** Sends what waits, unless a call is on its way; whether one is on its way now. */
  function flush(): boolean {
    if (busy || waiting.length === 0) return busy;
    busy = true;
    const batch = waiting;
    waiting = [];
    let taken: Promise<readonly Answer<T>[]>;
    try {
      taken = take(batch.map((waiter) => waiter.input));
    } catch (error) {
      taken = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    taken
      .then((answers) => {
        if (answers.length !== batch.length) throw new Error(`${answers.length} values for ${batch.length}`);
        answers.forEach((answer, i) => {
          const waiter = batch[i];
          if (!waiter) return; // the lengths are equal
          if ('error' in answer) waiter.reject(answer.error);
          else waiter.resolve(answer.value);
        });
      })
      .catch((error: unknown) => {
        const failed = [...batch, ...waiting];
        waiting = [];
        for (const waiter of failed) waiter.reject(error);
      })
      .finally(() => {
        busy = false;
        if (!flush()) idle?.();
      });
    return true;
  }

  return (input) =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      flush();
    });
}

/** `take(k)` answers k values, one for each caller of the batch, in the order they called. */
export function coalesced<T>(
  take: (count: number) => Promise<readonly T[]>,
  idle?: () => void,
): () => Promise<T> {
  const call = batched<undefined, T>(
    async (inputs) => (await take(inputs.length)).map((value) => ({ value })),
    idle,
  );
  return () => call(undefined);
}
