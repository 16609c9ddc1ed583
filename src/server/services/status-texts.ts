// Which order statuses text the customer: a restaurant setting admins change (audited).
import type { OrderStatus } from '../domain/order.js';
import type { User } from '../domain/user.js';
import type { Store } from '../ports/store.js';

const KEY = 'status-texts';
/** Statuses a customer may be texted about (an order's receipt is always confirmed). */
export const TEXTABLE_STATUSES = ['preparing', 'ready', 'completed', 'cancelled'] as const;
export type TextableStatus = (typeof TEXTABLE_STATUSES)[number];
export const DEFAULT_STATUS_TEXTS: readonly TextableStatus[] = ['ready', 'cancelled'];

export interface StatusTexts {
  get(): Promise<TextableStatus[]>;
  set(args: { by: User; statuses: readonly TextableStatus[] }): Promise<TextableStatus[]>;
}

function fromStored(value: unknown): TextableStatus[] {
  if (!Array.isArray(value)) return [...DEFAULT_STATUS_TEXTS];
  return TEXTABLE_STATUSES.filter((status) => value.includes(status));
}

export function createStatusTexts(deps: { store: Store; now: () => Date }): StatusTexts {
  const { store, now } = deps;
  const get = async () => fromStored(await store.settings.get({ key: KEY }));
  return {
    get,
    async set({ by, statuses }) {
      const before = await get();
      const after = TEXTABLE_STATUSES.filter((status) => statuses.includes(status));
      const at = now();
      await store.settings.put({ key: KEY, value: after, at });
      await store.audit.add({
        entry: {
          at,
          actorId: by.id,
          actorName: by.username,
          action: 'settings.status-texts',
          target: KEY,
          before: { statuses: before },
          after: { statuses: after },
        },
      });
      return after;
    },
  };
}

export const asStatusSet = (statuses: readonly TextableStatus[]): ReadonlySet<OrderStatus> =>
  new Set(statuses);
