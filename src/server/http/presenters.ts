// How everything the API answers is shown: explicit fields only (SEC-12). Orders and support
// calls in the customer's view and the kitchen's (also for the events every stream renders, by
// live events), dishes, the team and a staff member's own profile.
import type { Order as OrderView, StaffOrder as StaffOrderView } from '../../contract/orders.js';
import type { SupportCall as SupportCallView } from '../../contract/calls.js';
import type { Order } from '../domain/order.js';
import { undoableUntil } from '../domain/order-status.js';
import type { SupportCall } from '../domain/support-call.js';
import { KITCHEN_NAME } from '../domain/user.js';
import type { JoinedCall as JoinedCallView } from '../../contract/calls.js';
import type { StaffProfile, TeamMember as TeamMemberView } from '../../contract/team.js';
import { PHOTO_WIDTHS, photoFileName, type MenuItem } from '../domain/menu.js';
import type { Account } from '../domain/user.js';
import type { JoinedCall } from '../services/support-calls.js';
import type { Invited, TeamMember } from '../services/staff-admin.js';

/** The customer's view: explicit fields only, never phone numbers or provider ids. */
export function presentOrder(order: Order): OrderView {
  const confirmation = order.notifications[0];
  return {
    id: order.id,
    number: order.number,
    items: order.items.map(({ itemId, name, unitPrice, quantity, note, options }) => ({
      itemId,
      name,
      unitPrice,
      quantity,
      note: note ?? null,
      options: options ?? [],
    })),
    total: order.total,
    charges: order.charges && {
      subtotal: order.charges.subtotal,
      tax: order.charges.tax,
      taxIncluded: order.charges.taxIncluded,
      payment: order.charges.payment,
    },
    pickup: order.pickup && {
      name: order.pickup.name,
      scheduledFor: order.pickup.scheduledFor?.toISOString() ?? null,
      readyBy: order.pickup.readyBy.toISOString(),
      note: order.pickup.note,
    },
    status: order.status,
    statusHistory: order.statusHistory.map(({ status, at, undo, reason }) => ({
      status,
      at: at.toISOString(),
      ...(undo ? { undo: true as const } : {}),
      ...(reason ? { reason } : {}),
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
    prepareFrom: (order.pickup?.prepareFrom ?? order.orderTime).toISOString(),
    messages: order.messages.map(({ at, text, arrival }) => ({ at: at.toISOString(), text, arrival })),
    // What a customer at the counter says ("it's the one ending 1234"): the number its texts go to.
    phoneEnding: order.notifications[0]?.to.slice(-4) ?? null,
  };
}

/** A dish, on the customer menu and in the editor: only these fields, whatever the store holds. */
export function presentMenuItem(item: MenuItem) {
  return {
    id: item.id,
    name: item.name,
    price: item.price,
    description: item.description,
    category: item.category,
    available: item.available,
    position: item.position,
    options: item.options,
    tags: item.tags,
    allergens: item.allergens,
    photo: item.photo && {
      small: `${PHOTO_PATH}/${photoFileName(item.photo.key, PHOTO_WIDTHS[0])}`,
      large: `${PHOTO_PATH}/${photoFileName(item.photo.key, PHOTO_WIDTHS[1])}`,
      width: item.photo.width,
      height: item.photo.height,
    },
    createdAt: item.createdAt?.toISOString() ?? null,
    updatedAt: item.updatedAt?.toISOString() ?? null,
  };
}

/** Where dish photos are served (routes/photos.ts). */
export const PHOTO_PATH = '/media/dishes';

/** A call just asked for or joined, with the caller's own token for it. */
export const presentJoinedCall = ({ call, connection }: JoinedCall): JoinedCallView => ({
  call: presentCall(call),
  connection: { ...connection, expiresAt: connection.expiresAt.toISOString() },
});

/** A member of the team, for admins: the phone already masked by the service. */
export const presentMember = (member: TeamMember): TeamMemberView => ({
  id: member.id,
  username: member.username,
  role: member.role,
  displayName: member.displayName,
  phone: member.phone,
  phoneVerified: member.phoneVerified,
  state: member.state,
  invitationExpiresAt: member.invitationExpiresAt?.toISOString() ?? null,
  createdAt: member.createdAt?.toISOString() ?? null,
});

export const presentInvitation = ({ member, link, texted }: Invited) => ({
  member: presentMember(member),
  link,
  texted,
});

/** Who is signed in, as they see themselves on their profile page. */
export const presentProfile = (user: Account): StaffProfile => ({
  username: user.username,
  role: user.role === 'admin' ? 'admin' : 'staff',
  displayName: user.displayName,
});
