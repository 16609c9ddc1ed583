// Sessions: who is signed in, and how far (SEC-01, SEC-02). A session is a server-side record
// keyed by a digest of a random 128-bit id; the id itself lives only in the customer's cookie.
import type { Account } from './user.js';

/**
 * - `pending_phone`: password accepted (or account just registered), the phone is not proven
 *   yet; a code went to it.
 * - `pending_2fa`: password accepted, a login code went to the proven phone.
 * - `full`: the code was right (AAL2). Only this stage may do anything but enter a code, ask for
 *   a new one or sign out.
 * - `pending_reset`: a forgotten password; a code went to the account's proven phone (if there
 *   is such an account: the session exists either way, see password-reset.ts).
 * - `reset_proven`: that code was right; the session may now set a new password, and nothing else.
 * - `pending_guest`: a guest at checkout gave a name and a phone; a code went to the phone. The
 *   right code signs them in to their guest account (made, or found by that phone).
 */
export type SessionStage =
  'pending_phone' | 'pending_2fa' | 'full' | 'pending_reset' | 'reset_proven' | 'pending_guest';

/** The stages of a sign-in waiting for its code (a forgotten password's are apart). */
export const SIGN_IN_PENDING: readonly SessionStage[] = ['pending_phone', 'pending_2fa', 'pending_guest'];

export const SESSION_POLICY = {
  /** A pending session lives as long as its code: NIST's 10 minutes. */
  pendingLifetimeSeconds: 600,
  /** Signed out after this long without a request… */
  idleSeconds: 60 * 60,
  /** …and after this long whatever happens (no sliding beyond it). */
  absoluteSeconds: 12 * 60 * 60,
  /** `lastSeenAt` is written at most this often (not on every request). */
  touchEverySeconds: 60,
  /** Wrong codes one pending session may submit before it is revoked. */
  maxWrongCodes: 5,
  /** Codes one pending session may have sent: the first and two resends. */
  maxSendsPerLogin: 3,
  /** Between two codes to one session. */
  resendCooldownSeconds: 60,
} as const;

/**
 * A browser that completed a sign-in (password and code) gets a device cookie. Signing in from it
 * later, wrong passwords are limited for that device alone: guesses from elsewhere, however many,
 * never lock the owner out of their own browser (H1; OWASP's device cookies).
 */
export const DEVICE_POLICY = {
  lifetimeSeconds: 90 * 24 * 60 * 60,
} as const;

/** Where a session was opened: customers and staff sign in apart and never reach each other's routes. */
export type Surface = 'customer' | 'staff';

/**
 * A customer's account as the session signs it in, kept with the session so that a request reads
 * one document, not two. Customers' accounts do not change once made (staff accounts can be
 * disabled or given a new phone at any moment, so staff sessions carry none and their account
 * is read on every request). Whatever comes to change a customer's account must refresh or end
 * its sessions. Never holds the password hash.
 */
export type SessionAccount = Account;

/** The account without its secrets, as a session carries it: only these fields, whatever `user` holds. */
export function sessionAccountOf(user: Account): SessionAccount {
  const { id, username, phone, role, phoneVerifiedAt, disabledAt, displayName, createdAt, updatedAt } = user;
  return { id, username, phone, role, phoneVerifiedAt, disabledAt, displayName, createdAt, updatedAt };
}

export interface Session {
  /** SHA-256 of the cookie's value, hex: a leaked table does not sign anyone in. */
  id: string;
  surface: Surface;
  /** `null` while a registration waits for its code: no account exists before the phone is proven. */
  userId: string | null;
  /**
   * A registration waiting for its code: the account to create once the code is right. Kept
   * server-side only; the password is already hashed. A guest's (`pending_guest`): the name they
   * gave as `username`, and no password (`''`).
   */
  registration: { username: string; passwordHash: string } | null;
  stage: SessionStage;
  /** Where the pending code went (E.164); `null` once `full`. */
  phone: string | null;
  /** The provider's verification id: server-side only, never sent to the client. */
  verificationId: string | null;
  /** Sent back by the client in `X-CSRF-Token` on every state change. */
  csrfToken: string;
  sends: number;
  lastSentAt: Date | null;
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute end: pending sessions live 10 minutes, full ones 12 hours. */
  expiresAt: Date;
  /** A customer's `full` session: the account it signs in (see SessionAccount); else `null`. */
  account: SessionAccount | null;
}

export type SessionState = 'active' | 'idle_expired' | 'expired';

export function sessionState(session: Session, now: Date): SessionState {
  if (now.getTime() >= session.expiresAt.getTime()) return 'expired';
  if (
    session.stage === 'full' &&
    now.getTime() - session.lastSeenAt.getTime() >= SESSION_POLICY.idleSeconds * 1000
  ) {
    return 'idle_expired';
  }
  return 'active';
}

export function needsTouch(session: Session, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= SESSION_POLICY.touchEverySeconds * 1000;
}

/** Seconds until the session may send another code (0: now, also when its code is spent). */
export function resendWaitSeconds(session: Session, now: Date): number {
  if (!session.lastSentAt || session.verificationId === null) return 0;
  const next = session.lastSentAt.getTime() + SESSION_POLICY.resendCooldownSeconds * 1000;
  return Math.max(0, Math.ceil((next - now.getTime()) / 1000));
}
