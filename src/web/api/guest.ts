// Checking out as a guest: a name and a phone, proven by the code texted there. Kept apart from
// the client, so that the menu page never downloads it.
import { NextStep, type GuestRequest } from '../../contract/auth.js';
import { sendJson } from './client.js';

export function startGuest(form: GuestRequest): Promise<NextStep> {
  return sendJson('POST', '/api/website/guest', NextStep, { body: form });
}
