// Sign-in, step 2: the code texted to the phone (SEC-03). Only Vonage's explicit success signs
// anyone in; the pending session is then consumed once, the account made (a registration) or
// its phone marked proven, and a new `full` session issued. Also: a new code for the sign-in.
import { randomUUID } from 'node:crypto';
import { ConflictError, RefusedError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import { sessionAccountOf, SESSION_POLICY, type Session } from '../domain/session.js';
import { GUEST_PREFIX, isGuest, type User } from '../domain/user.js';
import type { AccountDeps } from './account-deps.js';
import { ownerOf, type CodeSender } from './codes.js';
import type { DeviceCookie, Devices } from './devices.js';
import { disabledAccount, type IssuedSession, type Sessions } from './sessions.js';

export interface CodeStep {
  /**
   * Checks the code; on success the pending session is consumed and a new `full` one issued, and
   * the browser is remembered as a trusted device (`device`: the cookie to set, if any).
   */
  verifyCode(args: {
    token: string;
    code: string;
    device?: string | undefined;
  }): Promise<IssuedSession & { user: User; device: DeviceCookie | null }>;
  resendCode(args: { token: string; ip: string }): Promise<{ session: Session; retryAfterSeconds: number }>;
}

const noLongerValid = () =>
  new RefusedError('otp_used_up', 'This code can no longer be used: send yourself a new one.');

/**
 * What Vonage said of a code, unless it was right: the refusal to answer. Wrong codes count
 * against the session and `subject` (the account); a code tried too often is dropped from the
 * session, so that a new one may be sent at once.
 */
export function createCodeCheck(
  deps: Pick<AccountDeps, 'store' | 'comms' | 'limiter' | 'log'> & { sessions: Sessions },
) {
  const { store, comms, limiter, log, sessions } = deps;
  return async function refusalFor(
    session: Session,
    verificationId: string,
    code: string,
    subject: string,
  ): Promise<RefusedError | null> {
    const checked = await comms.verification.check({ verificationId, code });
    switch (checked.outcome) {
      case 'verified':
        return null;
      case 'wrong_code':
      case 'too_many_attempts': {
        const wrong = await limiter.record(LIMITS.wrongCodesPerSession, session.id);
        await limiter.record(LIMITS.wrongCodesPerAccount, subject);
        if (wrong >= SESSION_POLICY.maxWrongCodes) {
          await sessions.revoke(session);
          log.info({ userId: session.userId }, 'sign-in revoked: too many wrong codes');
          return new RefusedError('otp_locked', 'Too many wrong codes. Sign in again.', {
            retryAfterSeconds: 1,
          });
        }
        const attemptsRemaining = SESSION_POLICY.maxWrongCodes - wrong;
        if (checked.outcome === 'wrong_code') {
          return new RefusedError('invalid_code', 'That code is not right.', { attemptsRemaining });
        }
        await store.sessions.update({ id: session.id, changes: { verificationId: null } });
        return new RefusedError(
          'otp_used_up',
          'That code is not right, and it has been tried too often: send yourself a new one.',
          // The sign-in's own tries, for new codes (the web app words this state on its own).
          { attemptsRemaining },
        );
      }
      case 'expired':
        await store.sessions.update({ id: session.id, changes: { verificationId: null } });
        return new RefusedError('otp_expired', 'This code has expired: send yourself a new one.');
      case 'throttled':
        return new RefusedError('rate_limited', 'Too many tries right now. Wait a minute.', {
          retryAfterSeconds: 60,
        });
      case 'unavailable':
        log.warn({ reason: checked.reason }, 'code could not be checked');
        return new RefusedError(
          'otp_unavailable',
          'Codes cannot be checked right now. Please try again shortly.',
          {
            retryAfterSeconds: 30,
          },
        );
    }
  };
}

export function createCodeStep(
  deps: AccountDeps & { sessions: Sessions; codes: CodeSender; devices: Devices },
): CodeStep {
  const { store, comms, limiter, log, now, sessions, codes, devices } = deps;
  const refusalFor = createCodeCheck(deps);

  /**
   * A guest's account, found by the phone the code just proved (their earlier guest orders come
   * with it), or made now; it takes the name they gave this time.
   */
  async function guestAccount(phone: string, name: string, at: Date): Promise<User> {
    const known = (await store.users.findByPhone({ phone })).find(isGuest);
    if (known?.disabledAt) throw disabledAccount();
    if (known) {
      const renamed = await store.users.update({ id: known.id, changes: { displayName: name }, at });
      return renamed ?? known;
    }
    const user = await store.users.add({
      user: {
        username: `${GUEST_PREFIX}${randomUUID()}`,
        phone,
        passwordHash: '',
        role: 'customer',
        phoneVerifiedAt: at,
        displayName: name,
      },
      at,
    });
    log.info({ userId: user.id }, 'guest account created: phone proven');
    return user;
  }

  /** The account a proven code completes: created now for a registration. */
  async function accountFor(session: Session): Promise<User> {
    const at = now();
    if (session.stage === 'pending_guest') {
      if (!session.phone || !session.registration) throw new RefusedError('unauthenticated', 'Start again.');
      return guestAccount(session.phone, session.registration.username, at);
    }
    if (session.registration && session.phone) {
      try {
        const user = await store.users.add({
          user: {
            username: session.registration.username,
            phone: session.phone,
            passwordHash: session.registration.passwordHash,
            role: 'customer',
            phoneVerifiedAt: at,
          },
          at,
        });
        log.info({ userId: user.id }, 'account created: phone proven');
        return user;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        throw new RefusedError('username_taken', 'That username is taken: register again with another one.');
      }
    }
    const user = session.userId === null ? null : await store.users.get({ id: session.userId });
    if (!user) throw new RefusedError('unauthenticated', 'This account no longer exists.');
    if (user.disabledAt) throw disabledAccount();
    if (session.stage === 'pending_phone' && session.phone) {
      await store.users.markPhoneVerified({ id: user.id, phone: session.phone, at });
      log.info({ userId: user.id }, 'phone proven');
      return { ...user, phone: session.phone, phoneVerifiedAt: at };
    }
    return user;
  }

  return {
    async verifyCode({ token, code, device }) {
      const session = await sessions.newestPending(token);
      const verificationId = session.verificationId;
      if (verificationId && !(await codes.holds({ verificationId, owner: ownerOf(session) }))) {
        // Taken over by the phone's owner (H1): this sign-in asks for a new code, or gives up.
        await store.sessions.update({ id: session.id, changes: { verificationId: null } });
        throw noLongerValid();
      }
      // A guest's wrong codes count per check-out (per session), so that nobody can lock a number
      // out of guest checkout; the per-number code budgets bound the guessing.
      const subject =
        session.userId ??
        (session.stage === 'pending_guest' ? session.id : session.registration?.username) ??
        session.id;
      if (await limiter.reached(LIMITS.wrongCodesPerAccount, subject)) {
        await sessions.revoke(session);
        throw new RefusedError('otp_locked', 'Too many wrong codes. Sign in again later.', {
          retryAfterSeconds: LIMITS.wrongCodesPerAccount.windowSeconds,
        });
      }
      if (!verificationId) throw noLongerValid();
      const refusal = await refusalFor(session, verificationId, code, subject);
      if (refusal) throw refusal;
      // One-time use: of two requests racing with the right code, only one consumes the session
      // (a claim is an insert with a unique key: exactly-once on every store).
      const first = await store.milestones.claimOnce({ key: `session-used:${session.id}`, at: now() });
      await sessions.revoke(session);
      if (!first) throw new RefusedError('unauthenticated', 'This code was already used. Sign in again.');
      const user = await accountFor(session);
      const issued = await sessions.issue({
        surface: session.surface,
        userId: user.id,
        registration: null,
        stage: 'full',
        phone: null,
        verificationId: null,
        sent: false,
        // Staff accounts change under a session (an admin disables one): theirs are read each time.
        account: user.role === 'customer' ? sessionAccountOf(user) : null,
      });
      log.info({ userId: user.id }, 'signed in (password and code)');
      // The sign-in stands even when the browser cannot be remembered (its code is spent).
      const remembered = await devices.remember(device, user.id).catch((error: unknown) => {
        log.warn({ err: error, userId: user.id }, 'browser not remembered as a trusted device');
        return null;
      });
      return { ...issued, user, device: remembered };
    },

    async resendCode({ token, ip }) {
      const session = await sessions.newestPending(token);
      await sessions.claimResend(session, 'No more codes for this sign-in: sign in again.');
      if (!session.phone) throw new RefusedError('unauthenticated', 'Sign in again.');
      // The new code replaces the old one: cancel it (best effort; it expires anyway), unless the
      // old one is someone else's now.
      const owner = ownerOf(session);
      const old = session.verificationId;
      if (old && (await codes.holds({ verificationId: old, owner }))) {
        await comms.verification.cancel({ verificationId: old });
      }
      const code = await codes.forSession({ phone: session.phone, ip, owner });
      const updated = await store.sessions.update({
        id: session.id,
        changes: { verificationId: code.verificationId, sends: session.sends + 1, lastSentAt: now() },
      });
      if (!updated) throw new RefusedError('unauthenticated', 'Sign in again.');
      await code.takeOver(updated.id);
      return { session: updated, retryAfterSeconds: SESSION_POLICY.resendCooldownSeconds };
    },
  };
}
