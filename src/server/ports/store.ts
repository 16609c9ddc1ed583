// The Store port: every read and write the services make, as named operations with one object
// argument. Each adapter (SQLite now, MongoDB next) is typed by these, so drift is a compile error.
import type { MenuItem, NewMenuItem } from '../domain/menu.js';
import type { DeliveryStatus, NewOrder, Order } from '../domain/order.js';
import type { Session } from '../domain/session.js';
import type { NewUser, User, UserChanges } from '../domain/user.js';

/** Dishes in menu order (position, then name). `availableOnly` leaves out 86'd dishes. */
export type ListMenuItems = (args: { availableOnly: boolean }) => Promise<MenuItem[]>;

/** One dish by id, or `null` when no dish has that id (including ids of a foreign shape). */
export type GetMenuItem = (args: { id: string }) => Promise<MenuItem | null>;

/**
 * Stores a new dish with both timestamps (`at`). The store assigns its id unless `id` is given
 * (24 lowercase hex characters); a given id that is taken is a ConflictError.
 */
export type AddMenuItem = (args: { item: NewMenuItem; at: Date; id?: string }) => Promise<MenuItem>;

/** How many dishes exist, available or not. */
export type CountMenuItems = () => Promise<number>;

/** Replaces a dish's fields (keeping its id and createdAt); the stored dish, or `null` when none has that id. */
export type ReplaceMenuItem = (args: { id: string; item: NewMenuItem; at: Date }) => Promise<MenuItem | null>;

/** Deletes a dish; `false` when none has that id. Orders keep their snapshot of it. */
export type RemoveMenuItem = (args: { id: string }) => Promise<boolean>;

/** A restaurant setting by name (JSON value), or `null` when never set. */
export type GetSetting = (args: { key: string }) => Promise<unknown>;

/** Stores a restaurant setting, replacing its previous value. */
export type PutSetting = (args: { key: string; value: unknown; at: Date }) => Promise<void>;

