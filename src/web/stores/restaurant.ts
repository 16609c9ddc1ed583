// Holds the restaurant's public facts and the one way the web app turns cents into prices.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { RestaurantInfo } from '../../contract/restaurant.js';
import { formatMoney } from '../../contract/money.js';
import { fetchRestaurant } from '../api/client.js';

// The product's own defaults: prices must still render when /api/restaurant is down.
const FALLBACK: RestaurantInfo = {
  name: 'Von Appétit',
  currency: 'USD',
  locale: 'en-US',
  timeZone: 'America/New_York',
};

/**
 * The restaurant's name, currency and locale. `load()` asks the API once per page life and
 * never fails: on any error the store keeps the Von Appétit / USD / en-US fallback.
 */
export const useRestaurantStore = defineStore('restaurant', () => {
  const info = ref<RestaurantInfo>(FALLBACK);
  let loading: Promise<void> | undefined;

  const name = computed(() => info.value.name.trim() || FALLBACK.name);

  function load(): Promise<void> {
    loading ??= fetchRestaurant()
      .then((fetched) => {
        if (canFormatPrices(fetched)) info.value = fetched;
      })
      .catch(() => {
        // The fallback already in place is the answer; the menu reports its own errors.
      });
    return loading;
  }

  /** `formatPrice(995)` → "$9.95" in the restaurant's currency and locale. */
  function formatPrice(cents: number): string {
    return formatMoney(cents, info.value.currency, info.value.locale);
  }

  return { info, name, load, formatPrice };
});

// A misconfigured currency or locale would make Intl throw on every card; better to show dollars.
function canFormatPrices(candidate: RestaurantInfo): boolean {
  try {
    formatMoney(0, candidate.currency, candidate.locale);
    return true;
  } catch {
    return false;
  }
}
