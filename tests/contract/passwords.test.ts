// Password hashing through the low-priority hash workers.
import { describe, expect, it } from 'vitest';
import { createHashWorkers } from '../../src/server/infrastructure/hash-workers.js';
import { checkPassword, hashPassword } from '../../src/server/infrastructure/passwords.js';

describe('password hashing', () => {
  it('hashes with argon2id at OWASP parameters and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await checkPassword(stored, 'correct horse battery staple')).toEqual({
      ok: true,
      needsRehash: false,
    });
    expect(await checkPassword(stored, 'Correct horse battery staple')).toEqual({
      ok: false,
      needsRehash: false,
    });
  });

  it('runs as many hashes at once as it has slots, and refuses more', async () => {
    const workers = createHashWorkers(2);
    const options = { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 };
    const two = [workers.hash('one', options), workers.hash('two', options)];
    await expect(workers.hash('three', options)).rejects.toThrow(/more than 2 password hashes at once/);
    const [one] = await Promise.all(two);
    expect(await workers.verify(one ?? '', 'one')).toBe(true);
    expect(await workers.verify(one ?? '', 'two')).toBe(false);
  });

  it('ends a worker left idle, and starts another for the next hash', async () => {
    const workers = createHashWorkers(1, 50);
    const options = { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 };
    expect(workers.running()).toBe(0);
    const first = await workers.hash('one', options);
    expect(workers.running()).toBe(1);
    await expect.poll(() => workers.running()).toBe(0);
    expect(await workers.verify(first, 'one')).toBe(true);
    expect(workers.running()).toBe(1);
  });

  it('never hands a hash to a worker on its way out', async () => {
    // Workers end 1 ms after each hash: the next one often arrives just as one is ending.
    const workers = createHashWorkers(1, 1);
    const options = { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 };
    for (let i = 0; i < 8; i += 1) {
      await expect(workers.hash(`password ${i}`, options)).resolves.toMatch(/^\$argon2id\$/);
      await new Promise((resolve) => setTimeout(resolve, i % 3));
    }
  });

  it('turns a broken stored hash into a refusal, not a crash', async () => {
    const workers = createHashWorkers(1);
    await expect(workers.verify('$argon2id$broken', 'anything')).rejects.toThrow();
    expect(await checkPassword('$argon2id$broken', 'anything')).toEqual({ ok: false, needsRehash: false });
  });
});
