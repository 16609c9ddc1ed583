import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '../../src/server/domain/errors.js';
import type { Store } from '../../src/server/ports/store.js';
import type { MenuService } from '../../src/server/services/menu.js';
import { createStartup } from '../../src/server/services/startup.js';
import { recordingLog } from '../support/logs.js';
import { strictFake } from '../support/strict-fake.js';

const readyStore = strictFake<Store>({ whenReady: () => Promise.resolve() });
/** Stored usernames already folded: nothing to do. */
const usernames = { foldStoredOnce: () => Promise.resolve() };

/** Start-up work whose log nobody reads. */
const quietStartup = (menu: Pick<MenuService, 'seedStarterMenuOnFirstStart'>) =>
  createStartup({ store: readyStore, menu, usernames, log: recordingLog().log, retryDelayMs: 0 });

function menuSeeding(
  outcomes: (number | Error)[],
): Pick<MenuService, 'seedStarterMenuOnFirstStart'> & { calls: number } {
  const service = {
    calls: 0,
    seedStarterMenuOnFirstStart() {
      const outcome = outcomes[service.calls] ?? 0;
      service.calls += 1;
      return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
    },
  };
  return service;
}

describe('start-up', () => {
  it('is done once the starter menu is settled, and says what it seeded', async () => {
    const { log, lines } = recordingLog();
    const startup = createStartup({
      store: readyStore,
      menu: menuSeeding([2]),
      usernames,
      log,
      retryDelayMs: 0,
    });
    expect(startup.isDone()).toBe(false);
    await startup.run();
    expect(startup.isDone()).toBe(true);
    expect(lines.map((l) => l.message)).toEqual(["first start: put the article's dishes on the menu"]);
  });

  it('retries through a database outage until the seed succeeds', async () => {
    const outage = new DependencyUnavailableError('store', 'down');
    const menu = menuSeeding([outage, outage, 0]);
    const { log, lines } = recordingLog();
    const startup = createStartup({ store: readyStore, menu, usernames, log, retryDelayMs: 0 });
    await startup.run();
    expect(menu.calls).toBe(3);
    expect(startup.isDone()).toBe(true);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });

  it('fails at once on anything but an outage (a bug must not be retried forever)', async () => {
    const bug = new TypeError('undefined is not a function');
    const startup = quietStartup(menuSeeding([bug]));
    await expect(startup.run()).rejects.toBe(bug);
    expect(startup.isDone()).toBe(false);
  });

  it('stops retrying once abandoned (shutdown)', async () => {
    const outage = new DependencyUnavailableError('store', 'down');
    const menu = menuSeeding([outage, outage, outage, outage]);
    const startup = quietStartup(menu);
    startup.abandon();
    await startup.run();
    expect(startup.isDone()).toBe(false);
    expect(menu.calls).toBe(0);
  });

  it('runs the work once however often it is asked', async () => {
    const menu = menuSeeding([0]);
    const startup = quietStartup(menu);
    await Promise.all([startup.run(), startup.run()]);
    expect(menu.calls).toBe(1);
  });
});
