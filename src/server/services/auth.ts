// Registration, sign-in with a password and a texted code, and sessions (SEC-01…07).
//
// Registration does not say whether a username is taken, and creates nothing until the phone
// is proven. Every well-formed registration that passes the limits gets the same answer — "a
// code was texted to your phone" — and a pending session holding the account to be. The account
// is created when the code is right; only then does a registration for a username someone
// else holds learn so (409 username_taken). Probing usernames therefore costs a phone that can
// receive a code, and the per-number limits cap how often; nobody can hold a name they cannot
// prove a phone for. Codes are texted by codes.ts, within the budgets it explains; the newest
// sign-in of an account replaces its earlier pending ones (H3).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConflictError, RefusedError } from '../domain/errors.js';
import { clientKey, LIMITS, networkOf, type Limit } from '../domain/limits.js';
import { normalizePassword } from '../domain/password.js';
import { judgePhone, type PhonePolicy } from '../domain/phone.js';
import {
  resendWaitSeconds,
  needsTouch,
  sessionState,
  SESSION_POLICY,
  type Session,
  type SessionStage,
  type Surface,
} from '../domain/session.js';
import {
  isValidUsername,
  normalizeUsername,
  storedSpellings,
  USERNAME_RULE,
  type User,
} from '../domain/user.js';
import type { Comms } from '../ports/comms.js';
import type { Log } from '../ports/log.js';
import type { Store } from '../ports/store.js';
import type { Limiter } from './limiter.js';
import { acceptablePassword, textablePhone } from './account-rules.js';
import { createCodeSender, refusedPhone, type CodeOwner } from './codes.js';
import type { TextBudget } from './text-budget.js';
import { createDevices, type DeviceCookie } from './devices.js';
import { checkPassword, hashPassword } from '../infrastructure/passwords.js';

/** What the client learns after a password or a registration: which code screen comes next. */
export type NextStep = 'otp' | 'verify_phone';

export interface IssuedSession {
  /** The cookie value: shown to the client once, stored only as a digest. */
  token: string;
  session: Session;
}

export interface SignedIn {
  session: Session;
  user: User;
}

export interface AuthService {
  register(args: {
    username: string;
    password: string;
    phone: string;
    ip: string;
  }): Promise<IssuedSession & { next: NextStep }>;
  /** Customers sign in on the `customer` surface, staff and admins on `staff`; never across. */
  login(args: {
    username: string;
    password: string;
    ip: string;
    surface: Surface;
    /** The browser's device cookie, if it has one (see devices.ts). */
    device?: string | undefined;
  }): Promise<IssuedSession & { next: NextStep }>;
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
  logout(args: { token: string }): Promise<void>;
  /** The session behind a cookie, checked for expiry; `stage` says how far it must be. */
  authenticate(args: {
    token: string | undefined;
    stage: 'pending' | 'full';
    surface: Surface;
  }): Promise<SignedIn | { session: Session; user: null }>;
  /** For the pending stage: the session or a refusal. */
  sessionOf(token: string | undefined): Promise<Session>;
  /** Constant-time comparison of a client's CSRF token with the session's. */
  csrfMatches(session: Session, presented: string | undefined): boolean;
}

/** What every service that handles accounts and texts codes or links needs. */
export interface AccountDeps {
  store: Store;
  comms: Comms;
  limiter: Limiter;
  /** The restaurant's ceilings on texts (H5). */
  budget: TextBudget;
  log: Log;
  now: () => Date;
  phonePolicy: PhonePolicy;
  allowedCountries: readonly string[];
}

export interface AuthDeps extends AccountDeps {
  /** Called when a session ends (logout, expiry, revocation): live streams close. */
  onSessionEnded?: (sessionId: string) => void;
}

export const digest = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(16).toString('base64url');

const PENDING: readonly SessionStage[] = ['pending_phone', 'pending_2fa'];

