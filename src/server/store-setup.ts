// Opens the store the configuration names: SQLite by default, MongoDB when a URI is given.
import type { Config } from './config.js';
import type { Log } from './ports/log.js';
import type { Store } from './ports/store.js';
import { createMongoStore } from './store/mongo/index.js';
import { createSqliteStore } from './store/sqlite/index.js';

export function openStore(config: Config, log: Log): Store {
  const store = config.store;
  switch (store.kind) {
    case 'sqlite':
      return createSqliteStore({ file: store.file, log });
    case 'mongodb':
      return createMongoStore({ ...store, log });
  }
}
