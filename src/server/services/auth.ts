// Accounts and sign-in (SEC-01…07), as the HTTP routes see them: registration and the password
// (password-step.ts), the texted code (code-step.ts, codes.ts), trusted browsers (devices.ts),
// sessions (sessions.ts) and a forgotten password (password-reset.ts), put together.
import type { Order } from '../domain/order.js';
import type { Session } from '../domain/session.js';
import type { AccountDeps } from './account-deps.js';
import { createCodeSender } from './codes.js';
import { createCodeStep, type CodeStep } from './code-step.js';
import { createDevices } from './devices.js';
import { createCustomerAccount, type CustomerAccount } from './customer-account.js';
import { createPasswordReset, type PasswordReset } from './password-reset.js';
import { createPasswordStep, type PasswordStep } from './password-step.js';
import { createSessions, type Sessions } from './sessions.js';

export interface AuthService extends PasswordStep, CodeStep {
  logout(args: { token: string }): Promise<void>;
  authenticate: Sessions['authenticate'];
  /** For the pending stage: the session or a refusal. */
  sessionOf(token: string | undefined): Promise<Session>;
  csrfMatches: Sessions['csrfMatches'];
  /** A forgotten password (password-reset.ts). */
  reset: PasswordReset;
  /** A customer's own account: password, devices, their data, erasure (customer-account.ts). */
  account: CustomerAccount;
}

export interface AuthDeps extends AccountDeps {
  /** Called when a session ends (logout, expiry, revocation): live streams close. */
  onSessionEnded?: (sessionId: string) => void;
  /** Called with each order an erased account leaves behind (the board shows the change). */
  onOrderChanged?: (order: Order) => void;
}

export function createAuthService(deps: AuthDeps): AuthService {
  const sessions = createSessions({ store: deps.store, now: deps.now, onSessionEnded: deps.onSessionEnded });
  const steps = {
    ...deps,
    sessions,
    codes: createCodeSender(deps),
    devices: createDevices({ store: deps.store, now: deps.now }),
  };
  return {
    ...createPasswordStep(steps),
    ...createCodeStep(steps),
    async logout({ token }) {
      const ended = await sessions.end(token);
      if (ended) deps.log.info({ userId: ended.userId }, 'signed out');
    },
    authenticate: (args) => sessions.authenticate(args),
    sessionOf: (token) => sessions.live(token),
    csrfMatches: (session, presented) => sessions.csrfMatches(session, presented),
    reset: createPasswordReset(steps),
    account: createCustomerAccount(steps),
  };
}
