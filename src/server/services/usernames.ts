// Usernames follow Unicode case folding (H2): `straße` and `STRASSE` are one account. Accounts
// stored before that rule (and the original app's, stored as typed) are folded once per database,
// at start-up. Two accounts whose names fold alike are never merged: the one already holding the
// folded spelling (else the oldest) takes it, each other keeps its own spelling, signs in with it
// exactly as before, and is named in an error line for an admin to sort out.
import { ConflictError } from '../domain/errors.js';
import { normalizeUsername, type User } from '../domain/user.js';
import type { Log } from '../ports/log.js';
import type { Store } from '../ports/store.js';

/** A milestone of the database's life (no `:`, so never forgotten). */
const FOLDED = 'usernames.case-folded';
const PAGE = 500;

type Account = Pick<User, 'id' | 'username' | 'createdAt'>;

export interface UsernameFolding {
  /** Folds every stored username once per database; later calls return at once. */
  foldStoredOnce(): Promise<void>;
}

const oldestFirst = (a: Account, b: Account) =>
  (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0) || a.id.localeCompare(b.id);

export function createUsernameFolding(deps: { store: Store; log: Log; now: () => Date }): UsernameFolding {
  const { store, log, now } = deps;

  async function everyAccount(): Promise<Account[]> {
    const accounts: Account[] = [];
    for (let afterId: string | null = null; ;) {
      const page = await store.users.listUsernames({ afterId, limit: PAGE });
      accounts.push(...page);
      if (page.length < PAGE) return accounts;
      afterId = page.at(-1)?.id ?? null;
    }
  }

  /** Gives the folded spelling to the first account that can take it; the others collide. */
  async function fold(key: string, group: Account[]): Promise<{ renamed: number; collided: number }> {
    let holder = group.find((account) => account.username === key);
    let renamed = 0;
    let collided = 0;
    for (const account of group.filter((a) => a.username !== key).sort(oldestFirst)) {
      if (!holder) {
        try {
          if (await store.users.rename({ id: account.id, username: key, at: now() })) {
            holder = account;
            renamed += 1;
            continue;
          }
        } catch (error) {
          // Another instance folding at the same moment, or an account outside this read.
          if (!(error instanceof ConflictError)) throw error;
        }
      }
      collided += 1;
      log.error(
        { userId: account.id, sameNameAs: holder?.id ?? null },
        'two accounts have usernames that differ only by case or width: not merged; this one keeps its spelling and signs in with it: rename one of them',
      );
    }
    return { renamed, collided };
  }

  return {
    async foldStoredOnce() {
      if (await store.milestones.has({ key: FOLDED })) return;
      const groups = new Map<string, Account[]>();
      for (const account of await everyAccount()) {
        const key = normalizeUsername(account.username);
        groups.set(key, [...(groups.get(key) ?? []), account]);
      }
      let renamed = 0;
      let collided = 0;
      for (const [key, group] of groups) {
        if (group.every((account) => account.username === key)) continue;
        const outcome = await fold(key, group);
        renamed += outcome.renamed;
        collided += outcome.collided;
      }
      await store.milestones.claimOnce({ key: FOLDED, at: now() });
      if (renamed > 0 || collided > 0) log.info({ renamed, collided }, 'stored usernames case-folded');
    },
  };
}
