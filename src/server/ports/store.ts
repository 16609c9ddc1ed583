// The Store port: every read and write the services make, as named operations with one object
// argument. Each adapter (SQLite now, MongoDB next) is typed by these, so drift is a compile error.
import type { MenuItem, NewMenuItem } from '../domain/menu.js';
import type { NewOrder, Order } from '../domain/order.js';
import type { NewUser, User } from '../domain/user.js';

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

/** Stores a new account; ConflictError when the (normalized) username is taken. */
export type AddUser = (args: { user: NewUser; at: Date }) => Promise<User>;

/** The account with this normalized username, or `null`. */
export type FindUserByUsername = (args: { username: string }) => Promise<User | null>;

/** One account by id, or `null`. */
export type GetUser = (args: { id: string }) => Promise<User | null>;

/** Stores an order as given (lines already priced); the store assigns its id. */
export type AddOrder = (args: { order: NewOrder }) => Promise<Order>;

/** One order by id, or `null`. */
export type GetOrder = (args: { id: string }) => Promise<Order | null>;

/** A customer's orders, newest first, at most `limit`. */
export type ListOrdersOfUser = (args: { userId: string; limit: number }) => Promise<Order[]>;

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
}

export interface UserRepository {
  add: AddUser;
  findByUsername: FindUserByUsername;
  get: GetUser;
}

export interface OrderRepository {
  add: AddOrder;
  get: GetOrder;
  listOfUser: ListOrdersOfUser;
}

export interface Store {
  /** Which adapter this is, for logs and `/readyz`. */
  readonly kind: 'sqlite' | 'mongodb';
  menu: MenuRepository;
  users: UserRepository;
  orders: OrderRepository;
  milestones: { claimOnce: ClaimOnce; has: HasMilestone };
  whenReady: WhenStoreReady;
  ping: PingStore;
  close: CloseStore;
}
