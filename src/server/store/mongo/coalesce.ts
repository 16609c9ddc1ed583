// Calls that arrive while one is on its way to the database wait for it, then go together as
// one: under load, one round trip serves every request that came during the previous one, and
// a lone call goes at once. When the call under way fails, those waiting for it fail with it:
// a database that does not answer fails every caller within one deadline, not two.
interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * `take(k)` answers k values, one for each caller of the batch, in the order they called.
 * `idle` runs whenever the last call has been answered and none waits.
 */
export function coalesced<T>(
  take: (count: number) => Promise<readonly T[]>,
  idle?: () => void,
): () => Promise<T> {
  let waiting: Waiter<T>[] = [];
  let busy = false;

  /** Sends what waits, unless a call is on its way; whether one is on its way now. */
  function flush(): boolean {
    if (busy || waiting.length === 0) return busy;
    busy = true;
    const batch = waiting;
    waiting = [];
    let taken: Promise<readonly T[]>;
    try {
      taken = take(batch.length);
    } catch (error) {
      taken = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    taken
      .then((values) => {
        if (values.length !== batch.length) throw new Error(`${values.length} values for ${batch.length}`);
        batch.forEach((waiter, i) => {
          waiter.resolve(values[i] as T);
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

  return () =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ resolve, reject });
      flush();
    });
}
