// Support calls about an order: a video call the customer starts and a cook joins, or — when
// video cannot be set up — a request to be called back. An order keeps every call it had (its
// call history); at most one is open at a time.

export type CallKind = 'video' | 'callback';

/**
 * video: requested → joined → ended (either side hangs up; an unanswered request can end too).
 * callback: callback_requested → called_back (a cook marks it done).
 */
export type CallState = 'requested' | 'joined' | 'ended' | 'callback_requested' | 'called_back';

export interface SupportCall {
  /** Unique within its order (`c1`, `c2`…). */
  id: string;
  kind: CallKind;
  state: CallState;
  /** The provider's video session (video calls only): given only to the order's owner and staff. */
  sessionId: string | null;
  /** Where to call back (callbacks only): the customer's number when they asked. */
  phone: string | null;
  /** Why a callback was asked for instead of video, in the customer's words or ours. */
  reason: string | null;
  requestedAt: Date;
  joinedAt: Date | null;
  /** The staff member who joined (or called back), by username: for staff and logs only. */
  joinedBy: string | null;
  /**
   * That staff member as the customer sees them, when they joined ("Sam from the kitchen");
   * `null` before anyone joined, and on calls stored before names were kept.
   */
  joinedByName: string | null;
  endedAt: Date | null;
  /** `null` with an `endedAt`: closed because nobody answered. */
  endedBy: 'customer' | 'staff' | null;
}

export const isOpen = (call: SupportCall) =>
  call.state === 'requested' || call.state === 'joined' || call.state === 'callback_requested';

/** The order's open call, if any. */
export function openCall(calls: readonly SupportCall[]): SupportCall | null {
  return calls.find(isOpen) ?? null;
}

const nextId = (calls: readonly SupportCall[]) => `c${calls.length + 1}`;

/** Closes whatever call is open (a new request replaces it), as ended by the customer. */
function closeOpen(calls: readonly SupportCall[], at: Date): SupportCall[] {
  return calls.map((call) => {
    if (!isOpen(call)) return call;
    return call.kind === 'video'
      ? { ...call, state: 'ended', endedAt: at, endedBy: 'customer' }
      : { ...call, state: 'called_back', endedAt: at, endedBy: 'customer' };
  });
}

/** A new call appended to the history, replacing any open one. */
function withRequest(
  calls: readonly SupportCall[],
  fields: Pick<SupportCall, 'kind' | 'state' | 'sessionId' | 'phone' | 'reason'>,
  at: Date,
): { calls: SupportCall[]; call: SupportCall } {
  const call: SupportCall = {
    id: nextId(calls),
    ...fields,
    requestedAt: at,
    joinedAt: null,
    joinedBy: null,
    joinedByName: null,
    endedAt: null,
    endedBy: null,
  };
  return { calls: [...closeOpen(calls, at), call], call };
}

export const withVideoRequest = (calls: readonly SupportCall[], args: { sessionId: string; at: Date }) =>
  withRequest(
    calls,
    { kind: 'video', state: 'requested', sessionId: args.sessionId, phone: null, reason: null },
    args.at,
  );

export const withCallbackRequest = (
  calls: readonly SupportCall[],
  args: { phone: string; reason: string | null; at: Date },
) =>
  withRequest(
    calls,
    {
      kind: 'callback',
      state: 'callback_requested',
      sessionId: null,
      phone: args.phone,
      reason: args.reason,
    },
    args.at,
  );

/** Replaces one call by id. */
export function withCall(calls: readonly SupportCall[], changed: SupportCall): SupportCall[] {
  return calls.map((call) => (call.id === changed.id ? changed : call));
}
