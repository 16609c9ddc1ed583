// The one way an order changes: compare-and-set on its `version`, re-read and re-applied when
// another write came first (the relay marking a text sent, a cook's tap, a support call).
import { ConflictError } from '../domain/errors.js';
import type { Order } from '../domain/order.js';
import type { Store } from '../ports/store.js';

/** Writes that may come first before a change gives up: more means someone writes in a loop. */
export const ORDER_UPDATE_ATTEMPTS = 8;

/**
 * Applies `change` to the order as stored and writes it if nobody wrote meanwhile, else tries
 * again on a fresh read. `change` answers the new order, or `null` for nothing to do (it may
 * throw to refuse). Resolves the order as saved (its version bumped, the delivery reports
 * recorded meanwhile folded in), or `null` when there was no such order or nothing to do; a
 * ConflictError (409) when other writes kept coming first.
 * `known`: the order as the caller just read or wrote it, tried first without a read (one
 * command when nobody wrote since).
 */
export async function updateOrder(
  store: Store,
  id: string,
  change: (order: Order) => Order | null | Promise<Order | null>,
  known?: Order,
): Promise<Order | null> {
  for (let attempt = 0; attempt < ORDER_UPDATE_ATTEMPTS; attempt += 1) {
    const guess = attempt === 0 && known?.id === id;
    const current = guess ? known : await store.orders.get({ id });
    if (!current) return null;
    const next = await change(current);
    // Nothing to do, as far as the caller's copy says: the stored order has the last word.
    if (!next && guess) continue;
    if (!next) return null;
    const saved = await store.orders.update({ order: next, expectedVersion: current.version });
    if (saved) return saved;
  }
  throw new ConflictError('The order is changing right now: try again.');
}
