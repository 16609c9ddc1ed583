// A forgotten password's calls, for customers and staff. Kept apart from the client, so that the
// menu page never downloads them.
import { VerifyRequest } from '../../contract/auth.js';
import { PasswordResetDone, PasswordResetStep } from '../../contract/password-reset.js';
import { sendJson, type Surface } from './client.js';

const base = (surface: Surface) => `${surface === 'customer' ? '/api/website' : '/api/staff'}/password-reset`;

export function startReset(login: string, surface: Surface): Promise<PasswordResetStep> {
  return sendJson('POST', base(surface), PasswordResetStep, { body: { login } });
}

export function resendReset(csrfToken: string, surface: Surface): Promise<PasswordResetStep> {
  return sendJson('POST', `${base(surface)}/resend`, PasswordResetStep, { csrfToken });
}

export function proveReset(tfaPin: string, csrfToken: string, surface: Surface): Promise<PasswordResetStep> {
  const body: VerifyRequest = { tfaPin };
  return sendJson('POST', `${base(surface)}/verify`, PasswordResetStep, { body, csrfToken });
}

export function completeReset(
  password: string,
  csrfToken: string,
  surface: Surface,
): Promise<PasswordResetDone> {
  return sendJson('POST', `${base(surface)}/complete`, PasswordResetDone, { body: { password }, csrfToken });
}
