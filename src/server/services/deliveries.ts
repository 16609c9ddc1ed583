// Carrier delivery reports, as readers see them: folded into each text message's `delivery`, the
// furthest state reported. A store that keeps them inside the order (MongoDB) has already folded
// them when it read the order; others list them apart (see DeliveryRepository).
import { furthestDelivery, type Order } from '../domain/order.js';
import type { Store } from '../ports/store.js';

export async function withDeliveries(store: Store, orders: readonly Order[]): Promise<Order[]> {
  if (store.deliveries.foldedIntoOrders) return [...orders];
  const withTexts = orders.filter((order) => order.notifications.length > 0);
  const reports = await store.deliveries.ofOrders({ orderIds: withTexts.map((order) => order.id) });
  if (reports.length === 0) return [...orders];
  return orders.map((order) => ({
    ...order,
    notifications: order.notifications.map((notification) => ({
      ...notification,
      delivery: furthestDelivery(
        notification.delivery,
        reports
          .filter((report) => report.orderId === order.id && report.notificationId === notification.id)
          .map((report) => report.status),
      ),
    })),
  }));
}
