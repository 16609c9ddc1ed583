// The contract's schemas that client.ts checks its own answers against, in a file of their own:
// loaded (zod with them) by the first answer that comes over the network, after the first paint.
import { z } from 'zod';

export { NextStep, SessionInfo } from '../../contract/auth.js';
export { CustomerMenu } from '../../contract/menu.js';
export { Order, OrderPage } from '../../contract/orders.js';
export { Problem } from '../../contract/problem.js';
export { RestaurantInfo } from '../../contract/restaurant.js';

/** An answer with no body (204). */
export const Nothing = z.null();
