// The SMS the simulator "sent", newest first, with live listeners (the dev inbox streams these).
// It remembers the newest OUTBOX_KEEPS: a sandbox left running for days stays the same size.
import type { SentMessage, SimulatorLog } from './api.js';
import { digitsOnly } from './magic-numbers.js';

export interface Outbox {
  /** Records a new message; `code` is kept beside it for `lastCode`, never shown in `sent()`. */
  record(message: SentMessage, code?: string): void;
  /** Changes a message's delivery status and tells the listeners. */
  setStatus(id: string, status: string): void;
  list(filter?: { to?: string }): SentMessage[];
  lastCode(to: string): string | undefined;
  subscribe(listener: (message: SentMessage) => void): () => void;
}

interface Entry {
  message: SentMessage;
  code?: string;
}

export const OUTBOX_KEEPS = 1000;

/** Copies out, so a listener or a test cannot change what the simulator remembers. */
const copy = (message: SentMessage): SentMessage => ({ ...message, at: new Date(message.at) });

export function createOutbox(log: SimulatorLog): Outbox {
  const entries: Entry[] = [];
  const listeners = new Set<(message: SentMessage) => void>();

  function notify(message: SentMessage): void {
    for (const listener of listeners) {
      try {
        listener(copy(message));
      } catch (error) {
        // One broken listener (a closed dev-inbox stream) must not stop the simulation.
        log.error({ err: error, messageId: message.id }, 'vonage-sim: an onSent listener threw');
      }
    }
  }

  return {
    record(message, code) {
      entries.unshift(code === undefined ? { message } : { message, code });
      if (entries.length > OUTBOX_KEEPS) entries.pop();
      notify(message);
    },
    setStatus(id, status) {
      const entry = entries.find((e) => e.message.id === id && e.message.kind === 'message');
      if (!entry) return;
      entry.message.status = status;
      notify(entry.message);
    },
    list(filter) {
      const to = filter?.to === undefined ? undefined : digitsOnly(filter.to);
      return entries.filter((e) => to === undefined || e.message.to === to).map((e) => copy(e.message));
    },
    lastCode(to) {
      const number = digitsOnly(to);
      // An undeliverable code never reached the phone: nobody could type it.
      return entries.find(
        (e) => e.message.to === number && e.code !== undefined && e.message.status !== 'undeliverable',
      )?.code;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
