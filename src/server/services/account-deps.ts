// What every service that handles accounts and texts codes or links needs.
import type { PhonePolicy } from '../domain/phone.js';
import type { Comms } from '../ports/comms.js';
import type { Log } from '../ports/log.js';
import type { Store } from '../ports/store.js';
import type { Limiter } from './limiter.js';
import type { TextBudget } from './text-budget.js';

export interface AccountDeps {
  store: Store;
  comms: Comms;
  limiter: Limiter;
  /** The restaurant's ceilings on texts (H5). */
  budget: TextBudget;
  log: Log;
  now: () => Date;
  phonePolicy: PhonePolicy;
  allowedCountries: readonly string[];
}
