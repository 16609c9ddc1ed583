// Orders as the kitchen and the customer see them, including those the original app stored.

/** received → preparing → ready → completed; received|preparing → cancelled. */
export const ORDER_STATUSES = ['received', 'preparing', 'ready', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderLine {
  itemId: string;
  /** Snapshot at ordering time; `null` on the original app's orders, which stored dish ids only. */
  name: string | null;
  /** Integer minor units at ordering time; `null` on the original app's orders. */
  unitPrice: number | null;
  quantity: number;
}

export interface Order {
  id: string;
  userId: string;
  /** Short, human order number; `null` on the original app's orders. */
  number: string | null;
  items: OrderLine[];
  /** Integer minor units; `null` when the lines carry no prices (original orders). */
  total: number | null;
  status: OrderStatus;
  orderTime: Date;
  lastUpdated: Date;
}

export type NewOrder = Omit<Order, 'id'>;

/**
 * The original app stored `status` as an integer and only ever wrote 0 (just placed). Other
 * integers are read as positions in our status list, the closest meaning they can have.
 */
export function statusFromStored(stored: unknown): OrderStatus {
  if (typeof stored === 'string') {
    const known = ORDER_STATUSES.find((status) => status === stored);
    if (known) return known;
  }
  if (typeof stored === 'number' && Number.isInteger(stored)) return ORDER_STATUSES[stored] ?? 'received';
  return 'received';
}
