// The Store port: every read and write the services make, as named operations with one object
// argument. Each adapter (SQLite now, MongoDB next) is typed by these, so drift is a compile error.
import type { DishPhoto, MenuItem, NewMenuItem } from '../domain/menu.js';
import type {
  DeliveryRepository,
  EventRepository,
  OrderRepository,
  TrackingLinkRepository,
} from './store-orders.js';
import type { DeviceRepository, SessionRepository, UserRepository } from './store-accounts.js';

export type * from './store-accounts.js';
export type * from './store-orders.js';

/** Dishes in menu order (position, then name). `availableOnly` leaves out 86'd dishes. */
export type ListMenuItems = (args: { availableOnly: boolean }) => Promise<MenuItem[]>;

/** One dish by id, or `null` when no dish has that id (including ids of a foreign shape). */
export type GetMenuItem = (args: { id: string }) => Promise<MenuItem | null>;

/**
 * Stores a new dish with both timestamps (`at`). The store assigns its id unless `id` is given
 * (24 lowercase hex characters); a given id that is taken is a ConflictError.
 */
export type AddMenuItem = (args: {
  item: NewMenuItem;
  at: Date;
  id?: string;
  photo?: DishPhoto | null;
}) => Promise<MenuItem>;

/** How many dishes exist, available or not. */
export type CountMenuItems = () => Promise<number>;

/** Replaces a dish's fields (keeping its id and createdAt); the stored dish, or `null` when none has that id. */
export type ReplaceMenuItem = (args: { id: string; item: NewMenuItem; at: Date }) => Promise<MenuItem | null>;

/** Deletes a dish; `false` when none has that id. Orders keep their snapshot of it. */
export type RemoveMenuItem = (args: { id: string }) => Promise<boolean>;

/** 86s (or un-86s) the dishes named, in one write; how many exist. */
export type SetMenuAvailability = (args: {
  ids: readonly string[];
  available: boolean;
  at: Date;
}) => Promise<number>;

/** Moves dishes (and renames their category, when given), in one write. */
export type ArrangeMenu = (args: {
  moves: readonly { id: string; position: number; category?: string }[];
  at: Date;
}) => Promise<void>;

/**
 * Adds or replaces dishes by id (a menu moved in), all in one write: all of them or none. A
 * replaced dish keeps its creation time.
 */
export type UpsertMenuItems = (args: {
  dishes: readonly { id: string; item: NewMenuItem; photo: DishPhoto | null }[];
  at: Date;
}) => Promise<void>;

/** Sets or clears a dish's photo; the stored dish, or `null` when none has that id. */
export type SetDishPhoto = (args: {
  id: string;
  photo: DishPhoto | null;
  at: Date;
}) => Promise<MenuItem | null>;

/**
 * Stores a photo file under its name (its content hash): storing one that exists is a no-op, so
 * instances and retries may store the same picture at once.
 */
export type PutPhotoFile = (args: {
  name: string;
  contentType: string;
  bytes: Buffer;
  at: Date;
}) => Promise<void>;

/** A photo file by name, or `null`. */
export type GetPhotoFile = (args: { name: string }) => Promise<{ contentType: string; bytes: Buffer } | null>;

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

/**
 * The newest audit entries first, at most `limit`; `before` continues after the last entry of the
 * previous page (its time and id). Only actions starting with `actionPrefix` ("menu."), and only
 * `actorName`'s, when given.
 */
export type ListAuditEntries = (args: {
  limit: number;
  before?: { at: Date; id: string };
  actionPrefix?: string;
  actorName?: string;
}) => Promise<AuditEntry[]>;

/** The range of strings that start with `prefix`, `[from, to)`: what an index can narrow to. */
export function prefixRange(prefix: string): { from: string; to: string } {
  const last = prefix.codePointAt(prefix.length - 1) ?? 0;
  return { from: prefix, to: prefix.slice(0, -1) + String.fromCodePoint(last + 1) };
}

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
  setAvailability: SetMenuAvailability;
  arrange: ArrangeMenu;
  setPhoto: SetDishPhoto;
  upsertMany: UpsertMenuItems;
}

/** Dish photos, in the store itself so that every instance serves them (SQLite table; GridFS). */
export interface PhotoRepository {
  put: PutPhotoFile;
  get: GetPhotoFile;
}

export interface SettingsRepository {
  get: GetSetting;
  put: PutSetting;
}

export interface AuditRepository {
  add: AddAuditEntry;
  list: ListAuditEntries;
}

export interface CounterRepository {
  hit: HitCounter;
  peek: PeekCounter;
  retract: RetractCounterHit;
  removeStale: RemoveStaleCounters;
  next: NextInSequence;
}

export interface Store {
  /** Which adapter this is, for logs and `/readyz`. */
  readonly kind: 'sqlite' | 'mongodb';
  menu: MenuRepository;
  photos: PhotoRepository;
  users: UserRepository;
  orders: OrderRepository;
  deliveries: DeliveryRepository;
  audit: AuditRepository;
  settings: SettingsRepository;
  sessions: SessionRepository;
  devices: DeviceRepository;
  counters: CounterRepository;
  events: EventRepository;
  trackingLinks: TrackingLinkRepository;
  milestones: { claimOnce: ClaimOnce; has: HasMilestone; removeTransient: RemoveTransientMilestones };
  whenReady: WhenStoreReady;
  /**
   * Database commands sent since the store opened, by command and collection ("find orders"),
   * where the store has commands (MongoDB): for `/metrics`, the bench and the command budgets.
   */
  commandsSent?: () => ReadonlyMap<string, number>;
  ping: PingStore;
  close: CloseStore;
}
