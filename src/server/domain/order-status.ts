// The order state machine: the one way an order's status changes, whoever changes it. A move
// forward, a recall (the kitchen's undo: one step back), or a cancellation with a reason; each
// is recorded in the history, and the statuses the restaurant chose text the customer once.
import type { FieldProblem } from './errors.js';
import { newTextMessage, outboxDueAt, type Order, type OrderStatus } from './order.js';

/** The kitchen's path; `cancelled` leaves it from the first two steps only. */
const NEXT: Partial<Record<OrderStatus, OrderStatus>> = {
  received: 'preparing',
  preparing: 'ready',
  ready: 'completed',
};
const CANCELLABLE: readonly OrderStatus[] = ['received', 'preparing'];

export type StatusMove = { kind: 'advance' } | { kind: 'recall' } | { kind: 'cancel'; reason: string };

export type StatusChangeResult =
  { ok: true; order: Order; status: OrderStatus } | { ok: false; problem: FieldProblem };

export interface StatusChangeContext {
  at: Date;
  /** Statuses that text the customer (default: ready and cancelled). */
  textOn: ReadonlySet<OrderStatus>;
  /** The customer's number now (E.164); `null`: nobody to text. */
  phone: string | null;
  /** The text for a status, e.g. "Von Appétit: order #12 is ready for pickup". */
  textFor: (order: Order, status: OrderStatus, reason: string | null) => string;
}

/** Where a move leads from `status`, or why it cannot be made. */
export function targetOf(
  status: OrderStatus,
  move: StatusMove,
  history: Order['statusHistory'],
): { to: OrderStatus } | { refused: string } {
  switch (move.kind) {
    case 'advance': {
      const next = NEXT[status];
      return next ? { to: next } : { refused: `an order that is ${status} cannot move on` };
    }
    case 'cancel':
      return CANCELLABLE.includes(status)
        ? { to: 'cancelled' }
        : { refused: `an order that is ${status} cannot be cancelled` };
    case 'recall': {
      // Back to the status before the latest move; a cancelled order is not brought back.
      const previous = status === 'cancelled' ? undefined : history.at(-2)?.status;
      return previous ? { to: previous } : { refused: `an order that is ${status} has no move to undo` };
    }
  }
}

export function changeStatus(
  order: Order,
  move: StatusMove,
  context: StatusChangeContext,
): StatusChangeResult {
  const found = targetOf(order.status, move, order.statusHistory);
  if ('refused' in found) return { ok: false, problem: { field: 'status', message: found.refused } };
  const target = found.to;
  const reason = move.kind === 'cancel' ? move.reason : null;
  const history =
    move.kind === 'recall'
      ? [...order.statusHistory.slice(0, -1)]
      : [...order.statusHistory, { status: target, at: context.at }];
  let notifications = order.notifications;
  // One text per status, ever: a status reached again after a recall is not texted twice.
  if (move.kind !== 'recall' && context.textOn.has(target) && context.phone !== null) {
    const id = `on${target}`;
    if (!notifications.some((n) => n.id === id)) {
      const text = newTextMessage({
        id,
        to: context.phone,
        text: context.textFor(order, target, reason),
        at: context.at,
      });
      notifications = [...notifications, text];
    }
  }
  return {
    ok: true,
    status: target,
    order: {
      ...order,
      status: target,
      statusHistory: history,
      notifications,
      outboxDueAt: outboxDueAt(notifications),
      lastUpdated: context.at,
      statusVersion: order.statusVersion + 1,
    },
  };
}
