// Holds the customer menu (categories and dishes, sold-out ones included), whether it is loading,
// ready or failed, and keeps it live while a page follows it.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { MenuItem } from '../../contract/menu.js';
import { ApiError, fetchMenu } from '../api/client.js';
import { useRestaurantStore } from './restaurant.js';

export type MenuStatus = 'loading' | 'ready' | 'error';

/** How long the live menu first waits to open its stream again after a pushed menu was lost. */
const RETRY_MS = 3000;

/**
 * The menu as `/api/menu` gives it. `load()` fetches once; `reload()` fetches again, e.g. from the
 * error state's Try again; `follow()` keeps it live (prices, 86s, new dishes) from
 * `/api/menu/events` until the returned function is called.
 */
export const useMenuStore = defineStore('menu', () => {
  const status = ref<MenuStatus>('loading');
  const items = ref<MenuItem[]>([]);
  const categories = ref<string[]>([]);
  const errorMessage = ref<string | null>(null);
  const restaurant = useRestaurantStore();
  let inFlight: Promise<void> | undefined;
  let source: EventSource | undefined;
  let followers = 0;
  /** The ETag of the menu held: the live stream then sends only what is newer. */
  let version: string | null = null;
  /** Menus the live stream has brought: a GET answered after one of them is older than it. */
  let pushed = 0;
  /** Pushed menus lost in a row because their schema's file did not load. */
  let lostPushes = 0;

  const byId = computed(() => new Map(items.value.map((dish) => [dish.id, dish])));

  function load(): Promise<void> {
    if (status.value === 'ready') return Promise.resolve();
    return inFlight ?? reload();
  }

  function reload(): Promise<void> {
    // A double-clicked Try again must not race two requests for the same menu.
    inFlight ??= fetchAll().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  async function fetchAll(): Promise<void> {
    status.value = 'loading';
    errorMessage.value = null;
    try {
      // Waiting for the restaurant too means prices appear once, already in the right currency.
      const before = pushed;
      const [{ menu, etag }] = await Promise.all([fetchMenu(), restaurant.load()]);
      if (pushed === before) {
        items.value = menu.dishes;
        categories.value = menu.categories;
        version = etag;
      }
      status.value = 'ready';
    } catch (error) {
      errorMessage.value =
        error instanceof ApiError ? error.message : 'Something unexpected went wrong. Please try again.';
      status.value = 'error';
    }
  }

  function open(): void {
    if (followers === 0 || source || typeof EventSource === 'undefined') return;
    source = new EventSource(`/api/menu/events${version ? `?since=${encodeURIComponent(version)}` : ''}`);
    // Back after a drop while the page showed an error: the stream sends nothing for a menu the
    // page holds already, so the page asks for it again itself.
    source.addEventListener('open', () => {
      if (status.value === 'error') void reload();
    });
    const opened = source;
    opened.addEventListener('menu', (event) => {
      void takePushed(event as MessageEvent<string>, opened);
    });
  }

  /** A menu the live stream brought, checked against the contract (its schema loads with the first). */
  async function takePushed(event: MessageEvent<string>, from: EventSource): Promise<void> {
    let schemas: typeof import('../api/answerSchemas.js');
    try {
      schemas = await import('../api/answerSchemas.js');
      lostPushes = 0;
    } catch {
      // The schema's file did not come (a bad signal): the stream has moved past this menu, so
      // it opens again from the menu the page holds, later each time, three times at most.
      if (from !== source) return;
      from.close();
      source = undefined;
      lostPushes += 1;
      if (lostPushes <= 3) setTimeout(open, RETRY_MS * 2 ** (lostPushes - 1));
      return;
    }
    const { CustomerMenu } = schemas;
    let parsed: ReturnType<typeof CustomerMenu.safeParse>;
    try {
      parsed = CustomerMenu.safeParse(JSON.parse(event.data));
    } catch {
      return;
    }
    if (!parsed.success) return;
    pushed += 1;
    version = event.lastEventId || null;
    items.value = parsed.data.dishes;
    categories.value = parsed.data.categories;
    status.value = 'ready';
  }

  /**
   * Follows the menu live; the browser reconnects by itself after a network drop. The stream
   * opens once a load in flight has answered, so that it knows which menu the page holds, and
   * after the next paint, so that on a slow connection it never competes with what the page
   * shows first (a background tab opens it when shown).
   */
  function follow(): () => void {
    followers += 1;
    const afterPaint = () => {
      requestAnimationFrame(() => {
        setTimeout(open, 0);
      });
    };
    if (inFlight) void inFlight.finally(afterPaint);
    else afterPaint();
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      followers -= 1;
      if (followers === 0) {
        source?.close();
        source = undefined;
      }
    };
  }

  return { status, items, categories, byId, errorMessage, load, reload, follow };
});
