// The staff side's API calls: the kitchen board, the menu editor, the audit log, the settings and
// the team. Kept apart from the customer's client, so a customer's phone never downloads them.
import { z } from 'zod';
import { CustomerMenu, MenuItem, MenuList } from '../../contract/menu.js';
import {
  AuditLog,
  MenuExport,
  MenuImportReport,
  type MenuItemInput,
  type MenuLayout,
} from '../../contract/menu-admin.js';
import type { MoveOrderRequest } from '../../contract/order-requests.js';
import { KitchenBoard, StaffOrder, StatusTexts } from '../../contract/orders.js';
import { SalesReport } from '../../contract/reports.js';
import {
  AcceptedInvitation,
  Invitation,
  StaffProfile,
  Team,
  TeamMember,
  TicketTimers,
  type AcceptInvitationRequest,
  type InviteRequest,
} from '../../contract/team.js';
import {
  OrderingPause,
  RestaurantProfile,
  type OrderingPauseRequest,
} from '../../contract/restaurant-profile.js';
import { getJson, sendFile, sendJson } from './client.js';

/** The kitchen board: every active order. */
export function fetchKitchenBoard(): Promise<KitchenBoard> {
  return getJson('/api/staff/kitchen/orders', KitchenBoard);
}

/** "Done today": orders picked up or cancelled since the restaurant's midnight. */
export function fetchDoneToday(): Promise<KitchenBoard> {
  return getJson('/api/staff/kitchen/done', KitchenBoard);
}

/** The end-of-day report for local days `from`..`to` (admins). */
export function fetchSalesReport(from: string, to: string): Promise<SalesReport> {
  return getJson(`/api/staff/reports/sales?${new URLSearchParams({ from, to }).toString()}`, SalesReport);
}

/** One tap on the board; 409 when the order moved meanwhile. */
export function moveOrder(
  id: string,
  body: MoveOrderRequest,
  csrfToken: string | undefined,
): Promise<StaffOrder> {
  return sendJson('POST', `/api/staff/orders/${encodeURIComponent(id)}/status`, StaffOrder, {
    body,
    csrfToken,
  });
}

/** A cook's own ready time for an order (the customer sees it at once). */
export function setReadyBy(id: string, readyBy: string, csrfToken: string | undefined): Promise<StaffOrder> {
  return sendJson('PUT', `/api/staff/orders/${encodeURIComponent(id)}/ready-by`, StaffOrder, {
    body: { readyBy },
    csrfToken,
  });
}

/** Pause or resume online ordering, or set the busy minutes (the kitchen; audited). */
export function setOrderingPause(
  body: OrderingPauseRequest,
  csrfToken: string | undefined,
): Promise<OrderingPause> {
  return sendJson('PUT', '/api/staff/ordering-pause', OrderingPause, { body, csrfToken });
}

/** The restaurant's profile (admins). */
export function fetchRestaurantProfile(): Promise<RestaurantProfile> {
  return getJson('/api/staff/restaurant', RestaurantProfile);
}

/** Set the restaurant's profile (admins; audited). */
export function saveRestaurantProfile(
  body: RestaurantProfile,
  csrfToken: string | undefined,
): Promise<RestaurantProfile> {
  return sendJson('PUT', '/api/staff/restaurant', RestaurantProfile, { body, csrfToken });
}

/** Every dish, 86'd ones included (admins). */
export function fetchStaffMenu(): Promise<MenuList> {
  return getJson('/api/staff/menu', MenuList);
}

export function addDish(item: MenuItemInput, csrfToken: string | undefined): Promise<MenuItem> {
  return sendJson('POST', '/api/staff/menu', MenuItem, { body: item, csrfToken });
}

export function replaceDish(
  id: string,
  item: MenuItemInput,
  csrfToken: string | undefined,
): Promise<MenuItem> {
  return sendJson('PUT', `/api/staff/menu/${encodeURIComponent(id)}`, MenuItem, { body: item, csrfToken });
}

export async function removeDish(id: string, csrfToken: string | undefined): Promise<void> {
  await sendJson('DELETE', `/api/staff/menu/${encodeURIComponent(id)}`, z.null(), { csrfToken });
}

/** 86 (sold out) or un-86 dishes at once. */
export function setAvailability(ids: string[], available: boolean, csrfToken: string | undefined) {
  return sendJson('POST', '/api/staff/menu/availability', MenuList, { body: { ids, available }, csrfToken });
}

