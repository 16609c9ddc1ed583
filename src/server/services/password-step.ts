// Sign-in, step 1: the password of an account (customers and staff), or a new customer's
// registration. Either ends in a pending session waiting for the code texted to the phone.
//
// Registration does not say whether a username is taken, and creates nothing until the phone is
// proven: every well-formed registration within the limits gets the same answer and a pending
// session holding the account to be (see code-step.ts, which creates it).
import { RefusedError, ValidationError } from '../domain/errors.js';
import { clientKey, LIMITS, networkOf, type Limit } from '../domain/limits.js';
import { normalizePassword } from '../domain/password.js';
import { judgePhone } from '../domain/phone.js';
import type { SessionStage, Surface } from '../domain/session.js';
import {
  isValidUsername,
  judgeGuestName,
  normalizeUsername,
  storedSpellings,
  USERNAME_RULE,
} from '../domain/user.js';
import { checkPassword, hashPassword } from '../infrastructure/passwords.js';
import { acceptablePassword, textablePhone } from './account-rules.js';
import type { AccountDeps } from './account-deps.js';
import { guestOwner, refusedPhone, type CodeSender } from './codes.js';
import type { Devices } from './devices.js';
import { disabledAccount, type IssuedSession, type Sessions } from './sessions.js';

/** What the client learns after a password or a registration: which code screen comes next. */
export type NextStep = 'otp' | 'verify_phone';

export interface PasswordStep {
  register(args: {
    username: string;
    password: string;
    phone: string;
    ip: string;
  }): Promise<IssuedSession & { next: NextStep }>;
  /** A guest at checkout: a name and a phone; a code goes to the phone (see code-step.ts). */
  startGuest(args: { name: string; phone: string; ip: string }): Promise<IssuedSession>;
  /** Customers sign in on the `customer` surface, staff and admins on `staff`; never across. */
  login(args: {
    username: string;
    password: string;
    ip: string;
    surface: Surface;
    /** The browser's device cookie, if it has one (see devices.ts). */
    device?: string | undefined;
  }): Promise<IssuedSession & { next: NextStep }>;
}

