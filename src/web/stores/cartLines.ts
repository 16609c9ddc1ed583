// The cart's lines as the menu makes them now: each line's label with its options, its price, and
// what stops it being ordered (sold out, gone, changed), with the subtotal. Kept apart from the
// cart itself (cart.ts), which the menu's first render needs: this is loaded with the cart panel,
// the phone's cart bar and checkout.
import { defineStore } from 'pinia';
import { computed } from 'vue';
import type { MenuItem } from '../../contract/menu.js';
import { lineLabel, type LineOption } from '../../contract/order-lines.js';
import { useCartStore, type CartLine } from './cart.js';
import { useMenuStore } from './menu.js';
import { useRestaurantStore } from './restaurant.js';

/** A line as the menu makes it now: its options priced, and what stops it being ordered, if anything. */
function judge(
  line: CartLine,
  dish: MenuItem | null,
  menuReady: boolean,
  formatPrice: (c: number) => string,
) {
  const name = dish?.name ?? line.name ?? 'A dish';
  if (!dish) {
    return {
      label: name,
      unitPrice: 0,
      problem: menuReady ? `${name} — no longer on the menu, remove it to check out` : null,
      changed: null,
    };
  }
  if (!dish.available)
    return {
      label: name,
      unitPrice: 0,
      problem: `${name} — sold out, remove it to check out`,
      changed: null,
    };
  const wanted = new Set(
    line.options ?? dish.options.flatMap((g) => g.options.filter((o) => o.preselected).map((o) => o.id)),
  );
  const chosen: LineOption[] = [];
  let problem: string | null = null;
  for (const id of wanted) {
    if (!dish.options.some((g) => g.options.some((o) => o.id === id))) {
      problem = `${name} — ${line.optionNames?.[id] ?? 'an option'} is no longer offered, remove it to check out`;
    }
  }
  for (const group of dish.options) {
    const picked = group.options.filter((o) => wanted.has(o.id));
    const soldOut = picked.find((o) => !o.available);
    if (soldOut) problem ??= `${name} — ${soldOut.name} is sold out, remove it to check out`;
    if (picked.length < group.min || picked.length > group.max) {
      problem ??= `${name} — ${group.name} changed on the menu, remove it and choose again`;
    }
    for (const o of picked) chosen.push({ kind: group.kind, name: o.name, price: o.price });
  }
  const unitPrice = dish.price + chosen.reduce((sum, o) => sum + o.price, 0);
  const changed =
    line.seenPrice !== undefined && line.seenPrice !== unitPrice
      ? `Price changed: now ${formatPrice(unitPrice)} (was ${formatPrice(line.seenPrice)})`
      : null;
  return { label: lineLabel(name, chosen, formatPrice), unitPrice, problem, changed };
}

export const useCartLinesStore = defineStore('cartLines', () => {
  const cart = useCartStore();
  const menu = useMenuStore();
  const restaurant = useRestaurantStore();

  /** Lines with today's dish, their price and label, and what stops them being ordered. */
  const detailed = computed(() =>
    cart.lines.map((line) => {
      const dish = menu.byId.get(line.id) ?? null;
      const judged = judge(line, dish, menu.status === 'ready', restaurant.formatPrice);
      return { ...line, dish, ...judged, lineTotal: judged.problem ? 0 : judged.unitPrice * line.quantity };
    }),
  );
  /** Some line cannot be ordered as it is (sold out, gone, changed): checkout waits. */
  const unavailable = computed(() => detailed.value.some((line) => line.problem !== null));
  /** What the menu says the dishes cost now, before tax (see cartMoney.ts); the order's comes from the server. */
  const subtotal = computed(() => detailed.value.reduce((sum, line) => sum + line.lineTotal, 0));

  function removeUnavailable(): void {
    cart.removeLines(new Set(detailed.value.filter((line) => line.problem).map((line) => line.key)));
  }

  return { detailed, unavailable, subtotal, removeUnavailable };
});
