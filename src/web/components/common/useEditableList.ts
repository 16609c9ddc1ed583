// A staff page over a list it edits (the menu, the team): the list and its loading state, and
// each change run one at a time, its outcome said in one message, the list reloaded after it.
import { ref, type Ref } from 'vue';
import { formErrorsFrom } from '../account/accountFormErrors.js';

export interface PageMessage {
  tone: 'success' | 'error';
  text: string;
}

export function useEditableList<Item>(fetchAll: () => Promise<Item[]>) {
  const items = ref([]) as Ref<Item[]>;
  const status = ref<'loading' | 'ready' | 'error'>('loading');
  const busy = ref(false);
  const message = ref<PageMessage | null>(null);

  async function load(): Promise<void> {
    try {
      items.value = await fetchAll();
      status.value = 'ready';
    } catch {
      status.value = 'error';
    }
  }
  void load();

  /** Runs a change; `step` resolves what to tell the admin when it worked. */
  async function run(step: () => Promise<string>): Promise<void> {
    busy.value = true;
    message.value = null;
    try {
      message.value = { tone: 'success', text: await step() };
    } catch (failure) {
      message.value = { tone: 'error', text: formErrorsFrom(failure).message ?? 'That did not work.' };
    } finally {
      busy.value = false;
      await load();
    }
  }

  return { items, status, busy, message, load, run };
}
