// Holds the restaurant's public facts — name, money, address, hours, whether it takes orders now
// — and the one way the web app turns cents into prices (times: restaurantTimes.ts).
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

/** How often a page that shows whether the restaurant takes orders asks again (a pause shows within this). */
export const RESTAURANT_POLL_MS = 1500;

/**
 * The restaurant's name, currency, locale, profile and state. `load()` asks the API once per page
 * life and never fails: on any error the store keeps the Von Appétit / USD / en-US fallback.
 * `watch()` keeps the state fresh while a page shows it (the menu, checkout, the board).
 */
export const useRestaurantStore = defineStore('restaurant', () => {
  const info = ref<RestaurantInfo>(FALLBACK);
  /** How far the server's clock is ahead of this device's (milliseconds): times are the server's. */
  const clockOffset = ref(0);
  let loading: Promise<void> | undefined;
  /** When an answer last came (Date.now()), 0 before the first. */
  let answeredAt = 0;
  let watchers = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const name = computed(() => info.value.name.trim() || FALLBACK.name);
  const state = computed(() => info.value.now ?? null);

  async function refresh(): Promise<void> {
    try {
      const fetched = await fetchRestaurant();
      if (!canFormatPrices(fetched)) return;
      info.value = fetched;
      answeredAt = Date.now();
      if (fetched.now) clockOffset.value = Date.parse(fetched.now.at) - Date.now();
    } catch {
      // The last answer (or the fallback) stays; the next look tries again.
    }
  }

  function load(): Promise<void> {
    loading ??= refresh();
    return loading;
  }

  /** Keeps the state fresh until the returned function is called. */
  function watch(): () => void {
    watchers += 1;
    if (watchers === 1) {
      // A look now, unless the page's first one is on its way or has just come (a page shown
      // again after the poll stopped asks afresh); the poll takes it from there.
      if (!loading) void load();
      else if (answeredAt > 0 && Date.now() - answeredAt >= RESTAURANT_POLL_MS) void refresh();
      timer = setInterval(() => void refresh(), RESTAURANT_POLL_MS);
    }
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      watchers -= 1;
      if (watchers === 0) clearInterval(timer);
    };
  }

  /** The server's time now, in milliseconds. */
  const serverNow = () => Date.now() + clockOffset.value;

  /** `formatPrice(995)` → "$9.95" in the restaurant's currency and locale. */
  function formatPrice(cents: number): string {
    return formatMoney(cents, info.value.currency, info.value.locale);
  }

  return {
    info,
    name,
    state,
    clockOffset,
    load,
    refresh,
    watch,
    serverNow,
    formatPrice,
  };
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
