// Pricing an order (SEC-14) and recognising a retried one (REL-01). The client names dishes and
// quantities only; every price comes from the menu at the moment of ordering.
import { createHash } from 'node:crypto';
import type { FieldProblem } from './errors.js';
import { chooseOptions, type MenuItem } from './menu.js';
import type { OrderLine } from './order.js';

export const ORDER_LIMITS = {
  maxLines: 50,
  maxQuantity: 99,
} as const;

export interface RequestedLine {
  id: string;
  quantity: number;
  /** The customer's note for the kitchen about this line. */
  note?: string | null;
  /** The ids of the options chosen; absent: the dish's preselected ones. */
  options?: readonly string[];
}

/** A note as kept: trimmed, `null` when empty. */
export const noteOf = (note: string | null | undefined): string | null => {
  const trimmed = note?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/**
 * The article's client sends dish ids (`["5eed…01", "5eed…02", "5eed…02"]`); ours sends
 * `{id, quantity, note, options}` lines. Both become one line per dish, choice of options and
 * note, in first-seen order: two burgers, one "no onions", stay two lines.
 */
export function mergeLines(items: readonly (string | RequestedLine)[]): RequestedLine[] {
  const merged = new Map<string, RequestedLine>();
  for (const item of items) {
    const line = typeof item === 'string' ? { id: item, quantity: 1 } : item;
    const note = noteOf(line.note);
    const options = line.options && [...new Set(line.options)].sort();
    const key = `${line.id}\0${note ?? ''}\0${options?.join(',') ?? '*'}`;
    const seen = merged.get(key);
    merged.set(key, {
      id: line.id,
      quantity: (seen?.quantity ?? 0) + line.quantity,
      ...(note ? { note } : {}),
      ...(options ? { options } : {}),
    });
  }
  return [...merged.values()];
}

export type PricedOrder =
  | { ok: true; lines: OrderLine[]; total: number }
  | { ok: false; code: 'unknown_item' | 'item_unavailable' | 'validation_failed'; problems: FieldProblem[] };

/**
 * Prices every line from the menu. Refuses the whole order — never part of it — when a dish is
 * unknown or not available, naming each such line.
 */
export function priceOrder(
  lines: readonly RequestedLine[],
  menu: ReadonlyMap<string, MenuItem>,
): PricedOrder {
  if (lines.length === 0) {
    return {
      ok: false,
      code: 'validation_failed',
      problems: [{ field: 'items', message: 'Your cart is empty.' }],
    };
  }
  if (lines.length > ORDER_LIMITS.maxLines) {
    const message = `at most ${ORDER_LIMITS.maxLines} different dishes per order`;
    return { ok: false, code: 'validation_failed', problems: [{ field: 'items', message }] };
  }
  const tooMany = lines.findIndex((line) => line.quantity > ORDER_LIMITS.maxQuantity);
  if (tooMany >= 0) {
    const message = `at most ${ORDER_LIMITS.maxQuantity} of one dish per order`;
    return {
      ok: false,
      code: 'validation_failed',
      problems: [{ field: `items.${tooMany}.quantity`, message }],
    };
  }
  const unknown: FieldProblem[] = [];
  const unavailable: FieldProblem[] = [];
  const priced: OrderLine[] = [];
  for (const [index, line] of lines.entries()) {
    const dish = menu.get(line.id);
    const choice = dish?.available ? chooseOptions(dish, line.options) : null;
    if (!dish)
      unknown.push({ field: `items.${index}.id`, message: `No dish on the menu has the id ${line.id}.` });
    else if (!dish.available)
      unavailable.push({ field: `items.${index}.id`, message: `${dish.name} is sold out.` });
    else if (choice && !choice.ok)
      (choice.unknown ? unknown : unavailable).push({
        field: `items.${index}.options`,
        message: choice.message,
      });
    else {
      const note = noteOf(line.note);
      const options = choice?.ok ? choice.chosen : [];
      priced.push({
        itemId: dish.id,
        name: dish.name,
        unitPrice: dish.price + options.reduce((sum, option) => sum + option.price, 0),
        quantity: line.quantity,
        ...(note ? { note } : {}),
        ...(options.length > 0 ? { options } : {}),
      });
    }
  }
  if (unknown.length > 0) return { ok: false, code: 'unknown_item', problems: unknown };
  if (unavailable.length > 0) return { ok: false, code: 'item_unavailable', problems: unavailable };
  const total = priced.reduce((sum, line) => sum + (line.unitPrice ?? 0) * line.quantity, 0);
  return { ok: true, lines: priced, total };
}

/**
 * What makes two order requests "the same request" for an Idempotency-Key: the merged lines, and
 * (when given) the pickup time, name and notes. An order without them hashes as it always did.
 */
export function requestHashOf(
  lines: readonly RequestedLine[],
  extras: readonly (string | null)[] = [],
): string {
  const canonical = lines
    .map(
      (l) =>
        `${l.id}x${l.quantity}${l.note ? `:${JSON.stringify(l.note)}` : ''}${l.options ? `+${l.options.join(',')}` : ''}`,
    )
    .sort((a, b) => a.localeCompare(b));
  const extra = extras.some((e) => e !== null) ? `|${JSON.stringify(extras)}` : '';
  return createHash('sha256')
    .update(canonical.join(',') + extra)
    .digest('hex');
}

/**
 * An order's id follows from its owner and Idempotency-Key: a retry — even one racing the first
 * attempt on another instance — collides on the primary key instead of creating a second order.
 * 24 hex characters, the shape of every id in the app.
 */
export function orderIdFor(userId: string, idempotencyKey: string): string {
  return createHash('sha256').update(`order\0${userId}\0${idempotencyKey}`).digest('hex').slice(0, 24);
}

export const IDEMPOTENCY_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
