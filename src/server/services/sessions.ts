// Sessions (SEC-01, SEC-02): issued, found behind a cookie, checked for expiry and stage, ended.
// A session is a server-side record keyed by the SHA-256 of a random 128-bit id that only the
// browser's cookie holds.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { RefusedError } from '../domain/errors.js';
import {
  needsTouch,
  resendWaitSeconds,
  sessionAccountOf,
  sessionState,
  SESSION_POLICY,
  SIGN_IN_PENDING,
  type Session,
  type Surface,
} from '../domain/session.js';
import type { SessionAccount } from '../domain/session.js';
import type { Store } from '../ports/store.js';

export const digest = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(16).toString('base64url');

export interface IssuedSession {
  /** The cookie value: shown to the client once, stored only as a digest. */
  token: string;
  session: Session;
}

export interface SignedIn {
  session: Session;
  user: SessionAccount;
}

export const disabledAccount = () =>
  new RefusedError('account_disabled', 'This account is disabled. Ask an admin of the restaurant.');

export interface Sessions {
  /** A new session (pending ones live 10 minutes, full ones 12 hours); `sent`: a code went out. */
  issue(
    fields: Pick<
      Session,
      'surface' | 'userId' | 'stage' | 'phone' | 'verificationId' | 'registration' | 'account'
    > & {
      sent: boolean;
    },
  ): Promise<IssuedSession>;
  /** The session behind a cookie, ended (and refused) once expired. */
  live(token: string | undefined): Promise<Session>;
  /**
   * A pending session that may use its code: for an account, only its newest sign-in (H3); an
   * older one that raced it and was stored last is ended here.
   */
  newestPending(token: string | undefined): Promise<Session>;
  revoke(session: Session): Promise<void>;
  /** The session behind a cookie, checked for expiry; `stage` says how far it must be. */
  authenticate(args: {
    token: string | undefined;
    stage: 'pending' | 'full';
    surface: Surface;
  }): Promise<SignedIn | { session: Session; user: null }>;
  /** The session behind the cookie, if any, ended; the account it was, or `null`. */
  end(token: string): Promise<Session | null>;
  /** Constant-time comparison of a client's CSRF token with the session's. */
  csrfMatches(session: Session, presented: string | undefined): boolean;
  /**
   * May the session text another code now? At most 3 per session (`noMore` says so), a minute
   * apart (none to wait for once its code is spent); of parallel asks, one wins. Refuses otherwise.
   */
  claimResend(session: Session, noMore: string): Promise<void>;
}

export function createSessions(deps: {
  store: Store;
  now: () => Date;
  /** Called when a session ends (logout, expiry, revocation): live streams close. */
  onSessionEnded?: ((sessionId: string) => void) | undefined;
}): Sessions {
  const { store, now } = deps;

  async function revoke(session: Session): Promise<void> {
    await store.sessions.remove({ id: session.id });
    deps.onSessionEnded?.(session.id);
  }

  async function live(token: string | undefined): Promise<Session> {
    if (!token) throw new RefusedError('unauthenticated', 'Sign in first.');
    const session = await store.sessions.get({ id: digest(token) });
    if (!session) throw new RefusedError('unauthenticated', 'Sign in first.');
    if (sessionState(session, now()) !== 'active') {
      await revoke(session);
      throw new RefusedError('session_expired', 'Your session has ended. Sign in again.');
    }
    return session;
  }

  return {
    async issue(fields) {
      const at = now();
      const token = newToken();
      const lifetime =
        fields.stage === 'full' ? SESSION_POLICY.absoluteSeconds : SESSION_POLICY.pendingLifetimeSeconds;
      const session: Session = {
        id: digest(token),
        surface: fields.surface,
        userId: fields.userId,
        registration: fields.registration,
        stage: fields.stage,
        phone: fields.phone,
        verificationId: fields.verificationId,
        csrfToken: newToken(),
        sends: fields.sent ? 1 : 0,
        lastSentAt: fields.sent ? at : null,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: new Date(at.getTime() + lifetime * 1000),
        // Copied field by field: whatever the caller passed, no secret reaches the session.
        account: fields.account && sessionAccountOf(fields.account),
      };
      await store.sessions.add({ session });
      return { token, session };
    },

    live,
    revoke,

    async newestPending(token) {
      const session = await live(token);
      if (!SIGN_IN_PENDING.includes(session.stage)) {
        throw new RefusedError('unauthenticated', 'This sign-in is already complete.');
      }
      if (session.userId === null) return session;
      const newest = await store.sessions.newestPending({ userId: session.userId });
      if (newest?.id === session.id) return session;
      await revoke(session);
      throw new RefusedError('unauthenticated', 'A newer sign-in replaced this one. Use that one.');
    },

    async authenticate({ token, stage, surface }) {
      const session = await live(token);
      if (session.surface !== surface) {
        throw new RefusedError('forbidden', 'This session cannot be used here.');
      }
      if (stage === 'full' && session.stage !== 'full') {
        throw new RefusedError('mfa_required', 'Enter the code we texted you first.');
      }
      if (needsTouch(session, now())) {
        await store.sessions.update({ id: session.id, changes: { lastSeenAt: now() } });
      }
      if (session.userId === null) return { session, user: null };
      // A customer's session carries the account: one read per request, not two.
      if (session.account) return { session, user: session.account };
      const user = await store.users.get({ id: session.userId });
      if (!user || user.disabledAt) {
        await revoke(session);
        throw user ? disabledAccount() : new RefusedError('unauthenticated', 'Sign in first.');
      }
      return { session, user: sessionAccountOf(user) };
    },

    async end(token) {
      const session = await store.sessions.get({ id: digest(token) });
      if (session) await revoke(session);
      return session;
    },

    async claimResend(session, noMore) {
      if (session.sends >= SESSION_POLICY.maxSendsPerLogin) {
        throw new RefusedError('rate_limited', noMore, {
          retryAfterSeconds: Math.max(1, Math.ceil((session.expiresAt.getTime() - now().getTime()) / 1000)),
        });
      }
      const wait = resendWaitSeconds(session, now());
      if (wait > 0) {
        throw new RefusedError('otp_cooldown', `You can ask for a new code in ${wait} s.`, {
          retryAfterSeconds: wait,
        });
      }
      if (!(await store.milestones.claimOnce({ key: `resend:${session.id}:${session.sends}`, at: now() }))) {
        throw new RefusedError('otp_cooldown', 'A new code is already on its way.', {
          retryAfterSeconds: SESSION_POLICY.resendCooldownSeconds,
        });
      }
    },

    csrfMatches(session, presented) {
      if (!presented) return false;
      const a = Buffer.from(session.csrfToken);
      const b = Buffer.from(presented);
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}
