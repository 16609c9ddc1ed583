// Holds the customer menu (categories and dishes, sold-out ones included), whether it is loading,
// ready or failed, and keeps it live while a page follows it.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { CustomerMenu, type MenuItem } from '../../contract/menu.js';
import { ApiError, fetchMenu } from '../api/client.js';
import { useRestaurantStore } from './restaurant.js';

export type MenuStatus = 'loading' | 'ready' | 'error';

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
    source.addEventListener('menu', (event) => {
      let parsed: ReturnType<typeof CustomerMenu.safeParse>;
      try {
        parsed = CustomerMenu.safeParse(JSON.parse((event as MessageEvent<string>).data));
      } catch {
        return;
      }
      if (!parsed.success) return;
      pushed += 1;
      version = (event as MessageEvent<string>).lastEventId || null;
      items.value = parsed.data.dishes;
      categories.value = parsed.data.categories;
      status.value = 'ready';
    });
  }

  /**
   * Follows the menu live; the browser reconnects by itself after a network drop. The stream
   * opens once a load in flight has answered, so that it knows which menu the page holds.
   */
  function follow(): () => void {
    followers += 1;
    if (inFlight) void inFlight.finally(open);
    else open();
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
