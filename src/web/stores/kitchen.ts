// The kitchen board: every active order, kept live by the staff event stream. A new order raises
// an alert and chimes again until a cook acknowledges it (or starts it); arrivals and calls for
// help have their own sound; a dropped connection is said out loud. "Done today" holds the day's
// finished orders, from which one picked up by mistake comes back.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { JoinedCall } from '../../contract/calls.js';
import { StaffOrder } from '../../contract/orders.js';
import * as api from '../api/client.js';
import * as staffApi from '../api/staff.js';
import * as callsApi from '../api/calls.js';
import { play, type SoundKind } from '../kitchen/sounds.js';
import { useKitchenDeviceStore } from './kitchenDevice.js';
import { useStaffSessionStore } from './session.js';

export type BoardConnection = 'connecting' | 'live' | 'stale';

const ACTIVE = new Set(['received', 'preparing', 'ready']);

/** The call a customer is waiting on (a video call not yet over, or a call back not yet made). */
export function openCallOf(order: StaffOrder) {
  return (
    order.calls.find(
      (c) => c.state === 'requested' || c.state === 'joined' || c.state === 'callback_requested',
    ) ?? null
  );
}

/** A help request, said as text (the name is never markup). */
export interface HelpAlert {
  key: string;
  text: string;
}

