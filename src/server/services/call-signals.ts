// Signalling for sandbox video calls: the two browsers of a call exchange WebRTC offers, answers
// and network candidates through the app (authenticated POSTs up, server-sent events down), so a
// call works end to end with no provider at all. Held in this process's memory: sandbox mode
// runs one instance. Nothing is queued — a side that (re)connects is announced to the other, and
// the cook's browser then makes a fresh offer.

export type CallSide = 'customer' | 'staff';

export type Signal =
  | { type: 'offer' | 'answer'; id: number; sdp: string }
  | {
      type: 'candidate';
      id: number;
      candidate: {
        candidate: string;
        sdpMid: string | null;
        sdpMLineIndex: number | null;
        usernameFragment?: string | null | undefined;
      };
    }
  | { type: 'bye' };

/** What a listening side receives: the other side's signals, and whether it is there. */
export type SignalEvent = { kind: 'signal'; signal: Signal } | { kind: 'peer'; present: boolean };

export interface CallSignals {
  /** Passes a signal to the other side's listeners; `false` when nobody listens there. */
  send(args: { call: string; from: CallSide; signal: Signal }): boolean;
  /** Listens as one side of a call; the listener first learns whether the other side is there. */
  listen(args: { call: string; side: CallSide; listener: (event: SignalEvent) => void }): () => void;
  /** Ends a call's signalling: every listener hears `bye`, and the call is forgotten. */
  close(call: string): void;
}

const other = (side: CallSide): CallSide => (side === 'customer' ? 'staff' : 'customer');

export function createCallSignals(): CallSignals {
  const listeners = new Map<string, Set<(event: SignalEvent) => void>>();
  const key = (call: string, side: CallSide) => `${call}|${side}`;
  const of = (call: string, side: CallSide) => listeners.get(key(call, side)) ?? new Set();
  const tell = (call: string, side: CallSide, event: SignalEvent) => {
    for (const listener of of(call, side)) listener(event);
  };

  return {
    send({ call, from, signal }) {
      const to = other(from);
      if (of(call, to).size === 0) return false;
      tell(call, to, { kind: 'signal', signal });
      return true;
    },

    listen({ call, side, listener }) {
      const mine = key(call, side);
      const set = listeners.get(mine) ?? new Set();
      set.add(listener);
      listeners.set(mine, set);
      listener({ kind: 'peer', present: of(call, other(side)).size > 0 });
      // A new connection (a first tab, or a reload) means a new peer connection to negotiate.
      tell(call, other(side), { kind: 'peer', present: true });
      return () => {
        set.delete(listener);
        if (set.size > 0) return;
        listeners.delete(mine);
        tell(call, other(side), { kind: 'peer', present: false });
      };
    },

    close(call) {
      for (const side of ['customer', 'staff'] as const) {
        tell(call, side, { kind: 'signal', signal: { type: 'bye' } });
        listeners.delete(key(call, side));
      }
    },
  };
}
