// Texts customers send back (two-way SMS): "HERE" when they arrive for their order, or anything
// else, which the kitchen reads on the ticket. A text is matched to the sender's open order by the
// phone the order's confirmation went to; nothing in a text is ever acted on but the word HERE.
// Anyone else — an unknown number, or a customer whose orders are done — gets at most one polite
// automatic answer a day.
import type { CustomerMessage, Order } from '../domain/order.js';
import type { Comms } from '../ports/comms.js';
import type { Log } from '../ports/log.js';
import type { Store } from '../ports/store.js';
import type { TextBudget } from './text-budget.js';
import { updateOrder } from './order-updates.js';
import { pseudonym } from './pseudonym.js';

/** Longest text kept on a ticket: a long text is cut, never refused (the sender cannot retry it). */
export const CUSTOMER_TEXT_LIMIT = 300;
const BOARD_LIMIT = 500;
/** Automatic answers to numbers without an open order, all numbers together, a day. */
export const AUTO_ANSWERS_A_DAY = 20;

export type TextOutcome = 'on_order' | 'answered' | 'ignored';

export interface CustomerTexts {
  /** One inbound text; `messageId` makes a webhook Vonage retries count once. */
  receive(args: { from: string; text: string; messageId: string }): Promise<TextOutcome>;
}

export interface CustomerTextsDeps {
  store: Store;
  comms: Pick<Comms, 'sms'>;
  budget: Pick<TextBudget, 'sendNotification'>;
  log: Log;
  now: () => Date;
  restaurantName: string;
  /** Told about the order a text was added to (live events: the board hears it at once). */
  onOrderChanged: (order: Order) => void;
}

/** One line of plain text: control characters become spaces, runs of spaces one, cut to the limit. */
export function cleanText(text: string): string {
  return text
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, CUSTOMER_TEXT_LIMIT);
}

/**
 * Whether a customer's reply reaches the restaurant: always in the sandbox; with Vonage only when
 * texts go out from a number (its inbound URL set to ours), never from a sender name.
 */
export const repliesReachUs = (commsKind: 'vonage' | 'sandbox', from: string): boolean =>
  commsKind === 'sandbox' || /^\+?\d{6,15}$/.test(from);

/** "HERE", "here!", "Here." — the customer is at the counter ("here in 10 min" is not). */
export const isArrival = (text: string): boolean => /^here[\s.!]*$/i.test(text.trim());

const OPEN: readonly Order['status'][] = ['received', 'preparing', 'ready'];

export function createCustomerTexts(deps: CustomerTextsDeps): CustomerTexts {
  const { store, log, now } = deps;

  /**
   * The sender's open order: the one ready for pickup first, else the one due nearest now (not a
   * scheduled order for tomorrow placed after today's).
   */
  async function openOrderOf(phone: string): Promise<Order | null> {
    const board = await store.orders.listActive({ limit: BOARD_LIMIT });
    const at = now().getTime();
    const dueIn = (order: Order) => Math.abs((order.pickup?.readyBy ?? order.orderTime).getTime() - at);
    const theirs = board
      .filter((order) => OPEN.includes(order.status) && order.notifications[0]?.to === phone)
      .sort((a, b) => dueIn(a) - dueIn(b));
    return theirs.find((order) => order.status === 'ready') ?? theirs[0] ?? null;
  }

  /**
   * At most one a day per number, and at most AUTO_ANSWERS_A_DAY in all (texts from many numbers
   * must not spend the budget the orders' texts need), within the restaurant's text budget.
   */
  async function answerOnce(phone: string): Promise<TextOutcome> {
    const at = now();
    const day = at.toISOString().slice(0, 10);
    if (!(await store.milestones.claimOnce({ key: `auto-answer:${pseudonym(phone)}:${day}`, at })))
      return 'ignored';
    const { count } = await store.counters.hit({ key: 'auto-answers', windowSeconds: 86_400, at });
    if (count > AUTO_ANSWERS_A_DAY) return 'ignored';
    const text = `${deps.restaurantName}: this number cannot read replies except for open orders. Please call the restaurant if you need us.`;
    try {
      await deps.budget.sendNotification(
        async () => (await deps.comms.sms.send({ to: phone, text })).outcome,
      );
    } catch (error) {
      log.warn({ err: error }, 'automatic answer to a text not sent');
    }
    return 'answered';
  }

  return {
    async receive({ from, text, messageId }) {
      const phone = `+${from.replace(/\D/g, '')}`;
      if (!/^\+\d{6,15}$/.test(phone)) return 'ignored';
      const body = cleanText(text);
      const order = await openOrderOf(phone);
      if (!order) return answerOnce(phone);
      const message: CustomerMessage = { id: messageId, at: now(), text: body, arrival: isArrival(body) };
      const saved = await updateOrder(
        store,
        order.id,
        (current) =>
          current.messages.some((m) => m.id === messageId)
            ? null
            : { ...current, messages: [...current.messages, message], lastUpdated: message.at },
        order,
      );
      if (saved) {
        deps.onOrderChanged(saved);
        log.info({ order: saved.number, arrival: message.arrival }, 'customer text added to the order');
      }
      return 'on_order';
    },
  };
}
