// Support calls from an order: the customer asks for a video call (or, when video cannot be set
// up, to be called back); the kitchen sees it at once on the board and joins. Only the order's
// owner and staff ever get a token for its video session: the customer a publisher token, staff
// a moderator one, each for a couple of hours.
import { ConflictError, NotFoundError, RefusedError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import { newTextMessage, outboxDueAt, type Order } from '../domain/order.js';
import {
  openCall,
  withCall,
  withCallbackRequest,
  withVideoRequest,
  type SupportCall,
} from '../domain/support-call.js';
import { shownName, type Account } from '../domain/user.js';
import type { Comms, VideoRole } from '../ports/comms.js';
import type { Log } from '../ports/log.js';
import type { Store } from '../ports/store.js';
import type { CallSignals } from './call-signals.js';
import type { Limiter } from './limiter.js';
import { updateOrder } from './order-updates.js';

/** How long a call token lets its holder join: long enough for any support call. */
export const CALL_TOKEN_SECONDS = 2 * 60 * 60;

/** A video call nobody joined within this long is closed as missed (the customer gave up). */
export const UNANSWERED_CALL_SECONDS = 30 * 60;

/** How long after ordering a customer can still ask for help from the order. */
export const SUPPORT_WINDOW_SECONDS = 24 * 60 * 60;

/** What a browser needs to join the call: the provider's ids and its own token. */
export interface CallConnection {
  /** `vonage`: the Video SDK joins the session; `sandbox`: WebRTC between the two browsers through the app. */
  provider: 'vonage' | 'sandbox';
  applicationId: string | null;
  sessionId: string;
  token: string;
  role: VideoRole;
  expiresAt: Date;
}

export interface JoinedCall {
  order: Order;
  call: SupportCall;
  connection: CallConnection;
}

export interface SupportCalls {
  /** The owner asks for a video call (or rejoins the open one). */
  requestVideo(args: { user: Account; orderId: string }): Promise<JoinedCall>;
  /** The owner asks to be called back instead (video failed, no camera…). */
  requestCallback(args: { user: Account; orderId: string; reason: string | null }): Promise<Order>;
  /** A cook joins the open video call. */
  join(args: { staff: Account; orderId: string; callId: string }): Promise<JoinedCall>;
  /** Either side hangs up; a cook also closes a call back this way once done. */
  end(args: { by: Account; side: 'customer' | 'staff'; orderId: string; callId: string }): Promise<Order>;
  /**
   * Closes video calls nobody joined in time (they leave the board; the customer's history says
   * not answered), and joined ones past their tokens' lifetime. Returns how many it closed.
   */
  closeAbandoned(): Promise<number>;
  /** The open video call a signed-in side may signal for (sandbox), or a refusal. */
  callFor(args: {
    user: Account;
    side: 'customer' | 'staff';
    orderId: string;
    callId: string;
  }): Promise<SupportCall>;
}

export interface SupportCallDeps {
  store: Store;
  comms: Comms;
  limiter: Limiter;
  signals: CallSignals;
  log: Log;
  now: () => Date;
  restaurantName: string;
  onOrderChanged: (order: Order) => void;
}

export const callKey = (orderId: string, callId: string) => `${orderId}/${callId}`;

export function createSupportCalls(deps: SupportCallDeps): SupportCalls {
  const { store, comms, limiter, log, now } = deps;

  /** The order, when `user` may act on it: its owner (others get 404, as if it did not exist) or staff. */
  function mayAct(user: Account, order: Order): Order {
    if (user.role === 'customer' && order.userId !== user.id) throw new NotFoundError('The order');
    return order;
  }

  async function orderFor(user: Account, orderId: string): Promise<Order> {
    const order = await store.orders.get({ id: orderId });
    if (!order) throw new NotFoundError('The order');
    return mayAct(user, order);
  }

  /** Applies `change` over the stored order, when `user` may see it (see updateOrder). */
  async function save(orderId: string, user: Account, change: (order: Order) => Order): Promise<Order> {
    const saved = await updateOrder(store, orderId, (order) => change(mayAct(user, order)));
    if (!saved) throw new NotFoundError('The order');
    deps.onOrderChanged(saved);
    return saved;
  }

  function connect(call: SupportCall, role: VideoRole, displayName: string): CallConnection {
    if (!call.sessionId) throw new Error('a video call without a session');
    return {
      provider: comms.kind,
      applicationId: comms.video.applicationId,
      sessionId: call.sessionId,
      token: comms.video.mintToken({
        sessionId: call.sessionId,
        role,
        displayName,
        expiresInSeconds: CALL_TOKEN_SECONDS,
      }),
      role,
      expiresAt: new Date(now().getTime() + CALL_TOKEN_SECONDS * 1000),
    };
  }

  /** A video call a new request replaced: both browsers in it are told it is over. */
  function closeReplaced(before: Order, after: Order): void {
    const previous = openCall(before.calls);
    if (previous && !openCall(after.calls.filter((c) => c.id === previous.id))) {
      deps.signals.close(callKey(after.id, previous.id));
    }
  }

  /** Help is for today's orders: an old one is a matter for the phone, not the kitchen board. */
  function assertRecent(order: Order): void {
    if (now().getTime() - order.orderTime.getTime() > SUPPORT_WINDOW_SECONDS * 1000) {
      throw new RefusedError(
        'call_ended',
        'Support calls are for orders of the last 24 hours. Please phone us.',
      );
    }
  }

  const openVideo = (order: Order, callId: string) => {
    const call = order.calls.find((c) => c.id === callId);
    if (call?.kind !== 'video') throw new NotFoundError('The call');
    if (call.state !== 'requested' && call.state !== 'joined') {
      throw new RefusedError('call_ended', 'This call has ended.');
    }
    return call;
  };

  return {
    async requestVideo({ user, orderId }) {
      const order = await orderFor(user, orderId);
      const open = openCall(order.calls);
      if (open?.kind !== 'video') assertRecent(order);
      if (open?.kind === 'video') {
        // The same customer again (a reload, a second tab): the call they already have.
        return {
          order,
          call: open,
          connection: connect(open, 'publisher', order.customerName ?? 'Customer'),
        };
      }
      await limiter.consume(LIMITS.supportRequestsPerUserHour, user.id);
      const created = await comms.video.createSession();
      if (created.outcome !== 'created') {
        log.warn({ orderId, reason: created.reason }, 'support call: no video session');
        throw new RefusedError(
          'video_unavailable',
          'Video calls cannot be set up right now. Ask us to call you back instead.',
          { retryAfterSeconds: 30 },
        );
      }
      const saved = await save(orderId, user, (current) => {
        // Another tab asked at the same moment: its call is this one too.
        if (openCall(current.calls)?.kind === 'video') return current;
        const { calls } = withVideoRequest(current.calls, { sessionId: created.sessionId, at: now() });
        return { ...current, calls, lastUpdated: now() };
      });
      closeReplaced(order, saved);
      const call = openCall(saved.calls);
      if (!call) throw new Error('unreachable: the call was just made');
      log.info({ orderId, callId: call.id }, 'support call requested');
      return {
        order: saved,
        call,
        connection: connect(call, 'publisher', saved.customerName ?? 'Customer'),
      };
    },

    async requestCallback({ user, orderId, reason }) {
      const before = await orderFor(user, orderId);
      assertRecent(before);
      await limiter.consume(LIMITS.supportRequestsPerUserHour, user.id);
      const saved = await save(orderId, user, (current) => {
        const at = now();
        const { calls } = withCallbackRequest(current.calls, { phone: user.phone, reason, at });
        // A text confirms it: the customer knows the request arrived even with the page closed.
        const notifications = [
          ...current.notifications,
          newTextMessage({
            id: `n${current.notifications.length + 1}`,
            to: user.phone,
            text: `${deps.restaurantName}: we will call you back about order #${current.number ?? ''} shortly.`,
            at,
          }),
        ];
        return { ...current, calls, notifications, outboxDueAt: outboxDueAt(notifications), lastUpdated: at };
      });
      closeReplaced(before, saved);
      log.info({ orderId }, 'support call back requested');
      return saved;
    },

    async join({ staff, orderId, callId }) {
      const saved = await save(orderId, staff, (current) => {
        const call = openVideo(current, callId);
        if (call.state === 'joined' && call.joinedBy !== staff.username) {
          throw new RefusedError('call_taken', `${call.joinedBy ?? 'Someone'} is already on this call.`);
        }
        const joining: SupportCall = {
          ...call,
          state: 'joined',
          joinedAt: call.joinedAt ?? now(),
          joinedBy: staff.username,
          joinedByName: shownName(staff),
        };
        return { ...current, calls: withCall(current.calls, joining), lastUpdated: now() };
      });
      const joined = openVideo(saved, callId);
      log.info({ orderId, callId, by: staff.id }, 'support call joined');
      return { order: saved, call: joined, connection: connect(joined, 'moderator', shownName(staff)) };
    },

    async end({ by, side, orderId, callId }) {
      const saved = await save(orderId, by, (current) => {
        const call = current.calls.find((c) => c.id === callId);
        if (!call) throw new NotFoundError('The call');
        if (call.endedAt) return current; // already over: hanging up twice is fine
        if (call.kind === 'callback' && side === 'customer') {
          throw new RefusedError('forbidden', 'The kitchen closes a call back once it has called you.');
        }
        const at = now();
        const ended: SupportCall =
          call.kind === 'video'
            ? { ...call, state: 'ended', endedAt: at, endedBy: side }
            : {
                ...call,
                state: 'called_back',
                endedAt: at,
                endedBy: side,
                joinedAt: at,
                joinedBy: by.username,
                joinedByName: shownName(by),
              };
        return { ...current, calls: withCall(current.calls, ended), lastUpdated: at };
      });
      deps.signals.close(callKey(orderId, callId));
      log.info({ orderId, callId, side }, 'support call ended');
      return saved;
    },

    async closeAbandoned() {
      const at = now().getTime();
      const abandoned = (call: SupportCall) =>
        call.kind === 'video' &&
        ((call.state === 'requested' && at - call.requestedAt.getTime() > UNANSWERED_CALL_SECONDS * 1000) ||
          (call.state === 'joined' &&
            at - (call.joinedAt ?? call.requestedAt).getTime() > CALL_TOKEN_SECONDS * 1000));
      let closed = 0;
      for (const order of await store.orders.listActive({ limit: 1000 })) {
        const call = openCall(order.calls);
        if (!call || !abandoned(call)) continue;
        const saved = await updateOrder(store, order.id, (current) => {
          const still = openCall(current.calls);
          if (still?.id !== call.id || !abandoned(still)) return null;
          const ended: SupportCall = { ...still, state: 'ended', endedAt: now(), endedBy: null };
          return { ...current, calls: withCall(current.calls, ended), lastUpdated: now() };
        }).catch((error: unknown) => {
          // An order everyone keeps writing to is closed on the next round; the others now.
          if (error instanceof ConflictError) return null;
          throw error;
        });
        if (!saved) continue;
        deps.onOrderChanged(saved);
        deps.signals.close(callKey(order.id, call.id));
        closed += 1;
      }
      if (closed > 0) log.info({ closed }, 'support calls nobody answered closed');
      return closed;
    },

    async callFor({ user, side, orderId, callId }) {
      const order = await orderFor(user, orderId);
      const call = openVideo(order, callId);
      if (side === 'staff' && call.joinedBy !== user.username) {
        throw new RefusedError('forbidden', 'Join the call first.');
      }
      return call;
    },
  };
}
