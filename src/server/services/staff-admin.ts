// The restaurant's team, run by its admins: invite a cook by text message, disable an account,
// move an account to a new phone. Every change is audited and signs the person out everywhere.
//
// An invitation creates the account at once (the admin chooses the username, the role and the
// phone) but with no password: nobody can sign in to it. The link texted to the phone carries a
// secret whose digest the account keeps; opening it lets the invitee choose a password, once,
// within three days. The phone is then proven by a code at the first sign-in, like every staff
// phone after a reset.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ConflictError, NotFoundError, RefusedError, ValidationError } from '../domain/errors.js';
import { clientKey, LIMITS } from '../domain/limits.js';
import { maskPhone } from '../domain/phone.js';
import {
  isStaff,
  isValidUsername,
  judgeDisplayName,
  normalizeUsername,
  USERNAME_RULE,
  type Account,
  type User,
  type UserChanges,
} from '../domain/user.js';
import type { AccountDeps } from './account-deps.js';
import { digest } from './sessions.js';
import { hashPassword } from '../infrastructure/passwords.js';
import { acceptablePassword, textablePhone } from './account-rules.js';
import type { SmsSent } from '../ports/comms.js';
import { isDocumentId } from '../../contract/ids.js';

export const INVITATION_LIFETIME_SECONDS = 3 * 24 * 60 * 60;

export type StaffRole = 'staff' | 'admin';
export type MemberState = 'invited' | 'invitation_expired' | 'active' | 'disabled';

/** What an admin sees of a team member: never the password hash or the invitation's digest. */
export interface TeamMember {
  id: string;
  username: string;
  role: StaffRole;
  /** The name customers see them by (their own choice); `null`: "the kitchen". */
  displayName: string | null;
  /** Masked (`+155…34`): enough to recognize, not to harvest. */
  phone: string;
  phoneVerified: boolean;
  state: MemberState;
  invitationExpiresAt: Date | null;
  createdAt: Date | null;
}

export interface Invited {
  member: TeamMember;
  /** The link to hand over, shown once: it is also texted to the invitee's phone. */
  link: string;
  /** Whether the provider accepted the text (the admin can hand the link over otherwise). */
  texted: boolean;
}

export interface StaffAdmin {
  list(): Promise<TeamMember[]>;
  invite(args: {
    by: Account;
    username: string;
    phone: string;
    role: StaffRole;
    origin: string;
  }): Promise<Invited>;
  /** A fresh link for an invitation not yet taken up (the old link stops working). */
  reinvite(args: { by: Account; id: string; origin: string }): Promise<Invited>;
  /**
   * The invitee chooses a password (and may choose the name customers see); the link is spent.
   * Returns the username to sign in with.
   */
  acceptInvitation(args: {
    token: string;
    password: string;
    displayName?: string | undefined;
    ip: string;
  }): Promise<{ username: string }>;
  /** A staff member's own choice of the name customers see them by (empty: none). */
  setDisplayName(args: { by: Account; displayName: string }): Promise<User>;
  setDisabled(args: { by: Account; id: string; disabled: boolean }): Promise<TeamMember>;
  /** Moves the account to a new phone, proven by a code at its next sign-in. */
  resetPhone(args: { by: Account; id: string; phone: string; origin: string }): Promise<TeamMember>;
}

export interface StaffAdminDeps extends AccountDeps {
  restaurantName: string;
  /** Links in texts point here when set (PUBLIC_URL); else at the admin's own origin. */
  publicUrl: string | null;
}

function stateOf(user: User, at: Date): MemberState {
  if (user.disabledAt) return 'disabled';
  if (user.invitation) return user.invitation.expiresAt > at ? 'invited' : 'invitation_expired';
  // No password and no link (a store failure between the two writes of an invitation): send one.
  if (user.passwordHash === '') return 'invitation_expired';
  return 'active';
}

/** An admin who can sign in today: enabled, with a password of their own. */
const isWorkingAdmin = (user: User) =>
  user.role === 'admin' && !user.disabledAt && !user.invitation && user.passwordHash !== '';

function teamMember(user: User, at: Date): TeamMember {
  return {
    id: user.id,
    username: user.username,
    role: user.role === 'admin' ? 'admin' : 'staff',
    displayName: user.displayName,
    phone: maskPhone(user.phone),
    phoneVerified: user.phoneVerifiedAt !== null,
    state: stateOf(user, at),
    invitationExpiresAt: user.invitation?.expiresAt ?? null,
    createdAt: user.createdAt,
  };
}

