// The kitchen's use cases: the board of active orders, and moving an order along — through the
// one state machine, over the version the cook saw (a stale board gets 409, never a silent
// overwrite), leaving the customer's texts in the order's outbox for the relay.
import { NotFoundError, RefusedError } from '../domain/errors.js';
import { instantOf, localDay } from '../domain/opening-hours.js';
import { changeStatus, type StatusMove } from '../domain/order-status.js';
import type { Order, OrderStatus } from '../domain/order.js';
import type { Account } from '../domain/user.js';
import type { Log } from '../ports/log.js';
import type { Store } from '../ports/store.js';
import { updateOrder } from './order-updates.js';

/** The board shows at most this many active orders. */
export const BOARD_LIMIT = 200;
/** "Done today" lists at most this many orders, the latest first. */
export const DONE_TODAY_LIMIT = 500;

export interface KitchenService {
  board(): Promise<Order[]>;
  /** Orders picked up or cancelled since the restaurant's midnight, the latest first. */
  doneToday(): Promise<Order[]>;
  move(args: { orderId: string; move: StatusMove; version: number; by: Account }): Promise<Order>;
}

export interface KitchenDeps {
  store: Store;
  log: Log;
  now: () => Date;
  /** Statuses that text the customer, as the restaurant set them now. */
  textOn: () => Promise<ReadonlySet<OrderStatus>>;
  restaurantName: string;
  /** The restaurant's time zone: where "today" starts. */
  timeZone: string;
  onOrderChanged: (order: Order) => void;
}

export function statusText(
  restaurantName: string,
  order: Order,
  status: OrderStatus,
  reason: string | null,
): string {
  const number = order.number ?? '';
  switch (status) {
    case 'ready':
      return `${restaurantName}: order #${number} is ready for pickup`;
    case 'cancelled':
      return `${restaurantName}: sorry, order #${number} was cancelled${reason ? ` (${reason})` : ''}`;
    case 'preparing':
      return `${restaurantName}: order #${number} is being prepared`;
    case 'completed':
      return `${restaurantName}: order #${number} is complete. Thank you!`;
    case 'received':
      return `${restaurantName}: order #${number} received`;
  }
}

export function createKitchenService(deps: KitchenDeps): KitchenService {
  const { store, now } = deps;
  return {
    async board() {
      return store.orders.listActive({ limit: BOARD_LIMIT });
    },

    async doneToday() {
      const today = localDay(now(), deps.timeZone).date;
      const since = instantOf(Date.parse(`${today}T00:00:00Z`), deps.timeZone);
      return store.orders.listFinishedSince({ since, limit: DONE_TODAY_LIMIT });
    },

    async move({ orderId, move, version, by }) {
      const stale = () =>
        new RefusedError(
          'version_conflict',
          'The order changed since your board showed it: it has been refreshed.',
        );
      // The relay may write the order meanwhile (a text sent): re-read and re-applied then. Only
      // another status move makes the cook's view stale.
      let status: OrderStatus = 'received';
      const moved = await updateOrder(store, orderId, async (order) => {
        if (order.statusVersion !== version) throw stale();
        const customer = await store.users.get({ id: order.userId });
        const result = changeStatus(order, move, {
          at: now(),
          textOn: await deps.textOn(),
          phone: customer?.phone ?? null,
          textFor: (o, to, reason) => statusText(deps.restaurantName, o, to, reason),
        });
        if (!result.ok) {
          throw new RefusedError('invalid_transition', `Not possible: ${result.problem.message}.`);
        }
        status = result.status;
        return result.order;
      });
      if (!moved) throw new NotFoundError('The order');
      deps.log.info({ orderId, by: by.id, move: move.kind, status }, 'order status changed');
      // Every board hears of the move at once, whatever becomes of its audit line.
      deps.onOrderChanged(moved);
      if (move.kind === 'reopen') {
        // Bringing an order back changes the day's figures: who did it is kept.
        await store.audit.add({
          entry: {
            at: now(),
            actorId: by.id,
            actorName: by.username,
            action: 'order.reopen',
            target: orderId,
            before: { status: 'completed', number: moved.number },
            after: { status: 'ready', number: moved.number },
          },
        });
      }
      return moved;
    },
  };
}

/** For routes: a reason is needed to cancel, and only there. */
export function moveFrom(body: {
  move: 'advance' | 'recall' | 'reopen' | 'cancel';
  reason?: string | undefined;
}): StatusMove {
  if (body.move !== 'cancel') return { kind: body.move };
  const reason = body.reason?.trim();
  if (!reason)
    throw new RefusedError('validation_failed', 'Say why the order is cancelled: the customer is told.');
  return { kind: 'cancel', reason };
}
