// The signed-in customer's orders, kept current by the server's live event stream. The stream
// reconnects by itself (EventSource) and sends Last-Event-ID, so nothing is missed in between.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { Order } from '../../contract/orders.js';
import * as api from '../api/client.js';

export type LiveState = 'off' | 'connecting' | 'live' | 'reconnecting';

export const useOrdersStore = defineStore('orders', () => {
  const byId = ref(new Map<string, Order>());
  const history = ref<string[]>([]);
  const nextBefore = ref<string | null>(null);
  const historyStatus = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const historyError = ref<string | null>(null);
  const live = ref<LiveState>('off');
  let source: EventSource | undefined;
  /** Pages following orders live; the stream stays open while at least one does. */
  let followers = 0;

  /** Keeps the newest state of each order: events from several servers may arrive out of order. */
  function remember(order: Order): void {
    const known = byId.value.get(order.id);
    if (known && Date.parse(known.lastUpdated) > Date.parse(order.lastUpdated)) return;
    byId.value.set(order.id, order);
  }

  async function loadOne(id: string): Promise<Order> {
    const order = await api.fetchOrder(id);
    remember(order);
    return order;
  }

  async function loadHistory(more = false): Promise<void> {
    historyStatus.value = 'loading';
    historyError.value = null;
    try {
      const page = await api.fetchOrders(more ? (nextBefore.value ?? undefined) : undefined);
      for (const order of page.orders) remember(order);
      const ids = page.orders.map((order) => order.id);
      history.value = more ? [...history.value, ...ids] : ids;
      nextBefore.value = page.nextBefore;
      historyStatus.value = 'ready';
    } catch (error) {
      historyError.value = error instanceof api.ApiError ? error.message : 'Something went wrong.';
      historyStatus.value = 'error';
    }
  }

  /** The order a page shows: re-read whenever the stream (re)connects. */
  const focused = ref<string | null>(null);

  async function catchUp(): Promise<void> {
    try {
      if (focused.value) await loadOne(focused.value);
      if (historyStatus.value === 'ready') await loadHistory();
    } catch {
      // The page shows what it has; the next event brings it up to date.
    }
  }

  /** Follows the customer's orders live until every `startLive` has its `stopLive` (or sign-out). */
  function startLive(): void {
    followers += 1;
    if (source) return;
    live.value = 'connecting';
    source = new EventSource('/api/website/orders/events');
    source.addEventListener('open', () => {
      live.value = 'live';
      // Changes made between the page's first read and this stream's start are in no event:
      // read again now that nothing can slip through.
      void catchUp();
    });
    source.addEventListener('error', () => {
      // EventSource retries by itself unless the server refused it outright (401/403: closed).
      live.value = source?.readyState === EventSource.CLOSED ? 'off' : 'reconnecting';
      if (source?.readyState === EventSource.CLOSED) source = undefined;
    });
    source.addEventListener('order', (event) => {
      try {
        const order = Order.parse(JSON.parse((event as MessageEvent<string>).data));
        remember(order);
        if (!history.value.includes(order.id)) history.value = [order.id, ...history.value];
      } catch {
        // A torn or unexpected event: the next one (or a reload) brings the order up to date.
      }
    });
  }

  function stopLive(): void {
    followers = Math.max(0, followers - 1);
    if (followers > 0) return;
    close();
  }

  function close(): void {
    source?.close();
    source = undefined;
    live.value = 'off';
  }

  function forget(): void {
    followers = 0;
    close();
    byId.value = new Map();
    history.value = [];
    nextBefore.value = null;
    historyStatus.value = 'idle';
  }

  return {
    byId,
    history,
    nextBefore,
    historyStatus,
    historyError,
    live,
    focused,
    remember,
    loadOne,
    loadHistory,
    startLive,
    stopLive,
    forget,
  };
});
