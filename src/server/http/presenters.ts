// How orders and support calls are shown: explicit fields only (SEC-12), the customer's view and
// the kitchen's. Used by the routes and, for the events every stream renders, by live events.
import type { Order as OrderView, StaffOrder as StaffOrderView } from '../../contract/orders.js';
import type { SupportCall as SupportCallView } from '../../contract/calls.js';
import type { Order } from '../domain/order.js';
import { undoableUntil } from '../domain/order-status.js';
import type { SupportCall } from '../domain/support-call.js';
import { KITCHEN_NAME } from '../domain/user.js';

/** The customer's view: explicit fields only, never phone numbers or provider ids. */
export function presentOrder(order: Order): OrderView {
  const confirmation = order.notifications[0];
  return {
    id: order.id,
    number: order.number,
    items: order.items.map(({ itemId, name, unitPrice, quantity }) => ({
      itemId,
      name,
      unitPrice,
      quantity,
    })),
    total: order.total,
    status: order.status,
    statusHistory: order.statusHistory.map(({ status, at, undo }) => ({
      status,
      at: at.toISOString(),
      ...(undo ? { undo: true as const } : {}),
    })),
    orderTime: order.orderTime.toISOString(),
    lastUpdated: order.lastUpdated.toISOString(),
    confirmation: confirmation ? { status: confirmation.status, delivery: confirmation.delivery } : null,
    calls: order.calls.map(presentCall),
  };
}

/** A support call as both sides see it: never the provider's session id, nor a staff login. */
export function presentCall(call: SupportCall): SupportCallView {
  const iso = (at: Date | null) => at?.toISOString() ?? null;
  return {
    id: call.id,
    kind: call.kind,
    state: call.state,
    requestedAt: call.requestedAt.toISOString(),
    joinedAt: iso(call.joinedAt),
    // Never the login name: the name the staff member chose, or "the kitchen" (H8).
    joinedBy: call.joinedAt === null ? null : (call.joinedByName ?? KITCHEN_NAME),
    endedAt: iso(call.endedAt),
    endedBy: call.endedBy,
    phone: call.phone,
    reason: call.reason,
  };
}

/** The kitchen's view: the customer's, plus who ordered and the version to move it from. */
export function presentStaffOrder(order: Order): StaffOrderView {
  return {
    ...presentOrder(order),
    customerName: order.customerName,
    version: order.statusVersion,
    undoUntil: undoableUntil(order.status, order.statusHistory)?.toISOString() ?? null,
  };
}
