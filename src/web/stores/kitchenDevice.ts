// What each kitchen screen remembers for itself (in this browser, across reloads): sound, how
// often an unseen order chimes again, printing new orders, and the dark or light display.
import { defineStore } from 'pinia';
import { ref, watch, type Ref } from 'vue';

const PREFIX = 'von-appetit.kitchen.';

function remembered<T>(key: string, fallback: T, valid: (value: unknown) => value is T): Ref<T> {
  let start = fallback;
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(PREFIX + key) ?? 'null');
    if (valid(stored)) start = stored;
  } catch {
    // Storage unreadable (private mode, a hand-edited value): the default it is.
  }
  const value = ref(start) as Ref<T>;
  watch(value, (next) => {
    try {
      localStorage.setItem(PREFIX + key, JSON.stringify(next));
    } catch {
      // Not remembered past this page; it still works now.
    }
  });
  return value;
}

const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
/** How often an order nobody acknowledged chimes again; 0: once only. */
export const REPEAT_CHOICES = [0, 15, 30, 60] as const;
const isRepeat = (value: unknown): value is number =>
  typeof value === 'number' && (REPEAT_CHOICES as readonly number[]).includes(value);

export const useKitchenDeviceStore = defineStore('kitchen-device', () => ({
  sound: remembered('sound', true, isBoolean),
  repeatSeconds: remembered('repeatSeconds', 30, isRepeat),
  autoPrint: remembered('autoPrint', false, isBoolean),
  dark: remembered('dark', true, isBoolean),
}));
