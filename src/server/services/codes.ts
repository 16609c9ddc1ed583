// Texting one-time codes, within every budget (SEC-04, H1, H5), and who may use a code in flight.
//
// Budgets are charged only when a text goes out. Those of the number or account a code is for
// are checked before Vonage is called and counted once it sent one: Vonage keeps one
// verification in flight per number, so parallel requests cannot overshoot them. Those of the
// client and the restaurant's ceilings are held before the call (parallel requests for many
// numbers cannot overshoot them either) and given back when nothing was sent.
//
// Registrations and sign-ins have separate budgets: registrations name numbers nobody has proven,
// so anything an anonymous client spends is theirs alone, and never stops the owner of a proven
// phone from signing in. A code already in flight to a number serves the same person again (a
// double click, a second tab). It also serves the owner of the proven phone it went to, whoever
// asked for it, and an account whose phone is not proven when only registrations hold it: a
// registration naming someone's number cannot hold its owner off. Whoever a code is taken from
// cannot use it, nor take it back.
import { RefusedError, ValidationError } from '../domain/errors.js';
import { clientKey, LIMITS } from '../domain/limits.js';
import { inAllowedCountry, maskPhone } from '../domain/phone.js';
import { SESSION_POLICY, type Session } from '../domain/session.js';
import type { VerificationStarted } from '../ports/comms.js';
import type { Charge } from './limiter.js';
import type { AccountDeps } from './account-deps.js';
import { pseudonym } from './pseudonym.js';

/**
 * Who a code is for: an account (its phone proven by an earlier code, or not yet), or the
 * username a registration will create once its phone is proven.
 */
export type CodeOwner =
  | {
      kind: 'account';
      userId: string;
      proven: boolean;
      /** A forgotten password (to a proven phone): counted apart from sign-in codes (H1). */
      reset?: boolean;
    }
  | { kind: 'registration'; username: string };

export interface CodeSent {
  verificationId: string;
  /** `true` when the code was already in flight: other sessions waiting for it may have to let go. */
  reused: boolean;
}

export interface CodeSender {
  /** Texts a code to `phone` (E.164) for `owner`, or reuses the one in flight; refusals otherwise. */
  send(args: { phone: string; ip: string; owner: CodeOwner }): Promise<CodeSent>;
  /**
   * After `sessionId` of `userId` took over a code in flight: every session of anyone else waiting
   * for that code lets go of it (its next try is told to ask for a new code).
   */
  bind(args: { verificationId: string; sessionId: string; userId: string }): Promise<void>;
  /** Whether `owner` may still use a code it held: not once someone else took it over. */
  holds(args: { verificationId: string; owner: CodeOwner }): Promise<boolean>;
  /**
   * `send` for a pending session about to hold the code; once the session exists, `takeOver`
   * makes it the code's holder (H1): reused by an account, the code is taken from everyone else.
   */
  forSession(args: {
    phone: string;
    ip: string;
    owner: CodeOwner;
  }): Promise<{ verificationId: string; takeOver(sessionId: string): Promise<void> }>;
}

/** Whose code a pending session waits for. */
export function ownerOf(session: Session): CodeOwner {
  if (session.userId) {
    return session.stage === 'pending_reset'
      ? { kind: 'account', userId: session.userId, proven: true, reset: true }
      : { kind: 'account', userId: session.userId, proven: session.stage === 'pending_2fa' };
  }
  // A guest's code is the number's, like a registration's (nobody has proven it yet).
  if (session.stage === 'pending_guest')
    return { kind: 'registration', username: guestOwner(session.phone ?? '') };
  return { kind: 'registration', username: session.registration?.username ?? session.id };
}

/** Whom a guest's code is for: the number (a guest is found again by it). */
export const guestOwner = (phone: string) => `guest:${phone}`;

/** What texting codes needs: an account service's dependencies but the phone policy. */
export type CodeSenderDeps = Omit<AccountDeps, 'phonePolicy'>;

const ownerKey = (owner: CodeOwner) =>
  owner.kind === 'account' ? `user:${owner.userId}` : `reg:${pseudonym(owner.username)}`;

export const refusedPhone = () =>
  new ValidationError(
    [{ field: 'phone', message: 'We cannot send codes to this number.' }],
    'phone_not_supported',
  );

const cooldown = () =>
  new RefusedError(
    'otp_cooldown',
    'A code was sent to this number moments ago. Use it, or wait to ask again.',
    {
      retryAfterSeconds: SESSION_POLICY.resendCooldownSeconds,
    },
  );