export function fetchCategoryOrder() {
  return getJson('/api/staff/menu/layout', z.object({ categories: z.array(z.string()) }));
}

export function saveLayout(layout: MenuLayout, csrfToken: string | undefined) {
  return sendJson('PUT', '/api/staff/menu/layout', CustomerMenu, { body: layout, csrfToken });
}

/** Uploads a dish photo: the file's own bytes, whatever its type (the server reads it). */
export function uploadPhoto(id: string, file: Blob, csrfToken: string | undefined): Promise<MenuItem> {
  return sendFile(`/api/staff/menu/${encodeURIComponent(id)}/photo`, MenuItem, { file, csrfToken });
}

export function removePhoto(id: string, csrfToken: string | undefined): Promise<MenuItem> {
  return sendJson('DELETE', `/api/staff/menu/${encodeURIComponent(id)}/photo`, MenuItem, { csrfToken });
}

export function exportMenu() {
  return getJson('/api/staff/menu/export', MenuExport);
}

export function importMenu(file: unknown, dryRun: boolean, csrfToken: string | undefined) {
  return sendJson('POST', `/api/staff/menu/import?dryRun=${String(dryRun)}`, MenuImportReport, {
    body: file,
    csrfToken,
  });
}

/**
 * A page of the audit log, newest first: `before` is the previous page's `nextBefore`; `area` and
 * `actor` keep one staff page's changes, one person's.
 */
export function fetchAudit(
  query: { before?: string; area?: string; actor?: string } = {},
): Promise<z.output<typeof AuditLog>> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  const search = params.toString();
  return getJson(`/api/staff/audit${search ? `?${search}` : ''}`, AuditLog);
}

/** Which order statuses text the customer. */
export function fetchStatusTexts(): Promise<StatusTexts> {
  return getJson('/api/staff/settings/status-texts', StatusTexts);
}

export function saveStatusTexts(body: StatusTexts, csrfToken: string | undefined): Promise<StatusTexts> {
  return sendJson('PUT', '/api/staff/settings/status-texts', StatusTexts, { body, csrfToken });
}

/** When tickets on the board turn amber, then red. */
export function fetchTicketTimers(): Promise<TicketTimers> {
  return getJson('/api/staff/settings/ticket-timers', TicketTimers);
}

export function saveTicketTimers(body: TicketTimers, csrfToken: string | undefined): Promise<TicketTimers> {
  return sendJson('PUT', '/api/staff/settings/ticket-timers', TicketTimers, { body, csrfToken });
}

/** The team (admins). */
export function fetchTeam(): Promise<Team> {
  return getJson('/api/staff/team', Team);
}

export function inviteToTeam(body: InviteRequest, csrfToken: string | undefined): Promise<Invitation> {
  return sendJson('POST', '/api/staff/team', Invitation, { body, csrfToken });
}

export function sendNewInvitation(id: string, csrfToken: string | undefined): Promise<Invitation> {
  return sendJson('POST', `/api/staff/team/${encodeURIComponent(id)}/invitation`, Invitation, {
    body: {},
    csrfToken,
  });
}

export function setMemberDisabled(
  id: string,
  disabled: boolean,
  csrfToken: string | undefined,
): Promise<TeamMember> {
  return sendJson('PUT', `/api/staff/team/${encodeURIComponent(id)}/disabled`, TeamMember, {
    body: { disabled },
    csrfToken,
  });
}

export function moveMemberToPhone(
  id: string,
  phone: string,
  csrfToken: string | undefined,
): Promise<TeamMember> {
  return sendJson('PUT', `/api/staff/team/${encodeURIComponent(id)}/phone`, TeamMember, {
    body: { phone },
    csrfToken,
  });
}

/** The invitation link's page: choose the password (no session). */
export function acceptInvitation(body: AcceptInvitationRequest): Promise<AcceptedInvitation> {
  return sendJson('POST', '/api/staff/invitations/accept', AcceptedInvitation, { body });
}

/** Who is signed in at the staff surface, and the name customers see them by. */
export function fetchProfile(): Promise<StaffProfile> {
  return getJson('/api/staff/profile', StaffProfile);
}

export function saveDisplayName(displayName: string, csrfToken: string | undefined): Promise<StaffProfile> {
  return sendJson('PUT', '/api/staff/profile', StaffProfile, { body: { displayName }, csrfToken });
}
