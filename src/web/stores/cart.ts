// The cart: which dishes, how many of each. Kept in localStorage so it survives a reload — only
// dish ids and quantities, nothing secret and no prices (the server prices every order).
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useMenuStore } from './menu.js';
import { isDocumentId } from '../../contract/ids.js';

const STORAGE_KEY = 'von-appetit.cart';
export const MAX_QUANTITY = 99;

export interface CartLine {
  id: string;
  quantity: number;
  /** The customer's note for the kitchen about this dish. */
  note?: string;
}

function readStored(): CartLine[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (line): line is CartLine =>
        typeof line === 'object' &&
        line !== null &&
        typeof (line as CartLine).id === 'string' &&
        isDocumentId((line as CartLine).id) &&
        Number.isInteger((line as CartLine).quantity) &&
        (line as CartLine).quantity >= 1 &&
        (line as CartLine).quantity <= MAX_QUANTITY &&
        ((line as CartLine).note === undefined || typeof (line as CartLine).note === 'string'),
    );
  } catch {
    return [];
  }
}

export const useCartStore = defineStore('cart', () => {
  const lines = ref<CartLine[]>(readStored());
  const open = ref(false);
  const menu = useMenuStore();

  watch(
    lines,
    (value) => {
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
      } catch {
        // Private browsing without storage: the cart still works for this page's life.
      }
    },
    { deep: true },
  );
  // Another tab changed the cart: follow it.
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY) lines.value = readStored();
  });

  const count = computed(() => lines.value.reduce((sum, line) => sum + line.quantity, 0));

  /** Lines with today's dish and its price; a dish no longer on the menu shows as unavailable. */
  const detailed = computed(() =>
    lines.value.map((line) => {
      const dish = menu.items.find((item) => item.id === line.id) ?? null;
      return { ...line, dish, lineTotal: dish ? dish.price * line.quantity : 0 };
    }),
  );
  const unavailable = computed(() => menu.status === 'ready' && detailed.value.some((line) => !line.dish));
  /** What the menu says the cart costs now; the order's total comes from the server. */
  /** What the menu says the dishes cost now, before tax (see cartMoney.ts); the order's comes from the server. */
  const subtotal = computed(() => detailed.value.reduce((sum, line) => sum + line.lineTotal, 0));

  function add(id: string, quantity = 1): void {
    const line = lines.value.find((l) => l.id === id);
    if (line) line.quantity = Math.min(MAX_QUANTITY, line.quantity + quantity);
    else lines.value.push({ id, quantity: Math.min(MAX_QUANTITY, quantity) });
  }

  function setQuantity(id: string, quantity: number): void {
    if (quantity < 1) {
      remove(id);
      return;
    }
    const line = lines.value.find((l) => l.id === id);
    if (line) line.quantity = Math.min(MAX_QUANTITY, Math.floor(quantity));
  }

  function setNote(id: string, note: string): void {
    const line = lines.value.find((l) => l.id === id);
    if (!line) return;
    if (note.trim() === '') delete line.note;
    else line.note = note.slice(0, 140);
  }

  function remove(id: string): void {
    lines.value = lines.value.filter((l) => l.id !== id);
  }

  function removeUnavailable(): void {
    lines.value = detailed.value
      .filter((line) => line.dish)
      .map(({ id, quantity, note }) => (note === undefined ? { id, quantity } : { id, quantity, note }));
  }

  function clear(): void {
    lines.value = [];
  }

  return {
    lines,
    open,
    count,
    detailed,
    unavailable,
    subtotal,
    add,
    setQuantity,
    setNote,
    remove,
    removeUnavailable,
    clear,
  };
});