export function createCodeSender(deps: CodeSenderDeps): CodeSender {
  const { store, comms, limiter, budget, log, now } = deps;

  /** The number's or the account's own budgets: counted only once a text went out. */
  const targetCharges = (phone: string, owner: CodeOwner): Charge[] =>
    owner.kind === 'account'
      ? (owner.reset
          ? [LIMITS.resetCodesPerAccountHour, LIMITS.resetCodesPerAccountDay]
          : [LIMITS.signInCodesPerAccountHour, LIMITS.signInCodesPerAccountDay]
        ).map((limit) => ({
          limit,
          subject: owner.userId,
        }))
      : [LIMITS.registrationCodesPerNumberHour, LIMITS.registrationCodesPerNumberDay].map((limit) => ({
          limit,
          subject: phone,
        }));

  const takenByAccount = (id: string) => `verification:${id}:taken-by-account`;
  const takenByProvenPhone = (id: string) => `verification:${id}:taken-by-proven-phone`;

  /**
   * Whether a code `owner` held may still be used by it: not once an account took it over from a
   * registration, nor once the owner of a proven phone took it over from an account whose phone
   * is not proven (which might not be that phone's holder).
   */
  async function holds(verificationId: string, owner: CodeOwner): Promise<boolean> {
    if (owner.kind === 'account' && owner.proven) return true;
    const marker = owner.kind === 'registration' ? takenByAccount : takenByProvenPhone;
    return !(await store.milestones.has({ key: marker(verificationId) }));
  }

  /**
   * The code in flight to this number (another request started it), if `owner` may use it:
   * - its own code (a double click, a second tab, a resend whose cancel came too early), unless
   *   it was taken over since (see `holds`);
   * - for the owner of the proven phone it went to, any code: only that phone's holder can read
   *   it, so it is as good as a fresh one;
   * - for an account whose phone is not proven yet, a code only registrations hold.
   */
  async function reusable(verificationId: string | null, owner: CodeOwner): Promise<string | null> {
    if (verificationId === null) return null;
    const key = `verification:${verificationId}:${ownerKey(owner)}`;
    const mine = await store.milestones.has({ key });
    if (owner.kind === 'registration')
      return mine && (await holds(verificationId, owner)) ? verificationId : null;
    if (!owner.proven) {
      if (!(await holds(verificationId, owner))) return null;
      const holders = await store.sessions.holding({ verificationId });
      const othersHold = holders.some((s) => s.userId !== null && s.userId !== owner.userId);
      if (!mine && othersHold) return null;
    }
    // Marked before the caller's session exists, so that nobody it takes over slips back in.
    await store.milestones.claimOnce({ key: takenByAccount(verificationId), at: now() });
    if (owner.proven)
      await store.milestones.claimOnce({ key: takenByProvenPhone(verificationId), at: now() });
    await store.milestones.claimOnce({ key, at: now() });
    return verificationId;
  }

  async function start(phone: string, ip: string, owner: CodeOwner): Promise<VerificationStarted> {
    const own = targetCharges(phone, owner);
    for (const { limit, subject } of own) await limiter.assertUnder(limit, subject);
    const fromClient: Charge = {
      limit: owner.kind === 'account' ? LIMITS.signInCodesPerIpHour : LIMITS.registrationCodesPerIpHour,
      subject: clientKey(ip),
    };
    const held = await budget.holdCode(owner.kind === 'account' ? 'sign_in' : 'registration', [fromClient]);
    let started: VerificationStarted;
    try {
      started = await comms.verification.start({ phone });
    } catch (error) {
      await held.release();
      throw error;
    }
    if (started.outcome === 'started') {
      for (const { limit, subject } of own) await limiter.record(limit, subject);
    } else {
      // Vonage refused, had one in flight, or could not be reached: counted as not texted (a
      // timeout rarely still delivers one; an outage must not spend an owner's budget).
      await held.release();
    }
    return started;
  }

  const sender: CodeSender = {
    async send({ phone, ip, owner }) {
      if (!inAllowedCountry(phone, deps.allowedCountries)) throw refusedPhone();
      const started = await start(phone, ip, owner);
      switch (started.outcome) {
        case 'started':
          // Remembered so that only the same owner may later use this verification again.
          await store.milestones.claimOnce({
            key: `verification:${started.verificationId}:${ownerKey(owner)}`,
            at: now(),
          });
          return { verificationId: started.verificationId, reused: false };
        case 'concurrent': {
          const id = await reusable(started.verificationId, owner);
          if (id === null) throw cooldown();
          return { verificationId: id, reused: true };
        }
        case 'blocked':
          log.warn({ phone: maskPhone(phone) }, 'ALERT: Vonage refused to text this number (fraud check)');
          throw refusedPhone();
        case 'rejected':
          log.warn(
            { phone: maskPhone(phone), reason: started.reason },
            'verification refused by the provider',
          );
          throw refusedPhone();
        case 'throttled':
          throw new RefusedError(
            'rate_limited',
            'Too many codes requested right now. Try again in a minute.',
            {
              retryAfterSeconds: 60,
            },
          );
        case 'unavailable':
          log.warn({ reason: started.reason }, 'verification could not be started');
          throw new RefusedError(
            'otp_unavailable',
            'Codes cannot be sent right now. Please try again shortly.',
            {
              retryAfterSeconds: 30,
            },
          );
      }
    },

    holds: ({ verificationId, owner }) => holds(verificationId, owner),

    async forSession({ phone, ip, owner }) {
      const sent = await sender.send({ phone, ip, owner });
      return {
        verificationId: sent.verificationId,
        takeOver: async (sessionId) => {
          if (sent.reused && owner.kind === 'account') {
            await sender.bind({ verificationId: sent.verificationId, sessionId, userId: owner.userId });
          }
        },
      };
    },

    async bind({ verificationId, sessionId, userId }) {
      // Every other holder lets go, but the account's own sessions: its older sign-ins end by
      // themselves (the newest counts), and a newer one must keep the code (requests race).
      for (const other of await store.sessions.holding({ verificationId })) {
        if (other.id !== sessionId && other.userId !== userId) {
          await store.sessions.update({ id: other.id, changes: { verificationId: null } });
        }
      }
    },
  };
  return sender;
}
