// Holds the sandbox's dev phone inbox: every code and text the simulated Vonage sent, kept live.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { InboxMessage, InboxMessages } from '../../contract/dev-inbox.js';
import { ApiError, getJson } from '../api/client.js';

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

  async function open(): Promise<void> {
    close();
    status.value = 'loading';
    errorMessage.value = null;
    try {
      messages.value = await getJson('/dev/inbox/messages', InboxMessages);
    } catch (error) {
      status.value = 'error';
      errorMessage.value = error instanceof ApiError ? error.message : 'The inbox could not be loaded.';
      return;
    }
    events = new EventSource('/dev/inbox/events');
    events.addEventListener('open', () => (status.value = 'live'));
    // EventSource reconnects by itself; say so instead of pretending to be live.
    events.addEventListener('error', () => (status.value = 'reconnecting'));
    events.addEventListener('message', (event: MessageEvent<string>) => {
      const parsed = InboxMessage.safeParse(JSON.parse(event.data));
      if (parsed.success) remember(parsed.data);
    });
  }

  function close(): void {
    events?.close();
    events = undefined;
  }

  return { status, messages, errorMessage, open, close };
});
