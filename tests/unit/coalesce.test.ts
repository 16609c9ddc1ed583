import { describe, expect, it } from 'vitest';
import { batched, coalesced } from '../../src/server/store/mongo/coalesce.js';

/** A `take` whose calls stay open until the test settles them. */
function controlledTake() {
  const calls: { count: number; settle: (values: number[] | Error) => void }[] = [];
  let next = 1;
  const take = (count: number) =>
    new Promise<number[]>((resolve, reject) => {
      calls.push({
        count,
        settle: (values) => {
          if (values instanceof Error) reject(values);
          else resolve(values);
        },
      });
    });
  const answer = (i: number) => {
    const call = calls[i];
    if (!call) throw new Error(`no call ${i}`);
    call.settle(Array.from({ length: call.count }, () => next++));
  };
  return { calls, take, answer };
}

const flushPromises = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesced calls', () => {
  it('sends a lone call at once', async () => {
    const { calls, take, answer } = controlledTake();
    const one = coalesced(take)();
    expect(calls.map((c) => c.count)).toEqual([1]);
    answer(0);
    expect(await one).toBe(1);
  });

  it('sends the calls made during a round trip together as the next one, answered in order', async () => {
    const { calls, take, answer } = controlledTake();
    const next = coalesced(take);
    const first = next();
    const waiting = [next(), next(), next()];
    expect(calls.map((c) => c.count)).toEqual([1]);
    answer(0);
    await flushPromises();
    expect(calls.map((c) => c.count)).toEqual([1, 3]);
    answer(1);
    expect(await first).toBe(1);
    expect(await Promise.all(waiting)).toEqual([2, 3, 4]);
  });

  it('fails every call of a failed batch and those waiting for it, and serves later calls afresh', async () => {
    const { calls, take, answer } = controlledTake();
    const next = coalesced(take);
    const first = next();
    const waiting = [next(), next()];
    calls[0]?.settle(new Error('database down'));
    await expect(first).rejects.toThrow('database down');
    // Those that waited for the failed call do not try again: they would wait a second deadline.
    for (const call of waiting) await expect(call).rejects.toThrow('database down');
    expect(calls.map((c) => c.count)).toEqual([1]);
    const later = next();
    await flushPromises();
    expect(calls.map((c) => c.count)).toEqual([1, 1]);
    answer(1);
    expect(await later).toBe(1);
  });

  it('fails the callers of a take that throws instead of answering', async () => {
    const next = coalesced<number>(() => {
      throw new Error('not even sent');
    });
    await expect(next()).rejects.toThrow('not even sent');
    await expect(next()).rejects.toThrow('not even sent');
  });

  it('fails a batch answered with too few values instead of leaving a caller waiting', async () => {
    const next = coalesced(() => Promise.resolve([7]));
    const hold = next();
    const pair = [next(), next()];
    expect(await hold).toBe(7);
    for (const call of pair) await expect(call).rejects.toThrow('1 values for 2');
  });

  it('says when it falls idle: the last call answered and none waiting', async () => {
    const { calls, take, answer } = controlledTake();
    let idle = 0;
    const next = coalesced(take, () => (idle += 1));
    const first = next();
    const second = next();
    answer(0);
    expect(await first).toBe(1);
    // The second call is on its way now: not idle yet.
    expect(idle).toBe(0);
    await flushPromises();
    answer(1);
    expect(await second).toBe(2);
    await flushPromises();
    expect(idle).toBe(1);
    expect(calls.map((c) => c.count)).toEqual([1, 1]);
  });

  it('hands each caller of a batch its own answer: a value, or an error of its own', async () => {
    const sent: string[][] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const insert = batched<string, string>(async (names) => {
      sent.push([...names]);
      if (sent.length === 1) await held;
      return names.map((name) =>
        name === 'taken' ? { error: new Error(`${name} is taken`) } : { value: `${name} ok` },
      );
    });
    const first = insert('first');
    const rest = [insert('ann'), insert('taken'), insert('bob')];
    release();
    expect(await first).toBe('first ok');
    await expect(rest[0]).resolves.toBe('ann ok');
    await expect(rest[1]).rejects.toThrow('taken is taken');
    await expect(rest[2]).resolves.toBe('bob ok');
    expect(sent).toEqual([['first'], ['ann', 'taken', 'bob']]);
  });
});
