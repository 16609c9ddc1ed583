// A forgotten password: by username or phone, a code to the account's proven phone, then a new
// password; every session of the account ends. Customers and staff alike (a staff member whose
// phone is lost still needs an admin's "New phone": codes only go to a proven phone).
//
// Nobody learns whether an account exists: every well-formed request gets a pending session and
// the same answer at once, for an account or for none. Every reset session starts with a
// stand-in code no provider issued, refused as a real one would be (wrong, then used up after
// Vonage's three tries, a new one after the same cooldown); for an account, the real code is
// texted after the answer went out and takes the stand-in's place. Nothing the caller waits for,
// nor anything it can try before its text arrives, depends on whether the account exists.
import { randomInt, randomUUID } from 'node:crypto';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import { RefusedError } from '../domain/errors.js';
import { clientKey, LIMITS } from '../domain/limits.js';
import { judgePhone } from '../domain/phone.js';
import { SESSION_POLICY, type Session, type Surface } from '../domain/session.js';
import { normalizeUsername, storedSpellings, type User } from '../domain/user.js';
import { hashPassword } from '../infrastructure/passwords.js';
import { acceptablePassword } from './account-rules.js';
import type { AccountDeps } from './account-deps.js';
import { createCodeCheck } from './code-step.js';
import { ownerOf, type CodeSender } from './codes.js';
import type { IssuedSession, Sessions } from './sessions.js';

export interface PasswordReset {
  /** A pending `pending_reset` session, whether or not `login` names an account. */
  start(args: { login: string; ip: string; surface: Surface }): Promise<IssuedSession>;
  resend(args: { token: string; ip: string }): Promise<Session>;
  /** The code: on success the session may set a new password (`reset_proven`). */
  prove(args: { token: string; code: string }): Promise<Session>;
  /** The new password; every session of the account ends. The username, to sign in with. */
  complete(args: { token: string; password: string }): Promise<{ username: string }>;
  /** Resolves once the codes being texted in the background are sent (tests, shutdown). */
  settled(): Promise<void>;
}

const usedUp = () =>
  new RefusedError('otp_used_up', 'This code can no longer be used: send yourself a new one.');
/** The stand-in code every reset starts with: never sent, never right. */
const STAND_IN = 'stand-in:';
const standIn = () => `${STAND_IN}${randomUUID()}`;
/** Tries of the session's current code (stand-in and real together): one count per code sent. */
const triesKey = (session: Session) => `${session.id}:${session.sends}`;
/** How long checking a code takes at least (Vonage's answer, for a real one). */
const CHECK_FLOOR_MS = 700;

const startAgain = () => new RefusedError('unauthenticated', 'This password reset has ended. Start again.');

