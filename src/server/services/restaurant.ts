// The restaurant at the counter: its profile and the kitchen's switches (audited settings), where
// it stands now (open, closing, paused), the pickup slots it offers, the ready estimate it gives,
// and the pickup plan of a new order — refused with a stable code when it cannot be kept.
import { RefusedError } from '../domain/errors.js';
import { moneyLines } from '../../contract/money.js';
import { openingState, openingsFrom, localDay, type OpeningState } from '../domain/opening-hours.js';
import { dishCount, readyAtOf, type Charges, type Order, type Pickup } from '../domain/order.js';
import {
  estimateMs,
  kitchenPace,
  PACE_WINDOW_MS,
  pickupSlots,
  slotOf,
  slotTakes,
  type PaceSample,
  type PickupSlot,
} from '../domain/pickup.js';
import {
  DEFAULT_PROFILE,
  isPaused,
  NOT_PAUSED,
  scheduleOf,
  type OrderingPause,
  type RestaurantProfile,
} from '../domain/restaurant.js';
import type { Store } from '../ports/store.js';
import { auditedSetting, keptFor, type Setting } from './settings.js';

/** How long an instance keeps what it read: a change made on another instance shows within this. */
const SETTINGS_KEPT_MS = 1000;
/** The board as the estimate sees it is at most this old (orders placed here are added at once). */
const BOARD_KEPT_MS = 2000;
/** The kitchen's pace changes slowly: read again at most this often. */
const PACE_KEPT_MS = 30_000;
const BOARD_LIMIT = 500;
const PACE_SAMPLES = 40;

export interface RestaurantNow {
  at: Date;
  opening: OpeningState;
  /** Orders for as soon as possible are taken: open, before the cut-off, not paused. */
  takingOrders: boolean;
  today: { opens: Date; closes: Date }[];
  pause: OrderingPause;
  /** Minutes until an order of one dish placed now would be ready. */
  estimateMinutes: number;
}

export interface PickupOptions {
  asap: { available: boolean; readyAround: Date | null };
  slots: (PickupSlot & { full: boolean })[];
}

export interface PickupRequest {
  /** The chosen slot; `null`: as soon as possible. */
  scheduledFor: Date | null;
  name: string;
  note: string | null;
}

export interface RestaurantService {
  profile: Setting<RestaurantProfile>;
  pause: Setting<OrderingPause>;
  now(): Promise<RestaurantNow>;
  pickupOptions(dishes: number): Promise<PickupOptions>;
  /** The pickup of a new order of `dishes` dishes, or a RefusedError (closed, paused, slot taken). */
  planPickup(request: PickupRequest, dishes: number): Promise<Pickup>;
  /** Subtotal, tax and total of a new order, by the profile's tax setting. */
  charges(subtotal: number): Promise<Charges>;
  /** Told of every order placed on this instance: the next estimate counts it at once. */
  noteOrderPlaced(order: Order): void;
  /** The board (kept 2 s), the kitchen's learned pace, and since when it works on what is ahead. */
  kitchen(): Promise<{ orders: readonly Order[]; msPerItem: number | null; workingSince: Date | null }>;
}

export interface RestaurantDeps {
  store: Store;
  now: () => Date;
  timeZone: string;
}

function readProfile(stored: unknown): RestaurantProfile {
  const candidate = stored as Partial<RestaurantProfile> | null;
  if (!candidate || typeof candidate !== 'object' || !candidate.hours?.weekly || !candidate.tax) {
    return DEFAULT_PROFILE;
  }
  return { ...DEFAULT_PROFILE, ...candidate };
}

function readPause(stored: unknown): OrderingPause {
  const candidate = (stored ?? {}) as Partial<Record<keyof OrderingPause, unknown>>;
  const until = typeof candidate.until === 'string' ? new Date(candidate.until) : null;
  return {
    paused: candidate.paused === true,
    until: until && !Number.isNaN(until.getTime()) ? until : null,
    busyMinutes:
      typeof candidate.busyMinutes === 'number' && Number.isInteger(candidate.busyMinutes)
        ? Math.min(120, Math.max(0, candidate.busyMinutes))
        : 0,
  };
}

/** When the kitchen could start an order: when it came in, or its scheduled start if later. */
const startOf = (order: Order): Date =>
  order.pickup && order.pickup.prepareFrom > order.orderTime ? order.pickup.prepareFrom : order.orderTime;