export function createPasswordStep(
  deps: AccountDeps & { sessions: Sessions; codes: CodeSender; devices: Devices },
): PasswordStep {
  const { store, limiter, log, now, sessions, codes, devices } = deps;

  /**
   * Whether wrong passwords for `username` from here are spent (and where they are counted):
   * per browser where the owner signed in before, else per network and for the account, so that
   * guesses from elsewhere never lock the owner out of their own browser (H1).
   */
  async function failuresFor(args: {
    username: string;
    userId: string | null;
    ip: string;
    surface: Surface;
    device: string | undefined;
  }): Promise<{ locked: boolean; record: () => Promise<void> }> {
    const trusted = await devices.trusted(args.device, args.userId);
    const perNetwork =
      args.surface === 'staff'
        ? LIMITS.staffPasswordFailuresPerNetwork
        : LIMITS.passwordFailuresPerAccountNetwork;
    const account: [Limit, string] = [LIMITS.passwordFailuresPerAccount, args.username];
    const checked: [Limit, string][] = trusted
      ? [[LIMITS.passwordFailuresPerDevice, trusted]]
      : [[perNetwork, `${args.username}|${networkOf(args.ip)}`], account];
    let locked = false;
    for (const [limit, subject] of checked) locked ||= await limiter.reached(limit, subject);
    // Every failure counts toward the account's bound, wherever it came from.
    const counted = trusted ? [...checked, account] : checked;
    return {
      locked,
      record: async () => {
        for (const [limit, subject] of counted) await limiter.record(limit, subject);
      },
    };
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
      const code = await codes.forSession({ phone, ip, owner: { kind: 'registration', username } });
      const passwordHash = await hashPassword(password);
      const issued = await sessions.issue({
        surface: 'customer',
        userId: null,
        registration: { username, passwordHash },
        stage: 'pending_phone',
        phone,
        verificationId: code.verificationId,
        sent: true,
        account: null,
      });
      return { ...issued, next: 'verify_phone' };
    },

    async startGuest({ name: rawName, phone: rawPhone, ip }) {
      await limiter.consume(LIMITS.signupPerIp, clientKey(ip));
      await limiter.consume(LIMITS.signupPerNetwork, networkOf(ip));
      const name = judgeGuestName(rawName);
      if (!name.ok || name.name === null) {
        throw new ValidationError([{ field: 'name', message: name.ok ? 'Enter your name.' : name.reason }]);
      }
      const phone = textablePhone(rawPhone, deps.phonePolicy, deps.allowedCountries);
      const code = await codes.forSession({
        phone,
        ip,
        owner: { kind: 'registration', username: guestOwner(phone) },
      });
      return sessions.issue({
        surface: 'customer',
        userId: null,
        registration: { username: name.name, passwordHash: '' },
        stage: 'pending_guest',
        phone,
        verificationId: code.verificationId,
        sent: true,
        account: null,
      });
    },

    async login({ username: rawUsername, password, ip, surface, device }) {
      await limiter.consume(LIMITS.passwordPerIp, clientKey(ip));
      const username = normalizeUsername(rawUsername);
      const found = await store.users.findByUsername({ username, orStoredAs: storedSpellings(rawUsername) });
      // An account of the other surface is, here, an unknown one (same answer, same work).
      const user = found && (found.role === 'customer') === (surface === 'customer') ? found : null;
      const failures = await failuresFor({ username, userId: user?.id ?? null, ip, surface, device });
      // The hash is checked in every case, so unknown, locked and wrong take the same time.
      // An invited account has no password yet (''): checked like an unknown one, in equal time.
      const check = await checkPassword(
        user && user.passwordHash !== '' ? user.passwordHash : null,
        normalizePassword(password),
      );
      if (!user || failures.locked || !check.ok) {
        // A locked attempt was no guess (even the right password is refused): it counts no more.
        if (!failures.locked) await failures.record();
        // Staff failures are an audit matter: each is logged at warn level (A7).
        const level = surface === 'staff' ? 'warn' : 'info';
        log[level]({ known: user !== null, locked: failures.locked, surface }, 'sign-in refused: password');
        throw new RefusedError('invalid_credentials', 'Wrong username or password.');
      }
      // Told only to someone who knows the password.
      if (user.disabledAt) throw disabledAccount();
      if (check.needsRehash) {
        const passwordHash = await hashPassword(normalizePassword(password));
        await store.users.setPasswordHash({ id: user.id, passwordHash, at: now() });
        log.info({ userId: user.id }, 'password re-hashed with argon2id');
      }
      const stage: SessionStage = user.phoneVerifiedAt ? 'pending_2fa' : 'pending_phone';
      // Accounts of the original app never proved their number: it must pass today's rules.
      if (stage === 'pending_phone' && !judgePhone(user.phone, deps.phonePolicy, deps.allowedCountries).ok) {
        throw refusedPhone();
      }
      const owner = { kind: 'account', userId: user.id, proven: stage === 'pending_2fa' } as const;
      const code = await codes.forSession({ phone: user.phone, ip, owner });
      const issued = await sessions.issue({
        surface,
        userId: user.id,
        registration: null,
        stage,
        phone: user.phone,
        verificationId: code.verificationId,
        sent: true,
        account: null,
      });
      // The newest sign-in is the one that counts: earlier pending ones (another tab, a double
      // click) end, and the code is this session's alone (H3).
      await store.sessions.removeOlderPending({ userId: user.id, than: issued.session });
      await code.takeOver(issued.session.id);
      log.info({ userId: user.id, stage }, 'password accepted: code sent');
      return { ...issued, next: stage === 'pending_2fa' ? 'otp' : 'verify_phone' };
    },
  };
}