export function createAuthService(deps: AuthDeps): AuthService {
  const { store, comms, limiter, log, now } = deps;
  const codes = createCodeSender(deps);
  const devices = createDevices({ store, now });

  /**
   * Texts (or reuses) the code a new pending session will wait for. Reused by an account, it is
   * taken from everyone else who waited for it (H1).
   */
  async function codeFor(phone: string, ip: string, owner: CodeOwner) {
    const sent = await codes.send({ phone, ip, owner });
    const takeOver = async (sessionId: string) => {
      if (sent.reused && owner.kind === 'account') {
        await codes.bind({ verificationId: sent.verificationId, sessionId, userId: owner.userId });
      }
    };
    return { verificationId: sent.verificationId, takeOver };
  }

  async function issue(
    fields: Pick<Session, 'surface' | 'userId' | 'stage' | 'phone' | 'verificationId' | 'registration'> & {
      sent: boolean;
    },
  ) {
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
    };
    await store.sessions.add({ session });
    return { token, session };
  }

  const disabledAccount = () =>
    new RefusedError('account_disabled', 'This account is disabled. Ask an admin of the restaurant.');

  async function pendingSession(token: string | undefined): Promise<Session> {
    const session = await liveSession(token);
    if (!PENDING.includes(session.stage)) {
      throw new RefusedError('unauthenticated', 'This sign-in is already complete.');
    }
    return session;
  }

  /**
   * A pending session that may use its code: for an account, only its newest sign-in (H3): an
   * older one that raced it and was stored last is ended here.
   */
  async function newestPendingSession(token: string | undefined): Promise<Session> {
    const session = await pendingSession(token);
    if (session.userId === null) return session;
    const newest = await store.sessions.newestPending({ userId: session.userId });
    if (newest?.id === session.id) return session;
    await revoke(session);
    throw new RefusedError('unauthenticated', 'A newer sign-in replaced this one. Use that one.');
  }

  const ownerOf = (session: Session): CodeOwner =>
    session.userId
      ? { kind: 'account', userId: session.userId, proven: session.stage === 'pending_2fa' }
      : { kind: 'registration', username: session.registration?.username ?? session.id };

  async function liveSession(token: string | undefined): Promise<Session> {
    if (!token) throw new RefusedError('unauthenticated', 'Sign in first.');
    const session = await store.sessions.get({ id: digest(token) });
    if (!session) throw new RefusedError('unauthenticated', 'Sign in first.');
    const state = sessionState(session, now());
    if (state !== 'active') {
      await store.sessions.remove({ id: session.id });
      deps.onSessionEnded?.(session.id);
      throw new RefusedError('session_expired', 'Your session has ended. Sign in again.');
    }
    return session;
  }

  async function revoke(session: Session): Promise<void> {
    await store.sessions.remove({ id: session.id });
    deps.onSessionEnded?.(session.id);
  }

  /** The account a proven code completes: created now for a registration. */
  async function accountFor(session: Session): Promise<User> {
    const at = now();
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
    async register({ username: rawUsername, password: rawPassword, phone: rawPhone, ip }) {
      await limiter.consume(LIMITS.signupPerIp, clientKey(ip));
      await limiter.consume(LIMITS.signupPerNetwork, networkOf(ip));
      const username = normalizeUsername(rawUsername);
      const phone = textablePhone(rawPhone, deps.phonePolicy, deps.allowedCountries);
      const badName = isValidUsername(username) ? [] : [{ field: 'username', message: USERNAME_RULE }];
      const password = acceptablePassword(rawPassword, username, badName);
      // The same work whether or not the name is taken: nothing here looks it up. The code first,
      // so that a spent budget (a pumping storm?) is refused before any hashing.
      const { verificationId } = await codeFor(phone, ip, { kind: 'registration', username });
      const passwordHash = await hashPassword(password);
      const issued = await issue({
        surface: 'customer',
        userId: null,
        registration: { username, passwordHash },
        stage: 'pending_phone',
        phone,
        verificationId,
        sent: true,
      });
      return { ...issued, next: 'verify_phone' };
    },

    async login({ username: rawUsername, password, ip, surface, device }) {
      await limiter.consume(LIMITS.passwordPerIp, clientKey(ip));
      const username = normalizeUsername(rawUsername);
      const found = await store.users.findByUsername({ username, orStoredAs: storedSpellings(rawUsername) });
      // An account of the other surface is, here, an unknown one (same answer, same work).
      const user = found && (found.role === 'customer') === (surface === 'customer') ? found : null;
      // Failures are counted per device where the owner signed in before, else per network and
      // for the account: guesses from elsewhere never lock the owner out of their browser (H1).
      const trustedDevice = await devices.trusted(device, user?.id ?? null);
      const perNetwork =
        surface === 'staff'
          ? LIMITS.staffPasswordFailuresPerNetwork
          : LIMITS.passwordFailuresPerAccountNetwork;
      const failures: [Limit, string][] = trustedDevice
        ? [[LIMITS.passwordFailuresPerDevice, trustedDevice]]
        : [
            [perNetwork, `${username}|${networkOf(ip)}`],
            [LIMITS.passwordFailuresPerAccount, username],
          ];
      let locked = false;
      for (const [limit, subject] of failures) locked ||= await limiter.reached(limit, subject);
      // The hash is checked in every case, so unknown, locked and wrong take the same time.
      // An invited account has no password yet (''): checked like an unknown one, in equal time.
      const check = await checkPassword(
        user && user.passwordHash !== '' ? user.passwordHash : null,
        normalizePassword(password),
      );
      if (!user || locked || !check.ok) {
        // A locked attempt was no guess (even the right password is refused): it counts no more.
        if (!locked) {
          for (const [limit, subject] of failures) await limiter.record(limit, subject);
          if (trustedDevice) await limiter.record(LIMITS.passwordFailuresPerAccount, username);
        }
        // Staff failures are an audit matter: each is logged at warn level (A7).
        const level = surface === 'staff' ? 'warn' : 'info';
        log[level]({ known: user !== null, locked, surface }, 'sign-in refused: password');
        throw new RefusedError('invalid_credentials', 'Wrong username or password.');
      }
      // Told only to someone who knows the password.
      if (user.disabledAt) throw disabledAccount();
      if (check.needsRehash) {
        await store.users.setPasswordHash({
          id: user.id,
          passwordHash: await hashPassword(normalizePassword(password)),
          at: now(),
        });
        log.info({ userId: user.id }, 'password re-hashed with argon2id');
      }
      const stage: SessionStage = user.phoneVerifiedAt ? 'pending_2fa' : 'pending_phone';
      // Accounts of the original app never proved their number: it must pass today's rules.
      if (stage === 'pending_phone' && !judgePhone(user.phone, deps.phonePolicy, deps.allowedCountries).ok) {
        throw refusedPhone();
      }
      const proven = stage === 'pending_2fa';
      const code = await codeFor(user.phone, ip, { kind: 'account', userId: user.id, proven });
      const issued = await issue({
        surface,
        userId: user.id,
        registration: null,
        stage,
        phone: user.phone,
        verificationId: code.verificationId,
        sent: true,
      });
      // The newest sign-in is the one that counts: earlier pending ones (another tab, a double
      // click) end, and the code is this session's alone (H3).
      await store.sessions.removeOlderPending({ userId: user.id, than: issued.session });
      await code.takeOver(issued.session.id);
      log.info({ userId: user.id, stage }, 'password accepted: code sent');
      return { ...issued, next: stage === 'pending_2fa' ? 'otp' : 'verify_phone' };
    },

    async verifyCode({ token, code, device }) {
      const session = await newestPendingSession(token);
      if (
        session.verificationId &&
        !(await codes.holds({ verificationId: session.verificationId, owner: ownerOf(session) }))
      ) {
        // Taken over by the phone's owner (H1): this sign-in asks for a new code, or gives up.
        await store.sessions.update({ id: session.id, changes: { verificationId: null } });
        throw new RefusedError('otp_expired', 'This code is no longer valid. Ask for a new one.');
      }
      const subject = session.userId ?? session.registration?.username ?? session.id;
      if (await limiter.reached(LIMITS.wrongCodesPerAccount, subject)) {
        await revoke(session);
        throw new RefusedError('otp_locked', 'Too many wrong codes. Sign in again later.', {
          retryAfterSeconds: LIMITS.wrongCodesPerAccount.windowSeconds,
        });
      }
      if (!session.verificationId) {
        throw new RefusedError('otp_expired', 'This code is no longer valid. Ask for a new one.');
      }
      const checked = await comms.verification.check({ verificationId: session.verificationId, code });
      switch (checked.outcome) {
        case 'verified':
          break;
        case 'wrong_code':
        case 'too_many_attempts': {
          const wrong = await limiter.record(LIMITS.wrongCodesPerSession, session.id);
          await limiter.record(LIMITS.wrongCodesPerAccount, subject);
          if (wrong >= SESSION_POLICY.maxWrongCodes) {
            await revoke(session);
            log.info({ userId: session.userId }, 'sign-in revoked: too many wrong codes');
            throw new RefusedError('otp_locked', 'Too many wrong codes. Sign in again.', {
              retryAfterSeconds: 1,
            });
          }
          const attemptsRemaining = SESSION_POLICY.maxWrongCodes - wrong;
          if (checked.outcome === 'too_many_attempts') {
            await store.sessions.update({ id: session.id, changes: { verificationId: null } });
            throw new RefusedError(
              'invalid_code',
              'That code is not right, and this one can no longer be used: ask for a new code.',
              { attemptsRemaining },
            );
          }
          throw new RefusedError('invalid_code', 'That code is not right.', { attemptsRemaining });
        }
        case 'expired':
          await store.sessions.update({ id: session.id, changes: { verificationId: null } });
          throw new RefusedError('otp_expired', 'This code has expired. Ask for a new one.');
        case 'throttled':
          throw new RefusedError('rate_limited', 'Too many tries right now. Wait a minute.', {
            retryAfterSeconds: 60,
          });
        case 'unavailable':
          log.warn({ reason: checked.reason }, 'code could not be checked');
          throw new RefusedError(
            'otp_unavailable',
            'Codes cannot be checked right now. Please try again shortly.',
            { retryAfterSeconds: 30 },
          );
      }
      // One-time use: of two requests racing with the right code, only one consumes the session
      // (a claim is an insert with a unique key: exactly-once on every store).
      const first = await store.milestones.claimOnce({ key: `session-used:${session.id}`, at: now() });
      await revoke(session);
      if (!first) throw new RefusedError('unauthenticated', 'This code was already used. Sign in again.');
      const user = await accountFor(session);
      const issued = await issue({
        surface: session.surface,
        userId: user.id,
        registration: null,
        stage: 'full',
        phone: null,
        verificationId: null,
        sent: false,
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
      const session = await newestPendingSession(token);
      if (session.sends >= SESSION_POLICY.maxSendsPerLogin) {
        throw new RefusedError('rate_limited', 'No more codes for this sign-in: sign in again.', {
          retryAfterSeconds: Math.max(1, Math.ceil((session.expiresAt.getTime() - now().getTime()) / 1000)),
        });
      }
      const wait = resendWaitSeconds(session, now());
      if (wait > 0) {
        throw new RefusedError('otp_cooldown', `You can ask for a new code in ${wait} s.`, {
          retryAfterSeconds: wait,
        });
      }
      // Of parallel resends, one wins this claim; the others are inside the cooldown.
      if (!(await store.milestones.claimOnce({ key: `resend:${session.id}:${session.sends}`, at: now() }))) {
        throw new RefusedError('otp_cooldown', 'A new code is already on its way.', {
          retryAfterSeconds: SESSION_POLICY.resendCooldownSeconds,
        });
      }
      if (!session.phone) throw new RefusedError('unauthenticated', 'Sign in again.');
      // The new code replaces the old one: cancel it (best effort; it expires anyway), unless the
      // old one is someone else's now.
      const owner = ownerOf(session);
      const old = session.verificationId;
      if (old && (await codes.holds({ verificationId: old, owner }))) {
        await comms.verification.cancel({ verificationId: old });
      }
      const code = await codeFor(session.phone, ip, owner);
      const updated = await store.sessions.update({
        id: session.id,
        changes: { verificationId: code.verificationId, sends: session.sends + 1, lastSentAt: now() },
      });
      if (!updated) throw new RefusedError('unauthenticated', 'Sign in again.');
      await code.takeOver(updated.id);
      return { session: updated, retryAfterSeconds: SESSION_POLICY.resendCooldownSeconds };
    },

    async logout({ token }) {
      const session = await store.sessions.get({ id: digest(token) });
      if (!session) return;
      await revoke(session);
      log.info({ userId: session.userId }, 'signed out');
    },

    async authenticate({ token, stage, surface }) {
      const session = await liveSession(token);
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
      const user = await store.users.get({ id: session.userId });
      if (!user || user.disabledAt) {
        await revoke(session);
        throw user ? disabledAccount() : new RefusedError('unauthenticated', 'Sign in first.');
      }
      return { session, user };
    },

    sessionOf: (token) => liveSession(token),

    csrfMatches(session, presented) {
      if (!presented) return false;
      const a = Buffer.from(session.csrfToken);
      const b = Buffer.from(presented);
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}