/** What the audit log keeps of an account. */
function snapshot(user: User, at: Date): Record<string, unknown> {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    phone: maskPhone(user.phone),
    phoneVerified: user.phoneVerifiedAt !== null,
    state: stateOf(user, at),
  };
}

const invalidInvitation = () =>
  new RefusedError(
    'invitation_invalid',
    'This invitation link is no longer valid: it was used, replaced or is more than three days old. Ask an admin for a new one.',
  );

export function createStaffAdmin(deps: StaffAdminDeps): StaffAdmin {
  const { store, comms, log, now } = deps;

  async function audit(by: Account, action: string, before: User | null, after: User) {
    const at = now();
    await store.audit.add({
      entry: {
        at,
        actorId: by.id,
        actorName: by.username,
        action,
        target: after.id,
        before: before && snapshot(before, at),
        after: snapshot(after, at),
      },
    });
  }

  async function member(id: string): Promise<User> {
    const user = await store.users.get({ id });
    if (!user || !isStaff(user)) throw new NotFoundError('The team member');
    return user;
  }

  async function change(id: string, changes: UserChanges): Promise<User> {
    const updated = await store.users.update({ id, changes, at: now() });
    if (!updated) throw new NotFoundError('The team member');
    return updated;
  }

  /**
   * Ends every session of the account (its requests fail at once, its live streams within 5 s),
   * and forgets its trusted devices.
   */
  async function signOut(user: User) {
    await store.sessions.removeOfUser({ userId: user.id });
    await store.devices.removeOfUser({ userId: user.id });
  }

  function displayNameOf(raw: string, user: User): string | null {
    const judged = judgeDisplayName(raw, user.username);
    if (!judged.ok) throw new ValidationError([{ field: 'displayName', message: judged.reason }]);
    return judged.name;
  }

  const phoneOf = (raw: string) => textablePhone(raw, deps.phonePolicy, deps.allowedCountries);

  /** One text within the restaurant's ceiling on notifications (H5): what became of it. */
  async function textOnce(to: string, text: string): Promise<SmsSent['outcome'] | 'budget_spent'> {
    const result = await deps.budget.sendNotification(
      async () => (await comms.sms.send({ to, text })).outcome,
    );
    return 'spentUntil' in result ? 'budget_spent' : (result.sent ?? 'unavailable');
  }

  /** A new secret for the account, recorded (audited as `action`), then texted as a link. */
  async function sendInvitation(by: Account, user: User, origin: string, action: string): Promise<Invited> {
    const token = `${user.id}.${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(now().getTime() + INVITATION_LIFETIME_SECONDS * 1000);
    const invited = await change(user.id, { invitation: { digest: digest(token), expiresAt } });
    await audit(by, action, action === 'staff.invite' ? null : user, invited);
    // The secret rides in the fragment: browsers never send it to a server or in a Referer.
    const link = `${deps.publicUrl ?? origin}/staff/invite#${token}`;
    const text = `${deps.restaurantName}: ${by.username} invited you to the team as ${invited.username}. Choose your password within 3 days: ${link}`;
    const texted = await textOnce(invited.phone, text);
    if (texted !== 'accepted') {
      log.warn(
        { userId: invited.id, outcome: texted },
        'invitation not texted: the admin hands the link over',
      );
    }
    return { member: teamMember(invited, now()), link, texted: texted === 'accepted' };
  }

  return {
    async list() {
      const at = now();
      return (await store.users.listStaff()).map((user) => teamMember(user, at));
    },

    async invite({ by, username: rawUsername, phone: rawPhone, role, origin }) {
      const username = normalizeUsername(rawUsername);
      if (!isValidUsername(username))
        throw new ValidationError([{ field: 'username', message: USERNAME_RULE }]);
      const phone = phoneOf(rawPhone);
      let user: User;
      try {
        // No password yet: an empty hash matches nothing, so nobody can sign in to it.
        user = await store.users.add({
          user: { username, phone, passwordHash: '', role, phoneVerifiedAt: null },
          at: now(),
        });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        throw new RefusedError('username_taken', 'That username is taken: choose another one.');
      }
      const invited = await sendInvitation(by, user, origin, 'staff.invite');
      log.info({ userId: user.id, role }, 'staff invited');
      return invited;
    },

    async reinvite({ by, id, origin }) {
      const user = await member(id);
      if (stateOf(user, now()) !== 'invited' && stateOf(user, now()) !== 'invitation_expired') {
        throw new RefusedError(
          'staff_change_refused',
          'Only an invitation not yet taken up can be sent again.',
        );
      }
      return sendInvitation(by, user, origin, 'staff.reinvite');
    },

    async acceptInvitation({ token, password, displayName = '', ip }) {
      await deps.limiter.consume(LIMITS.invitationsPerIp, clientKey(ip));
      const userId = token.split('.', 1)[0] ?? '';
      const user = isDocumentId(userId) ? await store.users.get({ id: userId }) : null;
      const presented = Buffer.from(digest(token));
      const stored = Buffer.from(user?.invitation?.digest ?? '');
      const matches = stored.length === presented.length && timingSafeEqual(stored, presented);
      if (!user?.invitation || !matches || user.disabledAt || user.invitation.expiresAt <= now()) {
        throw invalidInvitation();
      }
      const chosen = acceptablePassword(password, user.username);
      const name = displayNameOf(displayName, user);
      const passwordHash = await hashPassword(chosen);
      // One use: of two tabs racing with the same link, one sets the password.
      if (
        !(await store.milestones.claimOnce({ key: `invitation-used:${user.invitation.digest}`, at: now() }))
      ) {
        throw invalidInvitation();
      }
      // A new link sent meanwhile replaces this one: only the current link may set the password.
      const current = await store.users.get({ id: user.id });
      if (current?.invitation?.digest !== user.invitation.digest || current.disabledAt)
        throw invalidInvitation();
      const accepted = await change(user.id, { passwordHash, invitation: null, displayName: name });
      await audit(accepted, 'staff.accept-invitation', user, accepted);
      log.info({ userId: user.id }, 'invitation accepted: password chosen');
      return { username: user.username };
    },

    async setDisplayName({ by, displayName }) {
      const user = await member(by.id);
      const name = displayNameOf(displayName, user);
      if (name === user.displayName) return user;
      const renamed = await change(user.id, { displayName: name });
      await audit(by, 'staff.display-name', user, renamed);
      return renamed;
    },

    async setDisabled({ by, id, disabled }) {
      const user = await member(id);
      if (disabled && user.id === by.id) {
        throw new RefusedError('staff_change_refused', 'You cannot disable your own account.');
      }
      if (Boolean(user.disabledAt) === disabled) return teamMember(user, now());
      const lastAdmin = () =>
        new RefusedError('staff_change_refused', 'The restaurant needs at least one admin who can sign in.');
      const workingAdmins = async () => (await store.users.listStaff()).filter(isWorkingAdmin).length;
      if (disabled && isWorkingAdmin(user) && (await workingAdmins()) <= 1) throw lastAdmin();
      const updated = await change(id, { disabledAt: disabled ? now() : null });
      // Two admins disabling each other at once both passed the check above: counted again after
      // the write, the restaurant never ends without one (both changes are undone).
      if (disabled && isWorkingAdmin(user) && (await workingAdmins()) === 0) {
        await change(id, { disabledAt: null });
        throw lastAdmin();
      }
      if (disabled) await signOut(updated);
      await audit(by, disabled ? 'staff.disable' : 'staff.enable', user, updated);
      log.info({ userId: id, by: by.id }, disabled ? 'staff account disabled' : 'staff account enabled');
      return teamMember(updated, now());
    },

    async resetPhone({ by, id, phone: rawPhone, origin }) {
      const user = await member(id);
      if (user.id === by.id) {
        throw new RefusedError(
          'staff_change_refused',
          'Ask another admin to move your own account: a mistyped number would lock you out.',
        );
      }
      const phone = phoneOf(rawPhone);
      const updated = await change(id, { phone, phoneVerifiedAt: null });
      await signOut(updated);
      await audit(by, 'staff.reset-phone', user, updated);
      // A pending invitation went to the old number: the link moves to the new one (the old stops working).
      const state = stateOf(updated, now());
      if (state === 'invited' || state === 'invitation_expired') {
        return (await sendInvitation(by, updated, origin, 'staff.reinvite')).member;
      }
      log.info(
        { userId: id, by: by.id, phone: maskPhone(phone) },
        'staff phone reset: to be proven at next sign-in',
      );
      return teamMember(updated, now());
    },
  };
}
