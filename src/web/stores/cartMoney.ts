// The cart's subtotal, tax and total by the restaurant's tax rule, for the cart panel and checkout
// (which load after the menu: the menu's first render does not carry the tax rule). The order's
// own amounts come from the server, computed by the same rule.
import { computed, type ComputedRef } from 'vue';
import { moneyLines, type MoneyLines } from '../../contract/money.js';
import { useCartLinesStore } from './cartLines.js';
import { useRestaurantStore } from './restaurant.js';

export type CartMoney = MoneyLines & { taxIncluded: boolean; rateBps: number };

export function useCartMoney(): ComputedRef<CartMoney> {
  const cart = useCartLinesStore();
  const restaurant = useRestaurantStore();
  return computed(() => {
    const tax = restaurant.info.tax ?? { rateBps: 0, included: false };
    return { ...moneyLines(cart.subtotal, tax), taxIncluded: tax.included, rateBps: tax.rateBps };
  });
}
