// Holds the sandbox's dev phone inbox: every code and text the simulated Vonage sent, kept live.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { InboxMessage, InboxMessages, InboxReplied } from '../../contract/dev-inbox.js';
import { ApiError, getJson, sendJson } from '../api/client.js';

export type InboxStatus = 'loading' | 'live' | 'reconnecting' | 'error';

/**
 * The dev inbox, newest first. `open()` loads the list and follows `/dev/inbox/events`, so a
 * code appears the moment the simulator "sends" it; `close()` stops following.
 */
export const useDevInboxStore = defineStore('devInbox', () => {
  const status = ref<InboxStatus>('loading');
  const messages = ref<InboxMessage[]>([]);
  const errorMessage = ref<string | null>(null);
  let events: EventSource | undefined;

  function remember(message: InboxMessage): void {
    // A status change arrives as the same message again: replace it in place.
    const others = messages.value.filter((m) => m.id !== message.id);
    messages.value = [message, ...others].sort((a, b) => b.at.localeCompare(a.at));
  }

  /** Loads the whole list and merges it in: what arrived on the stream meanwhile is kept. */
  async function catchUp(): Promise<void> {
    for (const message of await getJson('/dev/inbox/messages', InboxMessages)) remember(message);
  }

  function onEvent(event: MessageEvent<string>): void {
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      // A torn or foreign event is dropped; the next catch-up brings the list back in line.
      return;
    }
    const parsed = InboxMessage.safeParse(data);
    if (parsed.success) remember(parsed.data);
  }

  async function open(): Promise<void> {
    close();
    status.value = 'loading';
    errorMessage.value = null;
    // Follow the stream first, then fetch the list: nothing sent in between is missed.
    events = new EventSource('/dev/inbox/events');
    events.addEventListener('message', onEvent);
    // EventSource reconnects by itself; say so, and catch up on what the gap hid once back.
    events.addEventListener('error', () => (status.value = 'reconnecting'));
    events.addEventListener('open', () => {
      if (status.value === 'reconnecting') void catchUp().catch(() => undefined);
      status.value = 'live';
    });
    try {
      await catchUp();
    } catch (error) {
      close();
      status.value = 'error';
      // No inbox at this address (live mode, or a simulator on its own): the page says where to look.
      const missing = error instanceof ApiError && error.status === 404;
      errorMessage.value = missing
        ? null
        : error instanceof ApiError
          ? error.message
          : 'The inbox could not be loaded.';
    }
  }

  function close(): void {
    events?.close();
    events = undefined;
  }

  /** The dev phone texts the restaurant back (as a customer would reply to its texts). */
  async function reply(from: string, text: string): Promise<boolean> {
    const answer = await sendJson('POST', '/dev/inbox/reply', InboxReplied, { body: { from, text } });
    return answer.delivered;
  }

  return { status, messages, errorMessage, open, close, reply };
});
