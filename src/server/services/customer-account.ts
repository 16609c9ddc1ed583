// A customer's own account: a new password, the devices signed in and signing out of them all,
// a copy of their data, and erasing the account (password and a texted code). An erased
// account's orders stay for the restaurant's records, naming a "deleted customer".
import { ConflictError, RefusedError, ValidationError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import { DELETED_CUSTOMER, type Order } from '../domain/order.js';
import { normalizePassword } from '../domain/password.js';
import { sessionAccountOf, type Session } from '../domain/session.js';
import {
  customerShownName,
  isGuest,
  isValidUsername,
  normalizeUsername,
  USERNAME_RULE,
  type User,
} from '../domain/user.js';
import { checkPassword, hashPassword } from '../infrastructure/passwords.js';
import { acceptablePassword } from './account-rules.js';
import type { AccountDeps } from './account-deps.js';
import { createCodeCheck } from './code-step.js';
import type { CodeSender } from './codes.js';
import type { IssuedSession, Sessions } from './sessions.js';

export interface AccountData {
  profile: { username: string; phone: string; createdAt: Date | null };
  orders: Order[];
}

export interface CustomerAccount {
  /** A new password (the current one required); every other session ends, this one is renewed. */
  changePassword(args: { session: Session; current: string; password: string }): Promise<IssuedSession>;
  /** The account's signed-in sessions, newest first. */
  devices(args: { userId: string }): Promise<Session[]>;
  /** Ends every session of the account, this one too, and forgets its trusted browsers. */
  signOutEverywhere(args: { userId: string }): Promise<void>;
  /** Everything the app keeps about the person: the account and every order. */
  exportData(args: { userId: string }): Promise<AccountData>;
  /** Erasing, step 1: the password, then a code is texted to the account's phone. */
  startErasure(args: { session: Session; password: string; ip: string }): Promise<Session>;
  resendErasureCode(args: { session: Session; ip: string }): Promise<Session>;
  /** Erasing, step 2: the code; the person is gone, their orders stay without them. */
  erase(args: { session: Session; code: string }): Promise<void>;
  /**
   * A guest keeps their orders in an account: a username and a password of their choosing (the
   * phone is proven). Their sessions end; this one is renewed.
   */
  claimGuest(args: { session: Session; username: string; password: string }): Promise<IssuedSession>;
}

/** How long after the code a guest may choose a username and a password. */
const CLAIM_WITHIN_MS = 60 * 60 * 1000;

const usernameTaken = () =>
  new ValidationError(
    [{ field: 'username', message: 'That username is taken: choose another.' }],
    'username_taken',
  );

/** The name an erased account is left with: nobody can sign in as it, or take it. */
export const erasedUsername = (id: string) => `deleted:${id}`;

export function createCustomerAccount(
  deps: AccountDeps & {
    sessions: Sessions;
    codes: CodeSender;
    /** Called with every order the erasure changed: the kitchen's board shows the change. */
    onOrderChanged?: (order: Order) => void;
  },
): CustomerAccount {
  const { store, log, now, sessions, codes } = deps;
  const refusalFor = createCodeCheck(deps);

  async function accountOf(session: Session): Promise<User> {
    const user = session.userId === null ? null : await store.users.get({ id: session.userId });
    if (!user || user.disabledAt) throw new RefusedError('unauthenticated', 'Sign in first.');
    return user;
  }

  /** The current password, checked as sign-in checks it (the same limits on guessing). */
  async function assertPassword(user: User, password: string): Promise<void> {
    await deps.limiter.consume(LIMITS.currentPasswordPerAccount, user.id);
    const check = await checkPassword(user.passwordHash || null, normalizePassword(password));
    if (!check.ok) {
      throw new RefusedError('invalid_credentials', 'That is not your current password.');
    }
  }

  /** A new signed-in session for this browser (the account's others ended), carrying `account`. */
  function renewed(session: Session, account: Session['account']): Promise<IssuedSession> {
    return sessions.issue({
      ...{ surface: session.surface, userId: session.userId, registration: null, stage: 'full' },
      ...{ phone: null, verificationId: null, sent: false, account },
    });
  }

  /** A code for erasing the account: at most 3 per session, a minute apart. */
  async function textCode(session: Session, user: User, ip: string): Promise<Session> {
    await sessions.claimResend(session, 'No more codes for now: sign in again to try later.');
    const owner = { kind: 'account', userId: user.id, proven: true } as const;
    const code = await codes.forSession({ phone: user.phone, ip, owner });
    const updated = await store.sessions.update({
      id: session.id,
      changes: { verificationId: code.verificationId, sends: session.sends + 1, lastSentAt: now() },
    });
    if (!updated) throw new RefusedError('unauthenticated', 'Sign in first.');
    await code.takeOver(updated.id);
    return updated;
  }

  return {
    async changePassword({ session, current, password }) {
      const user = await accountOf(session);
      const accepted = acceptablePassword(password, user.username);
      await assertPassword(user, current);
      await store.users.setPasswordHash({
        id: user.id,
        passwordHash: await hashPassword(accepted),
        at: now(),
      });
      await store.sessions.removeOfUser({ userId: user.id });
      log.info({ userId: user.id }, 'password changed: every other session ended');
      return renewed(session, session.account);
    },

    devices: ({ userId }) => store.sessions.listOfUser({ userId }),

    async signOutEverywhere({ userId }) {
      await store.sessions.removeOfUser({ userId });
      await store.devices.removeOfUser({ userId });
      log.info({ userId }, 'signed out everywhere');
    },

    async exportData({ userId }) {
      const user = await store.users.get({ id: userId });
      if (!user) throw new RefusedError('unauthenticated', 'Sign in first.');
      const orders: Order[] = [];
      for (let page = await store.orders.listOfUser({ userId, limit: 100 }); page.length > 0;) {
        orders.push(...page);
        const last = page.at(-1);
        page = last ? await store.orders.listOfUser({ userId, limit: 100, before: last }) : [];
      }
      return {
        profile: { username: customerShownName(user), phone: user.phone, createdAt: user.createdAt },
        orders,
      };
    },

    async startErasure({ session, password, ip }) {
      const user = await accountOf(session);
      await assertPassword(user, password);
      return textCode(session, user, ip);
    },

    async resendErasureCode({ session, ip }) {
      const user = await accountOf(session);
      if (session.lastSentAt === null) throw new RefusedError('forbidden', 'Enter your password first.');
      return textCode(session, user, ip);
    },

    async claimGuest({ session, username: raw, password }) {
      const user = await accountOf(session);
      if (!isGuest(user)) throw new RefusedError('forbidden', 'This account already has a username.');
      // Soon after the code only: a session found later (a shared phone, a stolen cookie) cannot
      // put a password on the guest's orders.
      if (now().getTime() - session.createdAt.getTime() > CLAIM_WITHIN_MS) {
        throw new RefusedError(
          'forbidden',
          'Choose a username within an hour of confirming your number: check out as a guest again to do it.',
        );
      }
      await deps.limiter.consume(LIMITS.currentPasswordPerAccount, user.id);
      const username = normalizeUsername(raw);
      const badName = isValidUsername(username) ? [] : [{ field: 'username', message: USERNAME_RULE }];
      const accepted = acceptablePassword(password, username, badName);
      if (await store.users.findByUsername({ username })) throw usernameTaken();
      const passwordHash = await hashPassword(accepted);
      const at = now();
      try {
        await store.users.rename({ id: user.id, username, at });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        throw usernameTaken();
      }
      const claimed = await store.users.update({
        id: user.id,
        changes: { passwordHash, displayName: null },
        at,
      });
      if (!claimed) throw new RefusedError('unauthenticated', 'Sign in first.');
      await store.sessions.removeOfUser({ userId: user.id });
      log.info({ userId: user.id }, 'guest account given a username and a password');
      return renewed(session, sessionAccountOf(claimed));
    },

    async erase({ session, code }) {
      const user = await accountOf(session);
      if (!session.verificationId) throw new RefusedError('otp_used_up', 'Send yourself a new code.');
      const refusal = await refusalFor(session, session.verificationId, code, `erase:${user.id}`);
      if (refusal) throw refusal;
      const at = now();
      // Signed out first, so that no new order comes; then the orders, while the account is still
      // there to try again should anything fail.
      await store.sessions.removeOfUser({ userId: user.id });
      await store.devices.removeOfUser({ userId: user.id });
      const orders = await store.orders.eraseCustomer({ userId: user.id, at });
      await store.users.rename({ id: user.id, username: erasedUsername(user.id), at });
      await store.users.update({
        id: user.id,
        changes: {
          phone: '',
          phoneVerifiedAt: null,
          passwordHash: '',
          displayName: null,
          invitation: null,
          disabledAt: at,
        },
        at,
      });
      // An order placed by a request already under way when the sessions ended is erased too.
      const again = await store.orders.eraseCustomer({ userId: user.id, at });
      await store.events.removeOfUser({ userId: user.id });
      const erased = new Map([...orders, ...again].map((order) => [order.id, order]));
      await store.trackingLinks.removeOfOrders({ orderIds: [...erased.keys()] });
      for (const order of erased.values()) deps.onOrderChanged?.(order);
      log.info({ userId: user.id, orders: erased.size, as: DELETED_CUSTOMER }, 'account erased');
    },
  };
}