export function createPasswordReset(
  deps: AccountDeps & { sessions: Sessions; codes: CodeSender },
): PasswordReset {
  const { store, comms, limiter, log, now, sessions, codes } = deps;
  const refusalFor = createCodeCheck(deps);
  const inFlight = new Set<Promise<void>>();

  /** The account `login` names on this surface, if a code may prove it: a proven phone, enabled. */
  async function accountNamed(login: string, surface: Surface): Promise<User | null> {
    const phone = judgePhone(login, deps.phonePolicy, deps.allowedCountries);
    // Both lookups every time: a username made of digits is a username too.
    const [named, byPhone] = await Promise.all([
      store.users.findByUsername({ username: normalizeUsername(login), orStoredAs: storedSpellings(login) }),
      phone.ok ? store.users.findByPhone({ phone: phone.e164 }) : Promise.resolve([]),
    ]);
    const here = (user: User | null | undefined) =>
      user &&
      (user.role === 'customer') === (surface === 'customer') &&
      user.phoneVerifiedAt !== null &&
      user.disabledAt === null &&
      user.passwordHash !== ''
        ? user
        : null;
    return here(named) ?? byPhone.map(here).find(Boolean) ?? null;
  }

  /**
   * Texts the session's code once the answer went out (a failure is only logged). The real code
   * takes the stand-in's place only while the stand-in is still the session's: one tried to the
   * end meanwhile stays used up, as it would without an account.
   */
  function textLater(session: Session, ip: string, replacing: string | null): void {
    if (session.userId === null || session.phone === null) return;
    const { phone, userId, verificationId: standInId } = session;
    const work = (async () => {
      await setImmediate();
      const owner = ownerOf(session);
      if (replacing && (await codes.holds({ verificationId: replacing, owner }))) {
        await comms.verification.cancel({ verificationId: replacing });
      }
      const code = await codes.forSession({ phone, ip, owner });
      const current = await store.sessions.get({ id: session.id });
      if (current?.verificationId !== standInId) {
        await comms.verification.cancel({ verificationId: code.verificationId });
        log.info({ userId }, 'password reset: code not needed any more');
        return;
      }
      await store.sessions.update({ id: session.id, changes: { verificationId: code.verificationId } });
      await code.takeOver(session.id);
      log.info({ userId }, 'password reset: code sent');
    })().catch((error: unknown) => {
      log.warn({ err: error, userId }, 'password reset: no code could be sent');
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  /**
   * Answers a code no sooner than `CHECK_FLOOR_MS` (with a little jitter): checking a real code
   * waits for Vonage, a stand-in does not, and the difference must not tell the two apart.
   */
  async function evenly<T>(work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await work();
    } finally {
      const floor = CHECK_FLOOR_MS + randomInt(150);
      await sleep(Math.max(0, started + floor - Date.now()));
    }
  }

  async function resetSession(token: string, stage: Session['stage']): Promise<Session> {
    const session = await sessions.live(token);
    if (session.stage === stage) return session;
    if (session.stage === 'pending_reset' || session.stage === 'reset_proven') {
      throw new RefusedError(
        'forbidden',
        stage === 'reset_proven' ? 'Enter the code we texted you first.' : 'The code was already entered.',
      );
    }
    throw startAgain();
  }

  /** A stand-in code tried: refused as Vonage refuses a wrong one (see code-step.ts). */
  async function refuseStandIn(session: Session): Promise<RefusedError> {
    const wrong = await limiter.record(LIMITS.wrongCodesPerSession, session.id);
    if (wrong >= SESSION_POLICY.maxWrongCodes) {
      await sessions.revoke(session);
      return new RefusedError('otp_locked', 'Too many wrong codes. Sign in again.', { retryAfterSeconds: 1 });
    }
    return new RefusedError('invalid_code', 'That code is not right.', {
      attemptsRemaining: SESSION_POLICY.maxWrongCodes - wrong,
    });
  }

  /**
   * A wrong try counted for the session's current code, stand-in and real alike: the third ends
   * it (as Vonage ends a verification), whichever of the two it was tried against.
   */
  async function spendTry(session: Session, refusal: RefusedError): Promise<RefusedError> {
    if (refusal.code !== 'invalid_code') return refusal;
    const tries = await limiter.record(LIMITS.triesPerCode, triesKey(session));
    if (tries < LIMITS.triesPerCode.max) return refusal;
    const used = session.verificationId;
    await store.sessions.update({ id: session.id, changes: { verificationId: null } });
    if (used && !used.startsWith(STAND_IN)) await comms.verification.cancel({ verificationId: used });
    return new RefusedError(
      'otp_used_up',
      'That code is not right, and it has been tried too often: send yourself a new one.',
      refusal.attemptsRemaining === undefined ? {} : { attemptsRemaining: refusal.attemptsRemaining },
    );
  }

  async function proveCode(token: string, code: string): Promise<Session> {
    const session = await resetSession(token, 'pending_reset');
    // Wrong codes of resets count by the login typed (the same with or without an account),
    // apart from the account's sign-ins: a stranger cannot lock the owner's code step (H1).
    const subject = `reset:${session.registration?.username ?? session.id}`;
    if (await limiter.reached(LIMITS.wrongCodesPerAccount, subject)) {
      await sessions.revoke(session);
      throw new RefusedError('otp_locked', 'Too many wrong codes. Try again later.', {
        retryAfterSeconds: LIMITS.wrongCodesPerAccount.windowSeconds,
      });
    }
    const verificationId = session.verificationId;
    if (!verificationId || (await limiter.reached(LIMITS.triesPerCode, triesKey(session)))) throw usedUp();
    let refusal: RefusedError | null;
    if (verificationId.startsWith(STAND_IN)) {
      await limiter.record(LIMITS.wrongCodesPerAccount, subject);
      refusal = await refuseStandIn(session);
    } else {
      refusal = await refusalFor(session, verificationId, code, subject);
    }
    if (refusal) throw await spendTry(session, refusal);
    if (!(await store.milestones.claimOnce({ key: `session-used:${session.id}`, at: now() }))) {
      throw startAgain();
    }
    const proven = await store.sessions.update({
      id: session.id,
      changes: { stage: 'reset_proven', verificationId: null },
    });
    if (!proven) throw startAgain();
    log.info({ userId: session.userId }, 'password reset: phone proven');
    return proven;
  }

  return {
    async start({ login, ip, surface }) {
      await limiter.consume(LIMITS.passwordPerIp, clientKey(ip));
      const user = await accountNamed(login, surface);
      const issued = await sessions.issue({
        surface,
        userId: user?.id ?? null,
        // The login as typed (normalized): what wrong codes are counted by, account or none.
        registration: { username: normalizeUsername(login), passwordHash: '' },
        stage: 'pending_reset',
        phone: user?.phone ?? null,
        verificationId: standIn(),
        sent: true,
        account: null,
      });
      textLater(issued.session, ip, null);
      return issued;
    },

    async resend({ token, ip }) {
      const session = await resetSession(token, 'pending_reset');
      await sessions.claimResend(session, 'No more codes for this reset: start again later.');
      const updated = await store.sessions.update({
        id: session.id,
        changes: {
          verificationId: standIn(),
          sends: session.sends + 1,
          lastSentAt: now(),
        },
      });
      if (!updated) throw startAgain();
      const old = session.verificationId;
      textLater(updated, ip, old === null || old.startsWith(STAND_IN) ? null : old);
      return updated;
    },

    prove: ({ token, code }) => evenly(() => proveCode(token, code)),

    async complete({ token, password }) {
      const session = await resetSession(token, 'reset_proven');
      const user = session.userId === null ? null : await store.users.get({ id: session.userId });
      if (!user || user.disabledAt) throw startAgain();
      const accepted = acceptablePassword(password, user.username);
      const passwordHash = await hashPassword(accepted);
      await store.users.setPasswordHash({ id: user.id, passwordHash, at: now() });
      // Every session of the account ends, this one too: whoever held the old password is out.
      await store.sessions.removeOfUser({ userId: user.id });
      await sessions.revoke(session);
      log.info({ userId: user.id }, 'password reset: new password set, every session ended');
      return { username: user.username };
    },

    async settled() {
      await Promise.all([...inFlight]);
    },
  };
}
