// Placing and reading orders. The order and its confirmation text are written together (the
// outbox); the relay sends the text later, so an SMS outage never fails or slows an order.
import { ConflictError, NotFoundError, RefusedError, ValidationError } from '../domain/errors.js';
import {
  dishCount,
  newTextMessage,
  type Charges,
  type Order,
  type OrderLine,
  type Pickup,
} from '../domain/order.js';
import {
  IDEMPOTENCY_KEY,
  mergeLines,
  noteOf,
  orderIdFor,
  priceOrder,
  requestHashOf,
  type RequestedLine,
} from '../domain/ordering.js';
import type { MenuItem } from '../domain/menu.js';
import { isGuest, type Account } from '../domain/user.js';
import type { Store } from '../ports/store.js';
import { linkDigest, PRIVATE_LINK_SECRET } from './private-links.js';
import type { PickupRequest, RestaurantService } from './restaurant.js';

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
    /** When and by whom it is collected; by default as soon as possible, by the account's name. */
    pickup?: { at: Date | null; name?: string | null; note?: string | null };
    /** Where the app is reached (a guest's private link points there unless PUBLIC_URL is set). */
    origin?: string;
  }): Promise<PlacedOrder>;
  /** The caller's own order; anyone else's is "not found" (never "forbidden": ids do not leak). */
  getOwn(args: { user: Account; id: string }): Promise<Order>;
  listOwn(args: { user: Account; limit: number; before?: string }): Promise<Order[]>;
  /** The order a guest's private link leads to, while it works; else "not found", whatever the reason. */
  track(args: { secret: string }): Promise<Order>;
}

export interface OrderingDeps {
  store: Store;
  /** The dishes orders are priced from, by id (the menu service keeps them for a second). */
  dishes: () => Promise<ReadonlyMap<string, MenuItem>>;
  now: () => Date;
  restaurantName: string;
  formatMoney: (minorUnits: number) => string;
  /** A pickup time as the customer reads it in a text ("12:40", or "Tue 8 Dec 12:30" if not today). */
  formatPickupTime: (at: Date, now: Date) => string;
  /**
   * Whether a reply reaches the restaurant (the sandbox, or a sender that is a Vonage number with
   * an inbound URL; an alphanumeric sender cannot be replied to): the text then asks for HERE.
   */
  repliesReachUs: boolean;
  /** Opening hours, pause, pickup slots, the ready estimate, tax. */
  restaurant: Pick<RestaurantService, 'planPickup' | 'charges' | 'noteOrderPlaced'>;
  /** Told about every stored order (live events, the relay's nudge). Failures are its own. */
  onOrderChanged: (order: Order) => void;
  /** Links in texts point here when set (PUBLIC_URL); else at the customer's own origin. */
  publicUrl: string | null;
}

/**
 * The confirmation text: when to come, what to pay, how to say you are here. Plain GSM-7
 * characters (no dashes or quotes beyond ASCII), so that it stays one text of 160.
 */
export function confirmationText(args: {
  restaurantName: string;
  number: string;
  total: string;
  /** "ready around 12:40" or "for pickup Tue 8 Dec 12:30". */
  when: string;
  repliesReachUs: boolean;
}): string {
  const reply = args.repliesReachUs ? ' Reply HERE when you arrive.' : '';
  return `${args.restaurantName}: order #${args.number} received, ${args.when}. Pay at pickup, total ${args.total}.${reply}`;
}

/** A customer's name as the kitchen calls it: a guest's own, else the username before any @. */
const nameOf = (user: Account) =>
  isGuest(user) ? (user.displayName ?? 'Guest') : (user.username.split('@')[0] ?? user.username);

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
    async place({ user, items, idempotencyKey, pickup: wanted, origin }) {
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
      const request: PickupRequest = {
        scheduledFor: wanted?.at ?? null,
        name: noteOf(wanted?.name) ?? nameOf(user),
        note: noteOf(wanted?.note),
      };
      const requestHash = requestHashOf(
        lines,
        wanted ? [request.scheduledFor?.toISOString() ?? null, noteOf(wanted.name), request.note] : [],
      );
      // The key is the order's id: the insert itself finds a repeat (write first, read little).
      const id = orderIdFor(user.id, key);
      const priced = priceOrder(lines, await deps.dishes());
      let plan: { lines: OrderLine[]; pickup: Pickup; charges: Charges };
      try {
        if (!priced.ok) throw new ValidationError(priced.problems, priced.code);
        const [pickup, charges] = await Promise.all([
          deps.restaurant.planPickup(request, dishCount({ items: priced.lines })),
          deps.restaurant.charges(priced.total),
        ]);
        plan = { lines: priced.lines, pickup, charges };
      } catch (error) {
        // A repeat of an order placed before a dish went away, or the kitchen closed, is still that order.
        if (!(error instanceof ValidationError || error instanceof RefusedError)) throw error;
        const existing = await store.orders.get({ id });
        if (existing) return replayOrRefuse(existing, requestHash);
        throw error;
      }

      const at = now();
      const total = plan.charges.subtotal + (plan.charges.taxIncluded ? 0 : plan.charges.tax);
      const number = String(await store.counters.next({ name: 'order-number' }));
      const { scheduledFor, readyBy } = plan.pickup;
      const when = scheduledFor
        ? `for pickup ${deps.formatPickupTime(scheduledFor, at)}`
        : `ready around ${deps.formatPickupTime(readyBy, at)}`;
      // A guest follows the order from a private link in the text, its secret made as it is sent.
      const link = isGuest(user)
        ? `${deps.publicUrl ?? origin ?? ''}/website/track/${PRIVATE_LINK_SECRET}`
        : null;
      const text = confirmationText({
        restaurantName: deps.restaurantName,
        number,
        total: deps.formatMoney(total),
        when,
        repliesReachUs: deps.repliesReachUs,
      });
      const confirmation = newTextMessage({
        id: 'n1',
        to: user.phone,
        text: link ? `${text} Follow it: ${link}` : text,
        at,
      });
      try {
        const order = await store.orders.add({
          id,
          order: {
            userId: user.id,
            customerName: nameOf(user),
            number,
            items: plan.lines,
            total,
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
            charges: plan.charges,
            pickup: plan.pickup,
            messages: [],
          },
        });
        deps.restaurant.noteOrderPlaced(order);
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

    async track({ secret }) {
      const link = await store.trackingLinks.find({ digest: linkDigest(secret) });
      const order = link && link.expiresAt > now() ? await store.orders.get({ id: link.orderId }) : null;
      if (!order) throw new NotFoundError('The order');
      return order;
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
          throw new ValidationError([{ field: 'before', message: 'That is not one of your orders.' }]);
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
