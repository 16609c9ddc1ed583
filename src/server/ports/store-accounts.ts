// The Store port, accounts: users, sessions and trusted devices (see store.ts).
import type { Session } from '../domain/session.js';
import type { NewUser, User, UserChanges } from '../domain/user.js';

/** Stores a new account; ConflictError when the (normalized) username is taken. */
export type AddUser = (args: { user: NewUser; at: Date }) => Promise<User>;

/**
 * The account with this (case-folded) username, or `null`. `orStoredAs`: spellings from before
 * usernames were folded, most preferred first; an account stored under one of them comes before
 * the folded one (it could not take its folded spelling because another account held it).
 */
export type FindUserByUsername = (args: {
  username: string;
  orStoredAs?: readonly string[];
}) => Promise<User | null>;

/** The accounts whose proven phone is `phone` (E.164), newest first: a forgotten password by phone. */
export type FindUsersByPhone = (args: { phone: string }) => Promise<User[]>;

/** Accounts by id, `limit` at a time after `afterId` (`null`: from the first): id, username, age. */
export type ListUsernames = (args: {
  afterId: string | null;
  limit: number;
}) => Promise<Pick<User, 'id' | 'username' | 'createdAt'>[]>;

/** Gives an account another username: `false` when none has that id; ConflictError when taken. */
export type RenameUser = (args: { id: string; username: string; at: Date }) => Promise<boolean>;

/** One account by id, or `null`. */
export type GetUser = (args: { id: string }) => Promise<User | null>;

/** Records that the phone on the account was proven by a code (and is now `phone`). */
export type MarkPhoneVerified = (args: { id: string; phone: string; at: Date }) => Promise<void>;

/** Replaces the password hash (re-hashing a legacy bcrypt hash, or a new password). */
export type SetPasswordHash = (args: { id: string; passwordHash: string; at: Date }) => Promise<void>;

/** Staff and admin accounts (never customers), by username. */
export type ListStaffUsers = () => Promise<User[]>;

/** Changes the given fields of an account; the updated account, or `null` when none has that id. */
export type UpdateUser = (args: { id: string; changes: UserChanges; at: Date }) => Promise<User | null>;

/** Stores a new session. */
export type AddSession = (args: { session: Session }) => Promise<void>;

/** The session with this id (the digest), or `null`. */
export type GetSession = (args: { id: string }) => Promise<Session | null>;

/** Changes a session's mutable fields; the updated session, or `null` when it is gone. */
export type UpdateSession = (args: {
  id: string;
  changes: Partial<Omit<Session, 'id' | 'userId' | 'createdAt'>>;
}) => Promise<Session | null>;

/** Deletes a session: `true` for exactly one caller, even when several race (one-time use). */
export type RemoveSession = (args: { id: string }) => Promise<boolean>;

/** The account's signed-in sessions (stage `full`), newest first: the devices it is signed in on. */
export type ListSessionsOfUser = (args: { userId: string }) => Promise<Session[]>;

/** Deletes every session of an account (sign out everywhere). */
export type RemoveSessionsOfUser = (args: { userId: string }) => Promise<number>;

/**
 * Deletes the account's pending sign-ins (`pending_phone`, `pending_2fa`; never a forgotten
 * password's) older than `than`: by creation time, then by id, so that of sessions made at once
 * exactly the newest is kept.
 */
export type RemoveOlderPendingSessions = (args: {
  userId: string;
  than: Pick<Session, 'id' | 'createdAt'>;
}) => Promise<number>;

/** The account's newest pending sign-in (as above; by creation time, then id), or `null`. */
export type NewestPendingSession = (args: { userId: string }) => Promise<Session | null>;

/** Sessions whose pending code is this provider verification. */
export type ListSessionsHoldingVerification = (args: { verificationId: string }) => Promise<Session[]>;

/** Deletes sessions whose absolute lifetime ended before `before`. */
export type RemoveExpiredSessions = (args: { before: Date }) => Promise<number>;

/**
 * A browser that completed a sign-in of an account (password and code): the digest of the
 * secret in its device cookie, and until when it counts for that account (H1). One browser may
 * be trusted by several accounts (a kitchen tablet, a cook who also orders).
 */
export interface TrustedDevice {
  digest: string;
  userId: string;
  expiresAt: Date;
}

/** Remembers a device for an account; the same pair again renews it. */
export type AddTrustedDevice = (args: { device: TrustedDevice }) => Promise<void>;

/** The device with this digest as `userId`'s, or `null` (whatever its expiry: the caller compares). */
export type GetTrustedDevice = (args: { digest: string; userId: string }) => Promise<TrustedDevice | null>;

/** Whether any account trusts a device with this digest (one we issued). */
export type IsKnownDevice = (args: { digest: string }) => Promise<boolean>;

/** Forgets every device of an account (signed out everywhere, a new phone). */
export type RemoveDevicesOfUser = (args: { userId: string }) => Promise<number>;

/** Forgets devices whose trust ended before `before`. */
export type RemoveExpiredDevices = (args: { before: Date }) => Promise<number>;

export interface UserRepository {
  add: AddUser;
  findByUsername: FindUserByUsername;
  findByPhone: FindUsersByPhone;
  get: GetUser;
  markPhoneVerified: MarkPhoneVerified;
  setPasswordHash: SetPasswordHash;
  listStaff: ListStaffUsers;
  update: UpdateUser;
  listUsernames: ListUsernames;
  rename: RenameUser;
}

export interface SessionRepository {
  add: AddSession;
  get: GetSession;
  update: UpdateSession;
  remove: RemoveSession;
  listOfUser: ListSessionsOfUser;
  removeOfUser: RemoveSessionsOfUser;
  removeOlderPending: RemoveOlderPendingSessions;
  newestPending: NewestPendingSession;
  holding: ListSessionsHoldingVerification;
  removeExpired: RemoveExpiredSessions;
}

export interface DeviceRepository {
  add: AddTrustedDevice;
  get: GetTrustedDevice;
  isKnown: IsKnownDevice;
  removeOfUser: RemoveDevicesOfUser;
  removeExpired: RemoveExpiredDevices;
}
