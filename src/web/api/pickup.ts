// Checkout's pickup times: kept apart from the client every page loads, so the menu's first
// render does not carry them.
import { PickupTimes } from '../../contract/restaurant-profile.js';
import { getJson } from './client.js';

/** When an order of `dishes` dishes can be picked up. */
export function fetchPickupTimes(dishes: number): Promise<PickupTimes> {
  return getJson(`/api/pickup-times?dishes=${Math.max(1, Math.round(dishes))}`, PickupTimes);
}