export const useKitchenStore = defineStore('kitchen', () => {
  const tickets = ref(new Map<string, StaffOrder>());
  const status = ref<'loading' | 'ready' | 'error'>('loading');
  const errorMessage = ref<string | null>(null);
  const connection = ref<BoardConnection>('connecting');
  /** Orders that arrived since a cook last acknowledged (each leaves once it is started). */
  const unseen = ref<string[]>([]);
  /** Customers who asked for help since the cook last looked. */
  const helpAlerts = ref<HelpAlert[]>([]);
  const device = useKitchenDeviceStore();
  const session = useStaffSessionStore();
  let source: EventSource | undefined;
  /** When the board last chimed for unseen orders (this screen's clock: only the interval counts). */
  let chimedAt = 0;
  /** Orders to print as they arrive, when this screen prints new orders. */
  const printQueue = ref<StaffOrder[]>([]);
  /** Lines a cook marked made: `order id/line index`, kept on this screen. */
  const made = ref(new Set<string>());

  function sound(kind: SoundKind): void {
    if (!device.sound) return;
    play(kind);
    if (kind === 'order') chimedAt = Date.now();
  }

  const ordered = computed(() =>
    [...tickets.value.values()].sort((a, b) => Date.parse(a.orderTime) - Date.parse(b.orderTime)),
  );
  /** The numbers of the unseen orders still waiting to be started: the alert's words. */
  const alerts = computed(() =>
    unseen.value
      .map((id) => tickets.value.get(id))
      .filter((order) => order?.status === 'received')
      .map((order) => order?.number ?? '?'),
  );
  /**
   * The board's clock: the server's time (scheduled orders start by it, not by the tablet's),
   * moved on every second by the view.
   */
  const now = ref(Date.now());
  /** A scheduled order before its start: held in "Later", soonest first. */
  const isLater = (order: StaffOrder, at: number) =>
    order.status === 'received' && Date.parse(order.prepareFrom) > at;
  const later = computed(() =>
    ordered.value
      .filter((o) => isLater(o, now.value))
      .sort((a, b) => Date.parse(a.prepareFrom) - Date.parse(b.prepareFrom)),
  );
  /** When the customer was promised it: the order the board shows tickets in. */
  const promised = (order: StaffOrder) => Date.parse(order.pickup?.readyBy ?? order.orderTime);
  /** The tickets to work on, soonest promised first (a scheduled one once its start came). */
  const board = computed(() =>
    ordered.value
      .filter((o) => ACTIVE.has(o.status) && !isLater(o, now.value))
      .sort((a, b) => promised(a) - promised(b) || Date.parse(a.orderTime) - Date.parse(b.orderTime)),
  );
  /** Finished orders with a customer still waiting for help (a call after pickup). */
  const helpOnly = computed(() => ordered.value.filter((o) => !ACTIVE.has(o.status)));

  /** Moves the board's clock; a scheduled order whose start came is announced like a new one. */
  function tick(at: number): void {
    const before = now.value;
    now.value = at;
    const due = ordered.value.filter((o) => isLater(o, before) && !isLater(o, at));
    if (due.length > 0 && status.value === 'ready') {
      // Announced when placed (printed then), alerted now that it starts.
      unseen.value = [...unseen.value, ...due.map((o) => o.id)];
      sound('order');
      return;
    }
    // An order nobody acknowledged chimes again, as often as this screen is set to.
    const every = device.repeatSeconds * 1000;
    if (alerts.value.length > 0 && every > 0 && Date.now() - chimedAt >= every) sound('order');
  }
  /** Orders whose customer waits for help, whatever their status (a completed order too). */
  const helpWanted = computed(() => ordered.value.filter((o) => openCallOf(o) !== null));
  /** Dishes still to cook, all orders together: what the line needs right now. */
  const allDay = computed(() => {
    const counts = new Map<string, number>();
    for (const order of ordered.value) {
      if (order.status === 'ready' || !ACTIVE.has(order.status) || isLater(order, now.value)) continue;
      for (const line of order.items)
        counts.set(line.name ?? 'Dish', (counts.get(line.name ?? 'Dish') ?? 0) + line.quantity);
    }
    return [...counts].sort((a, b) => b[1] - a[1]);
  });

  /** The video call this cook is on, shown above the board. */
  const activeCall = ref<{ order: StaffOrder; joined: JoinedCall } | null>(null);

  /**
   * The version at which each order left the board. Events from several servers may arrive out
   * of order: an older state of an order that left must not bring it back.
   */
  const left = new Map<string, number>();

  /** Whether the board was read once: orders it meets after that are new to it. */
  let loadedOnce = false;
  /** Orders already announced: an order is alerted and printed once, however it reached the board. */
  const announced = new Set<string>();

  /**
   * New orders: alerted (one chime for all) once due to start, printed if this screen prints;
   * each only once.
   */
  function announce(orders: readonly StaffOrder[]): void {
    const fresh = orders.filter((order) => order.status === 'received' && !announced.has(order.id));
    for (const order of fresh) announced.add(order.id);
    const due = fresh.filter((order) => !isLater(order, now.value));
    if (due.length > 0) {
      unseen.value = [...unseen.value, ...due.map((order) => order.id)];
      sound('order');
    }
    if (device.autoPrint) printQueue.value = [...printQueue.value, ...fresh];
  }

  function remember(order: StaffOrder): void {
    const known = tickets.value.get(order.id);
    if (known && known.version > order.version) return;
    if ((left.get(order.id) ?? -1) > order.version) return;
    const call = openCallOf(order);
    // Texts about an order that moved on were read: their banners go.
    if (known && known.status !== order.status) {
      helpAlerts.value = helpAlerts.value.filter((alert) => !alert.key.startsWith(`text/${order.id}/`));
    }
    if (!ACTIVE.has(order.status) && !call) {
      tickets.value.delete(order.id);
      left.set(order.id, order.version);
      made.value = new Set([...made.value].filter((key) => !key.startsWith(`${order.id}/`)));
      return;
    }
    // Once the board was read, an order not on it is new (even while it reads it again).
    if (!known && loadedOnce) announce([order]);
    // A text from the customer: "here" is the arrival the counter waits for; anything else is read on the ticket.
    const heard = order.messages.slice(known?.messages.length ?? order.messages.length);
    for (const message of heard) {
      const who = order.pickup?.name ?? order.customerName ?? 'The customer';
      const text = message.arrival
        ? `${who} is here (order #${order.number ?? '?'})`
        : `${who} wrote about order #${order.number ?? '?'}: “${message.text}”`;
      helpAlerts.value = [...helpAlerts.value, { key: `text/${order.id}/${message.at}`, text }];
      sound(message.arrival ? 'arrival' : 'help');
    }
    const knownCall = known ? openCallOf(known) : null;
    // Alerts of a call someone joined (or that ended) are done with.
    if (call?.state !== 'requested' && call?.state !== 'callback_requested') {
      helpAlerts.value = helpAlerts.value.filter((alert) => !alert.key.startsWith(`${order.id}/`));
    }
    // The other side hung up (or another cook closed it): this cook's panel closes too.
    const active = activeCall.value;
    if (active?.order.id === order.id && order.calls.find((c) => c.id === active.joined.call.id)?.endedAt) {
      activeCall.value = null;
    }
    if (call && call.state !== 'joined' && knownCall?.id !== call.id && status.value === 'ready') {
      const who = order.customerName ?? 'A customer';
      const what = call.kind === 'video' ? 'needs help with' : 'asks to be called back about';
      helpAlerts.value = [
        ...helpAlerts.value,
        { key: `${order.id}/${call.id}`, text: `${who} ${what} order #${order.number ?? '?'}` },
      ];
      sound('help');
    }
    tickets.value.set(order.id, order);
  }

  async function load(): Promise<void> {
    const before = new Set(tickets.value.keys());
    status.value = 'loading';
    try {
      const board = await staffApi.fetchKitchenBoard();
      // The board as read, except where an event already brought something newer: a ticket
      // moved further, or an order that left since the read.
      const newest = board.orders
        .filter((order) => (left.get(order.id) ?? -1) <= order.version)
        .map((order) => {
          const known = tickets.value.get(order.id);
          return known && known.version > order.version ? known : order;
        });
      const read = new Set(newest.map((order) => order.id));
      // An order whose event came while the board was being read, after the read: kept.
      const arrivedMeanwhile = [...tickets.value.values()].filter(
        (order) => !before.has(order.id) && !read.has(order.id),
      );
      tickets.value = new Map([...newest, ...arrivedMeanwhile].map((order) => [order.id, order]));
      status.value = 'ready';
      errorMessage.value = null;
      // Orders placed while the board was away (a reconnect, another page) are new to it.
      if (loadedOnce) announce(newest.filter((order) => !before.has(order.id)));
      else for (const order of newest) announced.add(order.id);
      loadedOnce = true;
    } catch (error) {
      errorMessage.value = error instanceof api.ApiError ? error.message : 'Something went wrong.';
      status.value = 'error';
    }
  }

  function follow(): void {
    if (source) return;
    connection.value = 'connecting';
    source = new EventSource('/api/staff/kitchen/events');
    source.addEventListener('open', () => {
      // Whatever changed before this stream started (or while it was down) is in no event.
      void load();
      connection.value = 'live';
    });
    source.addEventListener('error', () => {
      connection.value = 'stale';
    });
    source.addEventListener('order', (event) => {
      const parsed = StaffOrder.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (parsed.success) remember(parsed.data);
    });
  }

  function stop(): void {
    source?.close();
    source = undefined;
  }

  async function move(
    order: StaffOrder,
    move: 'advance' | 'recall' | 'reopen' | 'cancel',
    reason?: string,
  ): Promise<void> {
    try {
      remember(
        await staffApi.moveOrder(
          order.id,
          { move, version: order.version, ...(reason ? { reason } : {}) },
          session.csrfToken,
        ),
      );
    } catch (error) {
      // Someone else moved it first: show the board as it is now.
      if (error instanceof api.ApiError && error.status === 409) await load();
      throw error;
    }
  }

  /** A later ready time, `minutes` after the current one (or after now, when that has passed). */
  async function delay(order: StaffOrder, minutes: number): Promise<void> {
    if (!order.pickup) return;
    const from = Math.max(Date.parse(order.pickup.readyBy), now.value);
    const readyBy = new Date(Math.ceil((from + minutes * 60_000) / 60_000) * 60_000).toISOString();
    remember(await staffApi.setReadyBy(order.id, readyBy, session.csrfToken));
  }

  async function joinCall(order: StaffOrder): Promise<void> {
    const call = openCallOf(order);
    if (call?.kind !== 'video') return;
    activeCall.value = { order, joined: await callsApi.joinCall(order.id, call.id, session.csrfToken) };
  }

  /** A call back made: the request leaves the board. */
  async function calledBack(order: StaffOrder): Promise<void> {
    const call = openCallOf(order);
    if (call?.kind !== 'callback') return;
    await callsApi.endCall('staff', order.id, call.id, session.csrfToken);
  }

  function leaveCall(): void {
    activeCall.value = null;
  }

  function acknowledge(): void {
    unseen.value = [];
    helpAlerts.value = [];
  }

  /** A line made (struck through) or not, on this screen. */
  function toggleMade(order: StaffOrder, line: number): void {
    const key = `${order.id}/${line}`;
    const next = new Set(made.value);
    if (!next.delete(key)) next.add(key);
    made.value = next;
  }

  /** "Done today": orders picked up or cancelled since midnight, the latest first. */
  const done = ref<StaffOrder[]>([]);
  async function loadDone(): Promise<void> {
    done.value = (await staffApi.fetchDoneToday()).orders;
  }
  /** An order picked up by mistake goes back on the board (every board, by its event). */
  async function reopen(order: StaffOrder): Promise<void> {
    try {
      await move(order, 'reopen');
    } finally {
      await loadDone().catch(() => undefined);
    }
  }

  return {
    tickets,
    status,
    errorMessage,
    connection,
    alerts,
    helpAlerts,
    helpWanted,
    activeCall,
    joinCall,
    calledBack,
    leaveCall,
    remember,
    ordered,
    board,
    helpOnly,
    unseen,
    printQueue,
    made,
    toggleMade,
    done,
    loadDone,
    reopen,
    later,
    now,
    tick,
    allDay,
    load,
    follow,
    stop,
    move,
    delay,
    acknowledge,
  };
});
