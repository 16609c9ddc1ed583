// Holds the customer menu and whether it is loading, ready or failed.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { MenuItem } from '../../contract/menu.js';
import { ApiError, fetchMenu } from '../api/client.js';
import { useRestaurantStore } from './restaurant.js';

export type MenuStatus = 'loading' | 'ready' | 'error';

/**
 * The dishes a customer can order now, as `/api/inventory` lists them (available only, in menu
 * order). `load()` fetches once; `reload()` fetches again, e.g. from the error state's Try again.
 */
export const useMenuStore = defineStore('menu', () => {
  const status = ref<MenuStatus>('loading');
  const items = ref<MenuItem[]>([]);
  const errorMessage = ref<string | null>(null);
  const restaurant = useRestaurantStore();
  let inFlight: Promise<void> | undefined;

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
      const [menu] = await Promise.all([fetchMenu(), restaurant.load()]);
      items.value = menu;
      status.value = 'ready';
    } catch (error) {
      errorMessage.value =
        error instanceof ApiError ? error.message : 'Something unexpected went wrong. Please try again.';
      status.value = 'error';
    }
  }

  return { status, items, errorMessage, load, reload };
});
