// What must happen once the database answers, before this instance takes traffic: the
// first-start menu, and usernames stored before they were case-folded. Retried through outages;
// `/readyz` stays 503 until it is done.
import { setTimeout as sleep } from 'node:timers/promises';
import { DependencyUnavailableError } from '../domain/errors.js';
import type { Log } from '../ports/log.js';
import type { Store } from '../ports/store.js';
import type { MenuService } from './menu.js';
import type { UsernameFolding } from './usernames.js';

const RETRY_DELAY_MS = 1000;

export interface Startup {
  /** Resolves when done; rejects only on a bug (anything but the database being unavailable). */
  run(): Promise<void>;
  isDone(): boolean;
  /** Stops retrying (shutdown). */
  abandon(): void;
}

export function createStartup(deps: {
  store: Store;
  menu: Pick<MenuService, 'seedStarterMenuOnFirstStart'>;
  usernames: UsernameFolding;
  log: Log;
  /** Pause between attempts while the database is unavailable. */
  retryDelayMs?: number;
}): Startup {
  const { store, menu, usernames, log, retryDelayMs = RETRY_DELAY_MS } = deps;
  let done = false;
  let abandoned = false;
  let running: Promise<void> | undefined;

  async function attempt(): Promise<void> {
    await store.whenReady();
    while (!abandoned) {
      try {
        const seeded = await menu.seedStarterMenuOnFirstStart();
        if (seeded > 0) log.info({ dishes: seeded }, "first start: put the article's dishes on the menu");
        await usernames.foldStoredOnce();
        done = true;
        return;
      } catch (error) {
        if (!(error instanceof DependencyUnavailableError)) throw error;
        log.warn({ err: error }, 'start-up waits for the database');
        await sleep(retryDelayMs);
      }
    }
  }

  return {
    run: () => (running ??= attempt()),
    isDone: () => done,
    abandon: () => {
      abandoned = true;
    },
  };
}
