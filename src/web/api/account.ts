// The customer's own account: the settings page's calls. Kept apart from the client, so that the
// menu page never downloads them.
import { z } from 'zod';
import { AccountExport, AccountOverview, ErasureStep } from '../../contract/account.js';
import { getJson, sendJson } from './client.js';

export function fetchAccount(): Promise<AccountOverview> {
  return getJson('/api/website/account', AccountOverview);
}

export async function changePassword(
  form: { currentPassword: string; password: string },
  csrfToken: string | undefined,
): Promise<void> {
  await sendJson('PUT', '/api/website/account/password', z.null(), { body: form, csrfToken });
}

export async function signOutEverywhere(csrfToken: string | undefined): Promise<void> {
  await sendJson('POST', '/api/website/account/sign-out-everywhere', z.null(), { csrfToken });
}

export function startErasure(password: string, csrfToken: string | undefined): Promise<ErasureStep> {
  return sendJson('POST', '/api/website/account/erasure', ErasureStep, { body: { password }, csrfToken });
}

export function resendErasureCode(csrfToken: string | undefined): Promise<ErasureStep> {
  return sendJson('POST', '/api/website/account/erasure/resend', ErasureStep, { csrfToken });
}

export async function confirmErasure(tfaPin: string, csrfToken: string | undefined): Promise<void> {
  await sendJson('POST', '/api/website/account/erasure/confirm', z.null(), { body: { tfaPin }, csrfToken });
}

/** Everything the restaurant keeps about the customer, as a JSON file to save. */
export async function myData(): Promise<Blob> {
  const data = await getJson('/api/website/account/export', AccountExport);
  return new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
}

/** A guest keeps their orders in an account of their own. */
export async function claimGuest(
  form: { username: string; password: string },
  csrfToken: string | undefined,
): Promise<void> {
  await sendJson('POST', '/api/website/guest/account', z.null(), { body: form, csrfToken });
}
