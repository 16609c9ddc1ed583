// What a test run may do without a tool it needs: fail under CI=true, skip loudly elsewhere.

export const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false';

/**
 * Call when `what` is missing. Under CI it throws (nothing may skip there); locally it prints a
 * banner nobody can miss, and the caller skips its suite.
 */
export function missingForTests(what: string, howToGetIt: string): false {
  if (IN_CI) throw new Error(`CI=true but ${what} is missing: ${howToGetIt}`);
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! SKIPPING: ${what} is missing.\n!! ${howToGetIt}\n${bar}\n`);
  return false;
}