/** Who changed what, when: one line of the audit log. */
export interface AuditEntry {
  id: string;
  at: Date;
  /** The account that acted, and its username at the time. */
  actorId: string;
  actorName: string;
  action: string;
  /** What was acted on (a dish id, an account id). */
  target: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Appends an audit entry. */
export type AddAuditEntry = (args: { entry: Omit<AuditEntry, 'id'> }) => Promise<AuditEntry>;

/** The newest audit entries first, at most `limit`. */
export type ListAuditEntries = (args: { limit: number }) => Promise<AuditEntry[]>;

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

/**
 * Stores an order as given (lines already priced) under `id` when given (24 lowercase hex),
 * else a new one; ConflictError when an order with that id exists. The order and its
 * notifications land together or not at all.
 */
export type AddOrder = (args: { order: NewOrder; id?: string }) => Promise<Order>;

/** One order by id, or `null`. */
export type GetOrder = (args: { id: string }) => Promise<Order | null>;

/**
 * A customer's orders, newest first, at most `limit`; `before` continues a listing after the
 * last order of the previous page.
 */
export type ListOrdersOfUser = (args: {
  userId: string;
  limit: number;
  before?: { orderTime: Date; id: string };
}) => Promise<Order[]>;

/**
 * Writes the order's changeable fields (status, history, notifications, outbox due time,
 * lastUpdated) if nobody changed it since `expectedVersion`, and bumps its version. `false`
 * when the version moved on (re-read and try again) or the order is gone.
 */
export type UpdateOrder = (args: { order: Order; expectedVersion: number }) => Promise<boolean>;

/**
 * Orders on the kitchen board, oldest first, at most `limit`: those it still works on (received,
 * preparing, ready) and any with an open support call.
 */
export type ListActiveOrders = (args: { limit: number }) => Promise<Order[]>;

/** Orders whose outbox has work due at `at` (oldest due first), at most `limit`. */
export type ListOrdersWithDueNotifications = (args: { at: Date; limit: number }) => Promise<Order[]>;

/** A delivery status the carrier reported for one of an order's text messages. */
export interface DeliveryReport {
  orderId: string;
  notificationId: string;
  messageId: string;
  status: DeliveryStatus;
  at: Date;
}

/**
 * Records a report once: `false` when the same status was already recorded for that text
 * (Vonage retries webhooks). Kept apart from the order document, so a webhook never races the
 * relay or the kitchen for it.
 */
export type RecordDelivery = (args: { report: DeliveryReport }) => Promise<boolean>;

/** Every report recorded for these orders. */
export type ListDeliveries = (args: { orderIds: readonly string[] }) => Promise<DeliveryReport[]>;

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

/** Deletes every session of an account (sign out everywhere). */
export type RemoveSessionsOfUser = (args: { userId: string }) => Promise<number>;

/**
 * Deletes the account's pending sessions (any stage but `full`) older than `than`: by creation
 * time, then by id, so that of sessions made at once exactly the newest is kept.
 */
export type RemoveOlderPendingSessions = (args: {
  userId: string;
  than: Pick<Session, 'id' | 'createdAt'>;
}) => Promise<number>;

/** The account's newest pending session (by creation time, then id), or `null`. */
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

/**
 * Counts one hit in the fixed window of `windowSeconds` that contains `at`; resolves the
 * window's count including this hit, and a receipt to take this very hit back. Atomic across
 * instances sharing the database.
 */
export type HitCounter = (args: {
  key: string;
  windowSeconds: number;
  at: Date;
}) => Promise<{ count: number; resetsAt: Date; receipt: string }>;

/** The current window's count without adding to it. */
export type PeekCounter = (args: {
  key: string;
  windowSeconds: number;
  at: Date;
}) => Promise<{ count: number; resetsAt: Date }>;

/** Takes back the hit of this receipt (one that turned out to spend nothing); once only. */
export type RetractCounterHit = (args: {
  key: string;
  windowSeconds: number;
  at: Date;
  receipt: string;
}) => Promise<void>;

/** Forgets counters whose window ended before `before`. */
export type RemoveStaleCounters = (args: { before: Date }) => Promise<number>;

/** The next value of a named sequence, starting at 1; never the same value twice. */
export type NextInSequence = (args: { name: string }) => Promise<number>;

/** Something that happened, for live listeners (SSE). `seq` orders events across instances. */
export interface StoredEvent {
  seq: number;
  topic: 'order';
  /** Whose it is: customers receive only their own. */
  userId: string;
  at: Date;
  /** The public view the listener receives (already stripped of anything private). */
  payload: Record<string, unknown>;
}

/** Appends an event; resolves its sequence number. */
export type AppendEvent = (args: { event: Omit<StoredEvent, 'seq'> }) => Promise<StoredEvent>;

/** Events with `seq > after`, oldest first, at most `limit`; only `userId`'s when given. */
export type ListEventsSince = (args: {
  after: number;
  limit: number;
  userId?: string;
}) => Promise<StoredEvent[]>;

/** The highest sequence number stored (0 when none). */
export type LatestEventSeq = () => Promise<number>;

/**
 * Forgets events older than `before`, except the newest: sequence numbers never go back, even
 * after a quiet day.
 */
export type RemoveEventsBefore = (args: { before: Date }) => Promise<number>;

/**
 * Records that a one-time step (such as seeding the first menu) has happened. Resolves `true`
 * for exactly one caller per key, ever — atomic even with several app instances on one database.
 */
export type ClaimOnce = (args: { key: string; at: Date }) => Promise<boolean>;

/**
 * Resolves once the store can serve (connected, schema prepared). A store whose database is
 * unreachable at start-up keeps retrying, so this may take a while; it never rejects.
 */
export type WhenStoreReady = () => Promise<void>;

/**
 * Forgets short-lived claims recorded before `before`: those whose key holds a `:` (a relay's
 * send, a session's one use). Milestones of the app's life (`menu.seeded`) have none and stay.
 */
export type RemoveTransientMilestones = (args: { before: Date }) => Promise<number>;

/** Whether a one-time step has been recorded. */
export type HasMilestone = (args: { key: string }) => Promise<boolean>;

/** Resolves when the database answers; rejects with DependencyUnavailableError otherwise. */
export type PingStore = () => Promise<void>;

/** Releases connections and file handles; the store is unusable afterwards. */
export type CloseStore = () => Promise<void>;

export interface MenuRepository {
  list: ListMenuItems;
  get: GetMenuItem;
  add: AddMenuItem;
  count: CountMenuItems;
  replace: ReplaceMenuItem;
  remove: RemoveMenuItem;
}

export interface SettingsRepository {
  get: GetSetting;
  put: PutSetting;
}

export interface AuditRepository {
  add: AddAuditEntry;
  list: ListAuditEntries;
}

export interface UserRepository {
  add: AddUser;
  findByUsername: FindUserByUsername;
  get: GetUser;
  markPhoneVerified: MarkPhoneVerified;
  setPasswordHash: SetPasswordHash;
  listStaff: ListStaffUsers;
  update: UpdateUser;
  listUsernames: ListUsernames;
  rename: RenameUser;
}

export interface OrderRepository {
  add: AddOrder;
  get: GetOrder;
  listOfUser: ListOrdersOfUser;
  update: UpdateOrder;
  listActive: ListActiveOrders;
  listWithDueNotifications: ListOrdersWithDueNotifications;
}

export interface DeliveryRepository {
  record: RecordDelivery;
  ofOrders: ListDeliveries;
}

export interface SessionRepository {
  add: AddSession;
  get: GetSession;
  update: UpdateSession;
  remove: RemoveSession;
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

export interface CounterRepository {
  hit: HitCounter;
  peek: PeekCounter;
  retract: RetractCounterHit;
  removeStale: RemoveStaleCounters;
  next: NextInSequence;
}

export interface EventRepository {
  append: AppendEvent;
  since: ListEventsSince;
  latestSeq: LatestEventSeq;
  removeBefore: RemoveEventsBefore;
}

export interface Store {
  /** Which adapter this is, for logs and `/readyz`. */
  readonly kind: 'sqlite' | 'mongodb';
  menu: MenuRepository;
  users: UserRepository;
  orders: OrderRepository;
  deliveries: DeliveryRepository;
  audit: AuditRepository;
  settings: SettingsRepository;
  sessions: SessionRepository;
  devices: DeviceRepository;
  counters: CounterRepository;
  events: EventRepository;
  milestones: { claimOnce: ClaimOnce; has: HasMilestone; removeTransient: RemoveTransientMilestones };
  whenReady: WhenStoreReady;
  ping: PingStore;
  close: CloseStore;
}