export function createRestaurantService(deps: RestaurantDeps): RestaurantService {
  const { store, now, timeZone } = deps;
  const profile = keptFor(
    auditedSetting<RestaurantProfile>(deps, {
      key: 'restaurant-profile',
      read: readProfile,
      describe: (value) => ({ ...value }),
    }),
    SETTINGS_KEPT_MS,
    now,
  );
  const pause = keptFor(
    auditedSetting<OrderingPause>(deps, {
      key: 'ordering-pause',
      read: readPause,
      describe: ({ paused, until, busyMinutes }) => ({
        paused,
        until: until?.toISOString() ?? null,
        busyMinutes,
      }),
    }),
    SETTINGS_KEPT_MS,
    now,
  );

  let board: { orders: Order[]; until: number } | null = null;
  let pace: { samples: PaceSample[]; until: number } | null = null;

  async function boardNow(at: number): Promise<Order[]> {
    if (board === null || at >= board.until || at < board.until - BOARD_KEPT_MS) {
      board = { orders: await store.orders.listActive({ limit: BOARD_LIMIT }), until: at + BOARD_KEPT_MS };
    }
    return board.orders;
  }

  async function samplesNow(at: number): Promise<PaceSample[]> {
    if (pace === null || at >= pace.until || at < pace.until - PACE_KEPT_MS) {
      const ready = await store.orders.listReadySince({
        since: new Date(at - PACE_WINDOW_MS),
        limit: PACE_SAMPLES,
      });
      const samples = ready.flatMap((order) => {
        const readyAt = readyAtOf(order);
        return readyAt ? [{ startAt: startOf(order), readyAt, items: dishCount(order) }] : [];
      });
      pace = { samples, until: at + PACE_KEPT_MS };
    }
    return pace.samples;
  }

  /** What the kitchen has in hand at `at`: its pace, the dishes ahead of a new order, since when it works on them. */
  async function kitchenAt(at: Date) {
    const [orders, samples] = await Promise.all([boardNow(at.getTime()), samplesNow(at.getTime())]);
    const ahead = orders.filter(
      (order) => (order.status === 'received' || order.status === 'preparing') && startOf(order) <= at,
    );
    const readyTimes = [
      ...samples.map((s) => s.readyAt.getTime()),
      ...orders.map((o) => readyAtOf(o)?.getTime() ?? -Infinity),
    ];
    const lastReady = Math.max(-Infinity, ...readyTimes);
    const oldestStart = Math.min(Infinity, ...ahead.map((o) => startOf(o).getTime()));
    const workingSince = Number.isFinite(oldestStart) ? new Date(Math.max(lastReady, oldestStart)) : null;
    return {
      orders,
      msPerItem: kitchenPace(samples, at),
      itemsAhead: ahead.reduce((sum, order) => sum + dishCount(order), 0),
      workingSince,
    };
  }

  async function asapMs(at: Date, dishes: number, busyMinutes: number, defaultMinutes: number) {
    const kitchen = await kitchenAt(at);
    return {
      kitchen,
      ms: estimateMs({ now: at, items: dishes, busyMinutes, defaultMinutes, ...kitchen }),
    };
  }

  async function current() {
    const at = now();
    const [settings, switches] = await Promise.all([profile.get(), pause.get()]);
    const schedule = scheduleOf(settings, timeZone);
    const effective = isPaused(switches, at)
      ? switches
      : { ...NOT_PAUSED, busyMinutes: switches.busyMinutes };
    return { at, settings, schedule, pause: effective };
  }

  /** Slots an order of `dishes` could take, each marked full or not by the scheduled orders on the board. */
  function slotsFor(
    ctx: Awaited<ReturnType<typeof current>>,
    orders: readonly Order[],
    earliest: Date,
    dishes: number,
  ) {
    const load = new Map<number, { orders: number; items: number }>();
    for (const order of orders) {
      const scheduled = order.pickup?.scheduledFor;
      if (!scheduled || order.status === 'cancelled') continue;
      const slot = load.get(slotOf(scheduled)) ?? { orders: 0, items: 0 };
      load.set(slotOf(scheduled), { orders: slot.orders + 1, items: slot.items + dishCount(order) });
    }
    return pickupSlots(ctx.schedule, ctx.at, earliest).map((slot) => ({
      ...slot,
      full: !slotTakes(
        load.get(slot.at.getTime()) ?? { orders: 0, items: 0 },
        ctx.settings.slotCapacity,
        dishes,
      ),
    }));
  }

  return {
    profile,
    pause,

    async now() {
      const ctx = await current();
      const opening = openingState(ctx.schedule, ctx.at);
      const today = localDay(ctx.at, timeZone).date;
      const { ms } = await asapMs(ctx.at, 1, ctx.pause.busyMinutes, ctx.settings.defaultPrepMinutes);
      return {
        at: ctx.at,
        opening,
        takingOrders: opening.takingOrders && !ctx.pause.paused,
        today: openingsFrom(ctx.schedule, ctx.at, 1)
          .filter(
            (o) => localDay(o.opens, timeZone).date === today || localDay(o.closes, timeZone).date === today,
          )
          .map(({ opens, closes }) => ({ opens, closes })),
        pause: ctx.pause,
        estimateMinutes: Math.ceil(ms / 60_000),
      };
    },

    async pickupOptions(dishes) {
      const ctx = await current();
      const { kitchen, ms } = await asapMs(
        ctx.at,
        dishes,
        ctx.pause.busyMinutes,
        ctx.settings.defaultPrepMinutes,
      );
      const asapAvailable = !ctx.pause.paused && openingState(ctx.schedule, ctx.at).takingOrders;
      const readyAround = new Date(Math.ceil((ctx.at.getTime() + ms) / 60_000) * 60_000);
      return {
        asap: { available: asapAvailable, readyAround: asapAvailable ? readyAround : null },
        slots: ctx.pause.paused ? [] : slotsFor(ctx, kitchen.orders, readyAround, dishes),
      };
    },

    async planPickup(request, dishes) {
      const ctx = await current();
      if (ctx.pause.paused) {
        const until = ctx.pause.until ? ' for a few minutes' : ' for now';
        throw new RefusedError(
          'ordering_paused',
          `The kitchen has paused online orders${until}: please try again soon.`,
        );
      }
      const defaults = {
        busyMinutes: ctx.pause.busyMinutes,
        defaultMinutes: ctx.settings.defaultPrepMinutes,
      };
      const { kitchen, ms } = await asapMs(ctx.at, dishes, defaults.busyMinutes, defaults.defaultMinutes);
      const readyAround = new Date(Math.ceil((ctx.at.getTime() + ms) / 60_000) * 60_000);
      const base = { name: request.name, note: request.note, readyBySetByHand: false };
      if (request.scheduledFor === null) {
        if (!openingState(ctx.schedule, ctx.at).takingOrders) {
          throw new RefusedError(
            'restaurant_closed',
            'The restaurant is not taking orders for now: choose a pickup time when it is open.',
          );
        }
        return {
          ...base,
          scheduledFor: null,
          prepareFrom: ctx.at,
          readyBy: readyAround,
          toldReadyBy: readyAround,
        };
      }
      const wanted = request.scheduledFor.getTime();
      const slot = slotsFor(ctx, kitchen.orders, readyAround, dishes).find((s) => s.at.getTime() === wanted);
      if (!slot || slot.full) {
        throw new RefusedError(
          'slot_unavailable',
          slot
            ? 'That pickup time is fully booked: choose another.'
            : 'That pickup time cannot be chosen: choose another.',
        );
      }
      // Its own work only: when it starts, the kitchen has it in hand.
      const ownMs = estimateMs({
        now: ctx.at,
        items: dishes,
        itemsAhead: 0,
        msPerItem: kitchen.msPerItem,
        ...defaults,
      });
      const prepareFrom = new Date(Math.max(ctx.at.getTime(), wanted - ownMs));
      return { ...base, scheduledFor: slot.at, prepareFrom, readyBy: slot.at, toldReadyBy: slot.at };
    },

    async charges(subtotal) {
      const settings = await profile.get();
      const { tax } = moneyLines(subtotal, settings.tax);
      return { subtotal, tax, taxIncluded: settings.tax.included, payment: settings.payment };
    },

    kitchen: () => kitchenAt(now()),

    noteOrderPlaced(order) {
      if (board && !board.orders.some((o) => o.id === order.id)) board.orders = [...board.orders, order];
    },
  };
}

/**
 * A pickup time as a text message says it, in the restaurant's zone and locale: "12:40" today,
 * "Tue 8 Dec 12:30" on another day.
 */
export function pickupTimeFormat(locale: string, timeZone: string): (at: Date, now: Date) => string {
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' });
  const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short' });
  return (at, now) => {
    const sameDay = localDay(at, timeZone).date === localDay(now, timeZone).date;
    return sameDay ? time.format(at) : `${day.format(at).replace(/,/g, '')} ${time.format(at)}`;
  };
}
