// When orders will be ready, after they were placed: a cook sets a ticket's time by hand, and a
// minute-by-minute look moves later the estimates of ASAP orders the kitchen can no longer make
// (the status page follows live). The customer is texted a later time only when it slips more
// than 10 minutes past what they were last told, and at most twice an order.
import { NotFoundError, RefusedError } from '../domain/errors.js';
import { dishCount, newTextMessage, type Order } from '../domain/order.js';
import { RETEXT_AFTER_MS, slippedReadyTimes } from '../domain/pickup.js';
import type { Account } from '../domain/user.js';
import type { Log } from '../ports/log.js';
import type { Store } from '../ports/store.js';
import { updateOrder } from './order-updates.js';
import type { RestaurantService } from './restaurant.js';

/** A cook's time is at most this far ahead. */
const MAX_HAND_SET_MS = 12 * 3_600_000;

export interface ReadyTimes {
  /** A cook's own ready time for an order not yet ready; 409 for one that is done. */
  setByHand(args: { orderId: string; readyBy: Date; by: Account }): Promise<Order>;
  /** Moves slipped estimates later (texting past 10 minutes); resolves how many moved. */
  revise(): Promise<number>;
}

export interface ReadyTimesDeps {
  store: Store;
  log: Log;
  now: () => Date;
  restaurant: Pick<RestaurantService, 'kitchen'>;
  restaurantName: string;
  formatPickupTime: (at: Date, now: Date) => string;
  onOrderChanged: (order: Order) => void;
}

const UNFINISHED: readonly Order['status'][] = ['received', 'preparing'];
/**
 * "Running late" texts an order may send: an order nobody marks ready (finished but never
 * tapped, or forgotten) keeps moving on the customer's page, but never texts a third time.
 */
export const MAX_LATE_TEXTS = 2;

export function createReadyTimes(deps: ReadyTimesDeps): ReadyTimes {
  const { store, now } = deps;

  /** The order with its new ready time, and a text when it slipped past what the customer was told. */
  function withReadyBy(order: Order, readyBy: Date, byHand: boolean): Order | null {
    const pickup = order.pickup;
    if (!pickup || !UNFINISHED.includes(order.status)) return null;
    const at = now();
    const late = readyBy.getTime() > pickup.toldReadyBy.getTime() + RETEXT_AFTER_MS;
    const phone = order.notifications[0]?.to;
    const lateTexts = order.notifications.filter((n) => n.id.startsWith('late')).length;
    const text =
      late && phone && lateTexts < MAX_LATE_TEXTS
        ? newTextMessage({
            id: `late${lateTexts + 1}`,
            to: phone,
            text: `${deps.restaurantName}: sorry, order #${order.number ?? ''} is running late: now ready around ${deps.formatPickupTime(readyBy, at)}.`,
            at,
          })
        : null;
    return {
      ...order,
      pickup: {
        ...pickup,
        readyBy,
        readyBySetByHand: byHand || pickup.readyBySetByHand,
        toldReadyBy: text ? readyBy : pickup.toldReadyBy,
      },
      notifications: text ? [...order.notifications, text] : order.notifications,
      outboxDueAt: text ? at : order.outboxDueAt,
      lastUpdated: at,
    };
  }

  return {
    async setByHand({ orderId, readyBy, by }) {
      const at = now().getTime();
      if (readyBy.getTime() < at - 60_000 || readyBy.getTime() > at + MAX_HAND_SET_MS) {
        throw new RefusedError('validation_failed', 'Choose a ready time from now to 12 hours ahead.');
      }
      const saved = await updateOrder(store, orderId, (order) => {
        const next = withReadyBy(order, readyBy, true);
        if (!next)
          throw new RefusedError('invalid_transition', 'Only an order not yet ready gets a new ready time.');
        return next;
      });
      if (!saved) throw new NotFoundError('The order');
      deps.log.info({ orderId, by: by.id }, 'ready time set by hand');
      deps.onOrderChanged(saved);
      return saved;
    },

    async revise() {
      const kitchen = await deps.restaurant.kitchen();
      const at = now();
      const queue = kitchen.orders
        // ASAP orders: a scheduled order keeps the slot the customer chose (a cook may move it).
        .filter(
          (order) =>
            UNFINISHED.includes(order.status) &&
            order.pickup !== null &&
            order.pickup.scheduledFor === null &&
            order.pickup.prepareFrom <= at,
        )
        .sort((a, b) => (a.pickup?.prepareFrom.getTime() ?? 0) - (b.pickup?.prepareFrom.getTime() ?? 0))
        .map((order) => ({
          id: order.id,
          items: dishCount(order),
          readyBy: order.pickup?.readyBy ?? at,
          byHand: order.pickup?.readyBySetByHand === true,
        }));
      const slipped = slippedReadyTimes(queue, { now: at, ...kitchen });
      let moved = 0;
      for (const [id, readyBy] of slipped) {
        const saved = await updateOrder(store, id, (order) =>
          order.pickup && !order.pickup.readyBySetByHand && order.pickup.readyBy < readyBy
            ? withReadyBy(order, readyBy, false)
            : null,
        );
        if (saved) {
          moved += 1;
          deps.onOrderChanged(saved);
        }
      }
      return moved;
    },
  };
}
