// Turns an API refusal into what a form shows: one message, and one per field it names.
import { ref } from 'vue';
import { ApiError } from '../../api/client.js';

export interface FormErrors {
  message: string | null;
  fields: Record<string, string>;
}

export function formErrorsFrom(error: unknown): FormErrors {
  if (!(error instanceof ApiError))
    return { message: 'Something unexpected went wrong. Please try again.', fields: {} };
  const fields: Record<string, string> = {};
  for (const problem of error.problem?.errors ?? []) {
    // `body.username` → `username`: the form's own field names.
    const name = problem.field.replace(/^body\./, '').split('.')[0] ?? problem.field;
    fields[name] ??= problem.message;
  }
  const message =
    Object.keys(fields).length > 0 && error.problem?.code === 'validation_failed'
      ? 'Please check the highlighted fields.'
      : error.message;
  return { message, fields };
}

/**
 * A form's submit: `busy` while it runs, `errors` from its refusal. `run` resolves whether the
 * step succeeded, so a form can clear a password only on failure, say.
 */
export function useFormAction() {
  const busy = ref(false);
  const errors = ref<FormErrors>({ message: null, fields: {} });
  async function run(step: () => Promise<void>): Promise<boolean> {
    busy.value = true;
    errors.value = { message: null, fields: {} };
    try {
      await step();
      return true;
    } catch (error) {
      errors.value = formErrorsFrom(error);
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { busy, errors, run };
}
