// Restaurant settings admins change: each a named value in the store, read on every use (so a
// change applies at once on every instance), with a default until first set, and every change
// recorded in the audit log (who, when, before → after).
import type { OrderStatus } from '../domain/order.js';
import type { Account } from '../domain/user.js';
import type { Store } from '../ports/store.js';

export interface Setting<T> {
  get(): Promise<T>;
  /** Read from the store now, past any copy kept: what a change is made from. */
  fresh(): Promise<T>;
  set(args: { by: Account; value: T }): Promise<T>;
}

interface SettingRules<T> {
  key: string;
  /** The stored value as it should be used: the default when never set or no longer valid. */
  read(stored: unknown): T;
  /** The value as it goes into the store and the audit log. */
  describe(value: T): Record<string, unknown>;
}

export function auditedSetting<T>(
  deps: { store: Store; now: () => Date },
  rules: SettingRules<T>,
): Setting<T> {
  const { store, now } = deps;
  const get = async () => rules.read(await store.settings.get({ key: rules.key }));
  return {
    get,
    fresh: get,
    async set({ by, value }) {
      const before = await get();
      const after = rules.read(rules.describe(value));
      const at = now();
      await store.settings.put({ key: rules.key, value: rules.describe(after), at });
      await store.audit.add({
        entry: {
          at,
          actorId: by.id,
          actorName: by.username,
          action: `settings.${rules.key}`,
          target: rules.key,
          before: rules.describe(before),
          after: rules.describe(after),
        },
      });
      return after;
    },
  };
}

/**
 * A setting kept for `ms` on this instance: for values read on the ordering path, where a change
 * may take a second to reach other instances. A change made here applies here at once.
 */
export function keptFor<T>(setting: Setting<T>, ms: number, now: () => Date): Setting<T> {
  let kept: { value: Promise<T>; until: number } | null = null;
  return {
    get() {
      const at = now().getTime();
      if (kept === null || at >= kept.until || at < kept.until - ms) {
        const value = setting.get();
        kept = { value, until: at + ms };
        value.catch(() => {
          kept = null;
        });
      }
      return kept.value;
    },
    async fresh() {
      const value = await setting.fresh();
      kept = { value: Promise.resolve(value), until: now().getTime() + ms };
      return value;
    },
    async set(args) {
      const value = await setting.set(args);
      kept = { value: Promise.resolve(value), until: now().getTime() + ms };
      return value;
    },
  };
}

/** Statuses a customer may be texted about (an order's receipt is always confirmed). */
export const TEXTABLE_STATUSES = ['preparing', 'ready', 'completed', 'cancelled'] as const;
export type TextableStatus = (typeof TEXTABLE_STATUSES)[number];
export const DEFAULT_STATUS_TEXTS: readonly TextableStatus[] = ['ready', 'cancelled'];

/** Which order statuses text the customer. */
export const createStatusTexts = (deps: { store: Store; now: () => Date }) =>
  auditedSetting<TextableStatus[]>(deps, {
    key: 'status-texts',
    read: (stored) => {
      const statuses = (stored as { statuses?: unknown } | null)?.statuses ?? stored;
      if (!Array.isArray(statuses)) return [...DEFAULT_STATUS_TEXTS];
      return TEXTABLE_STATUSES.filter((status) => statuses.includes(status));
    },
    describe: (statuses) => ({ statuses }),
  });

export const asStatusSet = (statuses: readonly TextableStatus[]): ReadonlySet<OrderStatus> =>
  new Set(statuses);

/** When a ticket on the board turns amber, then red (minutes since the order came in). */
export interface TicketTimers {
  warnAfterMinutes: number;
  lateAfterMinutes: number;
}

export const DEFAULT_TICKET_TIMERS: TicketTimers = { warnAfterMinutes: 10, lateAfterMinutes: 20 };

const isMinutes = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 240;

export const createTicketTimers = (deps: { store: Store; now: () => Date }) =>
  auditedSetting<TicketTimers>(deps, {
    key: 'ticket-timers',
    read: (stored) => {
      const { warnAfterMinutes, lateAfterMinutes } = (stored ?? {}) as Partial<Record<string, unknown>>;
      return isMinutes(warnAfterMinutes) && isMinutes(lateAfterMinutes) && warnAfterMinutes < lateAfterMinutes
        ? { warnAfterMinutes, lateAfterMinutes }
        : { ...DEFAULT_TICKET_TIMERS };
    },
    describe: ({ warnAfterMinutes, lateAfterMinutes }) => ({ warnAfterMinutes, lateAfterMinutes }),
  });
