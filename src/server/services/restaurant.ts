// The restaurant at the counter: its profile and the kitchen's switches (audited settings), where
// it stands now (open, closing, paused), the pickup slots it offers, the ready estimate it gives,
// and the pickup plan of a new order — refused with a stable code when it cannot be kept.
import { RefusedError } from '../domain/errors.js';
import { moneyLines } from '../../contract/money.js';
import {
  localDay,
  openingsFrom,
  stateAmong,
  type Opening,
  type OpeningSchedule,
  type OpeningState,
} from '../domain/opening-hours.js';
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
  type SlotLoad,
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

/**
 * The board as the estimate and the pickup slots use it, summed once per read (not once per
 * order: a rush must not scan the whole board for every order it places).
 */
interface KitchenLoad {
  /** As read: what the estimate revision looks at. */
  orders: readonly Order[];
  /** Dishes of the unfinished orders already started when read, and the earliest start among them. */
  dishesAhead: number;
  oldestStart: number;
  /** Unfinished orders not started yet when read (scheduled ones): they join the work at their start. */
  later: { startAt: number; dishes: number }[];
  /** The latest ready time on the board. */
  lastReady: number;
  /** Scheduled orders by slot. */
  slots: Map<number, SlotLoad>;
}

/** An order added to a load: its dishes to the work ahead (or later), and to its slot. */
function withOrder(load: KitchenLoad, order: Order, readAt: number): KitchenLoad {
  const next = { ...load, later: [...load.later], slots: new Map(load.slots) };
  if (order.status === 'received' || order.status === 'preparing') {
    const startAt = startOf(order).getTime();
    if (startAt <= readAt) {
      next.dishesAhead += dishCount(order);
      next.oldestStart = Math.min(next.oldestStart, startAt);
    } else next.later.push({ startAt, dishes: dishCount(order) });
  }
  next.lastReady = Math.max(next.lastReady, readyAtOf(order)?.getTime() ?? -Infinity);
  const scheduled = order.pickup?.scheduledFor;
  if (scheduled && order.status !== 'cancelled') {
    const slot = next.slots.get(slotOf(scheduled)) ?? { orders: 0, items: 0 };
    next.slots.set(slotOf(scheduled), { orders: slot.orders + 1, items: slot.items + dishCount(order) });
  }
  return next;
}

