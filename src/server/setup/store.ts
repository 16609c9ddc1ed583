// Opens the store the configuration names: SQLite by default, MongoDB when a URI is given. The
// MongoDB driver is loaded only when it is used: its BSON serializer alone keeps a 17 MB buffer.
import type { Config } from '../config/config.js';
import type { Log } from '../ports/log.js';
import type { Store } from '../ports/store.js';
import { createSqliteStore } from '../store/sqlite/index.js';

export async function openStore(config: Config, log: Log): Promise<Store> {
  const store = config.store;
  switch (store.kind) {
    case 'sqlite':
      return createSqliteStore({ file: store.file, log });
    case 'mongodb': {
      const { createMongoStore } = await import('../store/mongo/index.js');
      // Counted only where someone reads the counts (`/metrics`).
      return createMongoStore({ ...store, log, countCommands: config.exposeMetrics });
    }
  }
}
