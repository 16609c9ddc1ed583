// Carrier delivery reports live apart from orders (see DeliveryRepository); readers see them
// folded into each text message's `delivery`: the furthest state reported.
import type { DeliveryStatus, Order } from '../domain/order.js';
import type { Store } from '../ports/store.js';

/** How far along a report is; a later, lesser report (reordered webhooks) does not undo a greater. */
const RANK: Record<DeliveryStatus, number> = {
  submitted: 1,
  rejected: 2,
  undeliverable: 2,
  delivered: 3,
  read: 4,
};

export async function withDeliveries(store: Store, orders: readonly Order[]): Promise<Order[]> {
  const withTexts = orders.filter((order) => order.notifications.length > 0);
  const reports = await store.deliveries.ofOrders({ orderIds: withTexts.map((order) => order.id) });
  if (reports.length === 0) return [...orders];
  return orders.map((order) => ({
    ...order,
    notifications: order.notifications.map((notification) => {
      let delivery = notification.delivery;
      for (const report of reports) {
        if (report.orderId !== order.id || report.notificationId !== notification.id) continue;
        if (delivery === null || RANK[report.status] > RANK[delivery]) delivery = report.status;
      }
      return { ...notification, delivery };
    }),
  }));
}
