// The order state machine: the one way an order's status changes, whoever changes it. A move
// forward, a recall (the kitchen's undo of its last move), or a cancellation with a reason; each
// is appended to the history, and the statuses the restaurant chose text the customer once.
import type { FieldProblem } from './errors.js';
import { newTextMessage, outboxDueAt, type Order, type OrderStatus } from './order.js';

/** The kitchen's path; `cancelled` leaves it from the first two steps only. */
const NEXT: Partial<Record<OrderStatus, OrderStatus>> = {
  received: 'preparing',
  preparing: 'ready',
  ready: 'completed',
};
const CANCELLABLE: readonly OrderStatus[] = ['received', 'preparing'];

/**
 * How long a move can be undone: long enough to catch a mis-tap, short enough that an order
 * picked up an hour ago cannot be walked back (H7).
 */
export const UNDO_WINDOW_SECONDS = 120;

/**
 * How long after its pickup an order can be brought back to the board ("picked up" tapped by
 * mistake, or the customer came back for a missing drink): long enough to notice, short enough
 * that the day's figures stop moving.
 */
export const REOPEN_WINDOW_MINUTES = 30;

export type StatusMove =
  { kind: 'advance' } | { kind: 'recall' } | { kind: 'reopen' } | { kind: 'cancel'; reason: string };

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

/**
 * Until when the latest move of this history can be undone; `null` when there is none to undo:
 * only a move forward can be (not the order's arrival, a cancellation or an undo), once, within
 * UNDO_WINDOW_SECONDS.
 */
export function undoableUntil(status: OrderStatus, history: Order['statusHistory']): Date | null {
  const last = history.at(-1);
  if (status === 'cancelled' || history.length < 2 || !last || last.undo || last.status !== status) {
    return null;
  }
  return new Date(last.at.getTime() + UNDO_WINDOW_SECONDS * 1000);
}

/** Where a move leads from `status` at `at`, or why it cannot be made. */
export function targetOf(
  status: OrderStatus,
  move: StatusMove,
  history: Order['statusHistory'],
  at: Date,
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
      // Back to the status before the latest move (its history line before the last).
      const until = undoableUntil(status, history);
      const previous = history.at(-2)?.status;
      if (status === 'cancelled') return { refused: 'a cancelled order cannot be brought back' };
      if (!until || !previous) return { refused: `an order that is ${status} has no move to undo` };
      if (at.getTime() > until.getTime()) {
        return { refused: 'the last move was made over 2 minutes ago: it can no longer be undone' };
      }
      return { to: previous };
    }
    case 'reopen': {
      const last = history.at(-1);
      if (status !== 'completed' || last?.status !== 'completed') {
        return { refused: `only an order picked up can be brought back, and this one is ${status}` };
      }
      if (at.getTime() - last.at.getTime() > REOPEN_WINDOW_MINUTES * 60_000) {
        return {
          refused: `it was picked up more than ${REOPEN_WINDOW_MINUTES} minutes ago: it can no longer be brought back to the board`,
        };
      }
      return { to: 'ready' };
    }
  }
}

export function changeStatus(
  order: Order,
  move: StatusMove,
  context: StatusChangeContext,
): StatusChangeResult {
  const found = targetOf(order.status, move, order.statusHistory, context.at);
  if ('refused' in found) return { ok: false, problem: { field: 'status', message: found.refused } };
  const target = found.to;
  const reason = move.kind === 'cancel' ? move.reason : null;
  const history = [
    ...order.statusHistory,
    // Brought back from "picked up" is the pickup taken back, as an undo is.
    move.kind === 'recall' || move.kind === 'reopen'
      ? { status: target, at: context.at, undo: true as const }
      : reason
        ? { status: target, at: context.at, reason }
        : { status: target, at: context.at },
  ];
  let notifications = order.notifications;
  // One text per status, ever: a status reached again after a recall is not texted twice.
  if (
    move.kind !== 'recall' &&
    move.kind !== 'reopen' &&
    context.textOn.has(target) &&
    context.phone !== null
  ) {
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
