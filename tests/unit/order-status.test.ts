// The order state machine: every path a status can take, and the texts it leaves for the relay.
import { describe, expect, it } from 'vitest';
import {
  changeStatus,
  undoableUntil,
  UNDO_WINDOW_SECONDS,
  type StatusChangeContext,
} from '../../src/server/domain/order-status.js';
import { readyAtOf, type Order, type OrderStatus } from '../../src/server/domain/order.js';
import { aConfirmationText, anOrder } from '../support/factories.js';

const T0 = new Date('2026-11-28T12:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function context(minutes: number, textOn: OrderStatus[] = ['ready', 'cancelled']): StatusChangeContext {
  return {
    at: at(minutes),
    textOn: new Set(textOn),
    phone: '+15556661234',
    textFor: (order, status, reason) =>
      `order #${order.number ?? '?'} is ${status}${reason ? `: ${reason}` : ''}`,
  };
}

function aReceivedOrder(): Order {
  return {
    id: 'c0ffee0000000000000000aa',
    ...anOrder('0123456789abcdef01234567', {
      orderTime: T0,
      notifications: [aConfirmationText(T0, { status: 'sent' })],
    }),
  };
}

function move(order: Order, kind: 'advance' | 'recall', minutes: number): Order {
  const result = changeStatus(order, { kind }, context(minutes));
  if (!result.ok) throw new Error(result.problem.message);
  return result.order;
}

describe('the order state machine', () => {
  it('moves received → preparing → ready → completed, recording each step', () => {
    const completed = move(move(move(aReceivedOrder(), 'advance', 1), 'advance', 2), 'advance', 3);
    expect(completed.status).toBe('completed');
    expect(completed.statusHistory.map((h) => h.status)).toEqual([
      'received',
      'preparing',
      'ready',
      'completed',
    ]);
    expect(completed.lastUpdated).toEqual(at(3));
    expect(changeStatus(completed, { kind: 'advance' }, context(4))).toMatchObject({ ok: false });
  });

  it('texts the customer once when the order is ready, even if it is recalled and made ready again', () => {
    const ready = move(move(aReceivedOrder(), 'advance', 1), 'advance', 2);
    expect(ready.notifications.map((n) => [n.id, n.text, n.status])).toEqual([
      ['n1', 'Von Appétit: order #101 received, total $13.93', 'sent'],
      ['onready', 'order #101 is ready', 'pending'],
    ]);
    expect(ready.outboxDueAt).toEqual(at(2));
    const recalled = move(ready, 'recall', 3);
    expect(recalled.status).toBe('preparing');
    expect(recalled.statusHistory.map((h) => [h.status, h.undo ?? false])).toEqual([
      ['received', false],
      ['preparing', false],
      ['ready', false],
      ['preparing', true],
    ]);
    const readyAgain = move(recalled, 'advance', 4);
    expect(readyAgain.notifications.filter((n) => n.id === 'onready')).toHaveLength(1);
  });

  it('cancels from received or preparing only, texting the reason and keeping it in the history', () => {
    const result = changeStatus(aReceivedOrder(), { kind: 'cancel', reason: 'out of buns' }, context(1));
    expect(result).toMatchObject({ ok: true, status: 'cancelled' });
    if (!result.ok) throw new Error('cancel failed');
    expect(result.order.notifications.at(-1)?.text).toBe('order #101 is cancelled: out of buns');
    expect(result.order.statusHistory.at(-1)).toMatchObject({ status: 'cancelled', reason: 'out of buns' });
    const ready = move(move(aReceivedOrder(), 'advance', 1), 'advance', 2);
    expect(changeStatus(ready, { kind: 'cancel', reason: 'x' }, context(3))).toMatchObject({ ok: false });
  });

  it('texts only the statuses the restaurant chose', () => {
    const quiet = changeStatus(move(aReceivedOrder(), 'advance', 1), { kind: 'advance' }, context(2, []));
    expect(quiet.ok && quiet.order.notifications).toHaveLength(1);
  });

  it('undoes only the last move, once, within 2 minutes, keeping every line of the history (H7)', () => {
    const completed = move(move(move(aReceivedOrder(), 'advance', 1), 'advance', 2), 'advance', 3);
    const undone = move(completed, 'recall', 4);
    expect(undone.status).toBe('ready');
    // A second undo would walk the order further back: refused, and the history only ever grows.
    expect(changeStatus(undone, { kind: 'recall' }, context(4))).toMatchObject({
      ok: false,
      problem: { message: 'an order that is ready has no move to undo' },
    });
    expect(undone.statusHistory.map((h) => h.status)).toEqual([
      'received',
      'preparing',
      'ready',
      'completed',
      'ready',
    ]);
    // Moved on again, that move can be undone in its turn…
    const completedAgain = move(undone, 'advance', 5);
    expect(move(completedAgain, 'recall', 6).status).toBe('ready');
    // …but not once its 2 minutes are over.
    const late = new Date(at(5).getTime() + (UNDO_WINDOW_SECONDS + 1) * 1000);
    expect(changeStatus(completedAgain, { kind: 'recall' }, { ...context(0), at: late })).toMatchObject({
      ok: false,
    });
    expect(undoableUntil(completedAgain.status, completedAgain.statusHistory)).toEqual(
      new Date(at(5).getTime() + UNDO_WINDOW_SECONDS * 1000),
    );
    expect(undoableUntil(undone.status, undone.statusHistory)).toBeNull();
  });

  it('has nothing to undo on a new order, and never brings a cancelled one back', () => {
    expect(changeStatus(aReceivedOrder(), { kind: 'recall' }, context(1))).toMatchObject({ ok: false });
    const cancelled = changeStatus(aReceivedOrder(), { kind: 'cancel', reason: 'closed' }, context(1));
    if (!cancelled.ok) throw new Error('cancel failed');
    expect(changeStatus(cancelled.order, { kind: 'recall' }, context(2))).toMatchObject({ ok: false });
  });

  it('brings a pickup back within 30 minutes, untexted, without a new ready time for the pace', () => {
    let order = aReceivedOrder();
    for (const minutes of [1, 2, 3]) order = move(order, 'advance', minutes);
    const reopened = changeStatus(order, { kind: 'reopen' }, context(33));
    if (!reopened.ok) throw new Error(reopened.problem.message);
    expect(reopened.order.status).toBe('ready');
    expect(reopened.order.statusHistory.at(-1)).toEqual({ status: 'ready', at: at(33), undo: true });
    expect(reopened.order.notifications.filter((n) => n.id === 'onready')).toHaveLength(1);
    // The kitchen's pace learns from when it cooked the order, not from when it came back.
    expect(readyAtOf(reopened.order)).toEqual(at(2));
    const late = changeStatus(order, { kind: 'reopen' }, context(34));
    expect(late).toMatchObject({ ok: false });
  });
});
