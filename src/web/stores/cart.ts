// The cart: which dishes, with which options and notes, how many of each. Kept in localStorage so
// it survives a reload — ids, quantities and the names last seen (so a line keeps its name when
// its dish leaves the menu); never a price that counts (the server prices every order).
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useMenuStore } from './menu.js';
import { isDocumentId } from '../../contract/ids.js';

const STORAGE_KEY = 'von-appetit.cart';
export const MAX_QUANTITY = 99;

export interface CartLine {
  /** Tells this line from another of the same dish (other options or note). */
  key: string;
  id: string;
  quantity: number;
  /** The customer's note for the kitchen about this line. */
  note?: string;
  /** The ids of the options chosen; absent on a dish without options. */
  options?: string[];
  /** Names as last seen: the dish's, and each chosen option's by id. */
  name?: string;
  optionNames?: Record<string, string>;
  /** The price per item when added, to say so if it changes. */
  seenPrice?: number;
}

/** Same dish, same choice (none sent: the dish's defaults), same note: the same line. */
const keyOf = (id: string, options: readonly string[] | undefined, note = '') =>
  `${id}|${options ? [...options].sort().join(',') : '*'}|${note}`;

function isLine(line: unknown): line is CartLine {
  const l = line as Partial<CartLine> | null;
  return (
    typeof l === 'object' &&
    l !== null &&
    typeof l.id === 'string' &&
    isDocumentId(l.id) &&
    Number.isInteger(l.quantity) &&
    (l.quantity ?? 0) >= 1 &&
    (l.quantity ?? 0) <= MAX_QUANTITY &&
    (l.note === undefined || typeof l.note === 'string') &&
    (l.options === undefined || (Array.isArray(l.options) && l.options.every((o) => typeof o === 'string')))
  );
}

function readStored(): CartLine[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    // Keys follow from the line (carts saved before lines had keys get one).
    const byKey = new Map<string, CartLine>();
    for (const line of parsed.filter(isLine)) {
      const key = keyOf(line.id, line.options, line.note);
      const twin = byKey.get(key);
      if (twin) twin.quantity = Math.min(MAX_QUANTITY, twin.quantity + line.quantity);
      else byKey.set(key, { ...line, key });
    }
    return [...byKey.values()];
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

  /** Adds a dish (with options and a note, as the dish dialog chose them) or more of it. */
  function add(id: string, quantity = 1, choice: { options?: string[]; note?: string } = {}): void {
    const note = choice.note?.trim() ? choice.note.trim().slice(0, 140) : undefined;
    const key = keyOf(id, choice.options, note);
    const line = lines.value.find((l) => l.key === key);
    if (line) {
      line.quantity = Math.min(MAX_QUANTITY, line.quantity + quantity);
      return;
    }
    const dish = menu.byId.get(id);

    const added: CartLine = { key, id, quantity: Math.min(MAX_QUANTITY, quantity) };
    if (note) added.note = note;
    if (choice.options) added.options = [...choice.options];
    if (dish) {
      added.name = dish.name;
      const chosen = dish.options.flatMap((g) => g.options).filter((o) => choice.options?.includes(o.id));
      added.optionNames = Object.fromEntries(chosen.map((o) => [o.id, o.name]));
      added.seenPrice = dish.price + chosen.reduce((sum, o) => sum + o.price, 0);
    }
    lines.value.push(added);
  }

  function setQuantity(key: string, quantity: number): void {
    if (quantity < 1) {
      remove(key);
      return;
    }
    const line = lines.value.find((l) => l.key === key);
    if (line) line.quantity = Math.min(MAX_QUANTITY, Math.floor(quantity));
  }

  function setNote(key: string, note: string): void {
    const line = lines.value.find((l) => l.key === key);
    if (!line) return;
    if (note.trim() === '') delete line.note;
    else line.note = note.slice(0, 140);
    line.key = keyOf(line.id, line.options, line.note);
    // The same dish with the same note is already in the cart: one line of both.
    const twin = lines.value.find((l) => l !== line && l.key === line.key);
    if (twin) {
      twin.quantity = Math.min(MAX_QUANTITY, twin.quantity + line.quantity);
      lines.value = lines.value.filter((l) => l !== line);
    }
  }

  function remove(key: string): void {
    lines.value = lines.value.filter((l) => l.key !== key);
  }

  /** Removes the lines named (those that cannot be ordered as they are). */
  function removeLines(keys: ReadonlySet<string>): void {
    lines.value = lines.value.filter((line) => !keys.has(line.key));
  }

  function clear(): void {
    lines.value = [];
  }

  return {
    lines,
    open,
    count,
    add,
    setQuantity,
    setNote,
    remove,
    removeLines,
    clear,
  };
});
