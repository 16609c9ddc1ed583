// A guest's private link to an order (/website/track/<secret>): a 128-bit secret made as the
// confirmation text is sent and put into it there, so that the secret is never stored — only its
// SHA-256 digest, with the order and until when the link works (the pickup day and a week).
import { createHash, randomBytes } from 'node:crypto';
import type { Order } from '../domain/order.js';
import type { Store } from '../ports/store.js';

/** Where a text stored in the outbox holds the secret to come (see `withPrivateLink`). */
export const PRIVATE_LINK_SECRET = '{private-link}';

/** How long a private link works after the end of its order's pickup day. */
const TRACKING_DAYS = 7;

export const linkDigest = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** The end of the pickup's day (UTC) and `TRACKING_DAYS` more: when a private link stops working. */
export function trackingExpiry(readyBy: Date): Date {
  const endOfDay = Date.UTC(readyBy.getUTCFullYear(), readyBy.getUTCMonth(), readyBy.getUTCDate() + 1);
  return new Date(endOfDay + TRACKING_DAYS * 24 * 60 * 60 * 1000);
}

/**
 * The text as it goes out: a new secret in place of `PRIVATE_LINK_SECRET`, its digest stored
 * first (a retried send makes another link to the same order; both work).
 */
export async function withPrivateLink(store: Store, order: Order, text: string): Promise<string> {
  if (!text.includes(PRIVATE_LINK_SECRET)) return text;
  const secret = randomBytes(16).toString('base64url');
  const expiresAt = trackingExpiry(order.pickup?.readyBy ?? order.orderTime);
  await store.trackingLinks.add({ link: { digest: linkDigest(secret), orderId: order.id, expiresAt } });
  return text.replace(PRIVATE_LINK_SECRET, secret);
}
