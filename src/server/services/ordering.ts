// Placing and reading orders. The order and its confirmation text are written together (the
// outbox); the relay sends the text later, so an SMS outage never fails or slows an order.
import { ConflictError, NotFoundError, RefusedError, ValidationError } from '../domain/errors.js';
import { newTextMessage, type Order } from '../domain/order.js';
import {
  IDEMPOTENCY_KEY,
  mergeLines,
  orderIdFor,
  priceOrder,
  requestHashOf,
  type RequestedLine,
} from '../domain/ordering.js';
import type { MenuItem } from '../domain/menu.js';
import type { Account } from '../domain/user.js';
import type { Store } from '../ports/store.js';

export interface PlacedOrder {
  order: Order;
  /**
   * `true` when the Idempotency-Key had already created this order: no order was stored (an
   * order number was taken for nothing: numbers may skip, never repeat).
   */
  replayed: boolean;
}

export interface OrderingService {
  place(args: {
    user: Account;
    items: readonly (string | RequestedLine)[];
    idempotencyKey: string | undefined;
  }): Promise<PlacedOrder>;
  /** The caller's own order; anyone else's is "not found" (never "forbidden": ids do not leak). */
  getOwn(args: { user: Account; id: string }): Promise<Order>;
  listOwn(args: { user: Account; limit: number; before?: string }): Promise<Order[]>;
}

export interface OrderingDeps {
  store: Store;
  /** The dishes orders are priced from, by id (the menu service keeps them for a second). */
  dishes: () => Promise<ReadonlyMap<string, MenuItem>>;
  now: () => Date;
  restaurantName: string;
  formatMoney: (minorUnits: number) => string;
  /** Told about every stored order (live events, the relay's nudge). Failures are its own. */
  onOrderChanged: (order: Order) => void;
}

export function confirmationText(restaurantName: string, number: string, total: string): string {
  return `${restaurantName}: order #${number} received, total ${total}`;
}

export function createOrderingService(deps: OrderingDeps): OrderingService {
  const { store, now } = deps;

  function replayOrRefuse(existing: Order, requestHash: string): PlacedOrder {
    if (existing.requestHash !== requestHash) {
      throw new RefusedError(
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a different order.',
      );
    }
    return { order: existing, replayed: true };
  }

  return {
    async place({ user, items, idempotencyKey }) {
      if (idempotencyKey === undefined || idempotencyKey === '') {
        throw new RefusedError(
          'idempotency_key_required',
          'Send an Idempotency-Key header (a new UUID per order).',
        );
      }
      if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
        throw new RefusedError('idempotency_key_invalid', 'The Idempotency-Key must be a UUID.');
      }
      const key = idempotencyKey.toLowerCase();
      const lines = mergeLines(items);
      const requestHash = requestHashOf(lines);
      // The key is the order's id: the insert itself finds a repeat (write first, read little).
      const id = orderIdFor(user.id, key);
      const priced = priceOrder(lines, await deps.dishes());
      if (!priced.ok) {
        // A repeat of an order placed before a dish went away is still that order.
        const existing = await store.orders.get({ id });
        if (existing) return replayOrRefuse(existing, requestHash);
        throw new ValidationError(priced.problems, priced.code);
      }

      const at = now();
      const number = String(await store.counters.next({ name: 'order-number' }));
      const confirmation = newTextMessage({
        id: 'n1',
        to: user.phone,
        text: confirmationText(deps.restaurantName, number, deps.formatMoney(priced.total)),
        at,
      });
      try {
        const order = await store.orders.add({
          id,
          order: {
            userId: user.id,
            customerName: user.username.split('@')[0] ?? user.username,
            number,
            items: priced.lines,
            total: priced.total,
            status: 'received',
            statusHistory: [{ status: 'received', at }],
            orderTime: at,
            lastUpdated: at,
            idempotencyKey: key,
            requestHash,
            notifications: [confirmation],
            outboxDueAt: at,
            version: 0,
            statusVersion: 0,
            calls: [],
          },
        });
        deps.onOrderChanged(order);
        return { order, replayed: false };
      } catch (error) {
        // The key was used before, or by a retry racing us: that order is the answer. (Its
        // number was taken for nothing: order numbers may skip, never repeat.)
        if (!(error instanceof ConflictError)) throw error;
        const winner = await store.orders.get({ id });
        if (!winner) throw error;
        return replayOrRefuse(winner, requestHash);
      }
    },

    async getOwn({ user, id }) {
      const order = await store.orders.get({ id });
      if (order?.userId !== user.id) throw new NotFoundError('The order');
      return order;
    },

    async listOwn({ user, limit, before }) {
      let after: { orderTime: Date; id: string } | undefined;
      if (before !== undefined) {
        const last = await store.orders.get({ id: before });
        if (last?.userId !== user.id) {
          throw new ValidationError([{ field: 'before', message: 'is not one of your orders' }]);
        }
        after = { orderTime: last.orderTime, id: last.id };
      }
      return store.orders.listOfUser({
        userId: user.id,
        limit,
        ...(after ? { before: after } : {}),
      });
    },
  };
}
