// Counting the database commands an operation sends (MongoDB's command monitoring, through the
// store's `commandsSent`), to hold the command budgets of docs/mongodb.md.
import type { Store } from '../../src/server/ports/store.js';

/** The commands sent while `work` ran, by "command collection", and their total. */
export async function commandsDuring(
  store: Store,
  work: () => Promise<unknown>,
): Promise<{ total: number; byCommand: Record<string, number> }> {
  const sent = store.commandsSent;
  if (!sent) throw new Error(`the ${store.kind} store sends no database commands`);
  const before = new Map(sent());
  await work();
  const byCommand: Record<string, number> = {};
  let total = 0;
  for (const [key, count] of sent()) {
    const delta = count - (before.get(key) ?? 0);
    if (delta === 0) continue;
    byCommand[key] = delta;
    total += delta;
  }
  return { total, byCommand };
}