function loadOf(orders: readonly Order[], readAt: number): KitchenLoad {
  let load: KitchenLoad = {
    orders,
    dishesAhead: 0,
    oldestStart: Infinity,
    later: [],
    lastReady: -Infinity,
    slots: new Map(),
  };
  for (const order of orders) load = withOrder(load, order, readAt);
  return load;
}

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

  /**
   * The board and the pace as last read, shared by every request. Past `ms` the last value is
   * still answered while one read brings the next (a rush never waits for, nor piles up, reads of
   * the whole board); only the very first read is waited for.
   */
  function kept<T>(ms: number, read: (at: number) => Promise<T>) {
    let last: { value: T; at: number } | null = null;
    let inFlight: Promise<T> | null = null;
    const refresh = (at: number): Promise<T> => {
      inFlight ??= read(at).then(
        (value) => {
          last = { value, at };
          inFlight = null;
          return value;
        },
        (error: unknown) => {
          inFlight = null;
          throw error;
        },
      );
      return inFlight;
    };
    return {
      get(at: number): Promise<T> {
        if (last === null) return refresh(at);
        if (at - last.at >= ms || at < last.at) refresh(at).catch(() => undefined);
        return Promise.resolve(last.value);
      },
      change(update: (value: T) => T): void {
        if (last) last = { ...last, value: update(last.value) };
      },
    };
  }

  const board = kept(BOARD_KEPT_MS, async (at) =>
    loadOf(await store.orders.listActive({ limit: BOARD_LIMIT }), at),
  );
  const pace = kept(PACE_KEPT_MS, async (at): Promise<PaceSample[]> => {
    const ready = await store.orders.listReadySince({
      since: new Date(at - PACE_WINDOW_MS),
      limit: PACE_SAMPLES,
    });
    return ready.flatMap((order) => {
      const readyAt = readyAtOf(order);
      return readyAt ? [{ startAt: startOf(order), readyAt, items: dishCount(order) }] : [];
    });
  });
  const boardNow = (at: number) => board.get(at);
  const samplesNow = (at: number) => pace.get(at);

  /** What the kitchen has in hand at `at`: its pace, the dishes ahead of a new order, since when it works on them. */
  async function kitchenAt(at: Date) {
    const [load, samples] = await Promise.all([boardNow(at.getTime()), samplesNow(at.getTime())]);
    // Unfinished orders whose start came since the board was read join the work ahead.
    let itemsAhead = load.dishesAhead;
    let oldestStart = load.oldestStart;
    for (const later of load.later) {
      if (later.startAt > at.getTime()) continue;
      itemsAhead += later.dishes;
      oldestStart = Math.min(oldestStart, later.startAt);
    }
    const lastReady = samples.reduce((last, s) => Math.max(last, s.readyAt.getTime()), load.lastReady);
    const workingSince = Number.isFinite(oldestStart) ? new Date(Math.max(lastReady, oldestStart)) : null;
    return {
      orders: load.orders,
      slots: load.slots,
      msPerItem: kitchenPace(samples, at),
      itemsAhead,
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

  /** The schedule and its openings of the next 8 days, worked out once a minute per profile read. */
  let worked: {
    settings: RestaurantProfile;
    from: number;
    schedule: OpeningSchedule;
    openings: Opening[];
  } | null = null;
  function scheduleFor(settings: RestaurantProfile, at: Date) {
    if (worked?.settings !== settings || at.getTime() - worked.from >= 60_000 || at.getTime() < worked.from) {
      const schedule = scheduleOf(settings, timeZone);
      worked = { settings, from: at.getTime(), schedule, openings: openingsFrom(schedule, at, 8) };
    }
    return worked;
  }

  async function current() {
    const at = now();
    const [settings, switches] = await Promise.all([profile.get(), pause.get()]);
    const { schedule, openings } = scheduleFor(settings, at);
    const opening = stateAmong(openings, at);
    const effective = isPaused(switches, at)
      ? switches
      : { ...NOT_PAUSED, busyMinutes: switches.busyMinutes };
    return { at, settings, schedule, openings, opening, pause: effective };
  }

  /** Slots an order of `dishes` could take, each marked full or not by the scheduled orders on the board. */
  function slotsFor(
    ctx: Awaited<ReturnType<typeof current>>,
    load: ReadonlyMap<number, SlotLoad>,
    earliest: Date,
    dishes: number,
  ) {
    return pickupSlots(ctx.schedule, ctx.at, earliest, ctx.openings).map((slot) => ({
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
      const opening = ctx.opening;
      const today = localDay(ctx.at, timeZone).date;
      const { ms } = await asapMs(ctx.at, 1, ctx.pause.busyMinutes, ctx.settings.defaultPrepMinutes);
      return {
        at: ctx.at,
        opening,
        takingOrders: opening.takingOrders && !ctx.pause.paused,
        today: ctx.openings
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
      const asapAvailable = !ctx.pause.paused && ctx.opening.takingOrders;
      const readyAround = new Date(Math.ceil((ctx.at.getTime() + ms) / 60_000) * 60_000);
      return {
        asap: { available: asapAvailable, readyAround: asapAvailable ? readyAround : null },
        slots: ctx.pause.paused ? [] : slotsFor(ctx, kitchen.slots, readyAround, dishes),
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
        if (!ctx.opening.takingOrders) {
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
      const slot = slotsFor(ctx, kitchen.slots, readyAround, dishes).find((s) => s.at.getTime() === wanted);
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
      board.change((load) => withOrder(load, order, now().getTime()));
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
