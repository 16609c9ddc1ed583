// Turns an API refusal into what a form shows: one message, and one per field it names.
import { ref } from 'vue';
import { ApiError } from '../../api/client.js';

export interface FormErrors {
  message: string | null;
  fields: Record<string, string>;
}

/** Sentences for a field's problem, by the form's field name and the problem's stable code. */
const FIELD_SENTENCES: Record<string, Record<string, string>> = {
  username: { required: 'Enter a username.' },
  login: { required: 'Enter your username or your mobile number.' },
  password: { required: 'Enter a password.' },
  currentPassword: { required: 'Enter your current password.' },
  phone: { required: 'Enter your mobile number.' },
  tfaPin: {
    required: 'Enter the code we texted you.',
    invalid_format: 'Enter the 6 digits of the code we texted you.',
  },
  name: { required: 'Enter a name.' },
  displayName: { required: 'Enter a name.' },
  price: { required: 'Enter a price.', wrong_type: 'Enter a price as a number, such as 8.50.' },
};

export function formErrorsFrom(error: unknown): FormErrors {
  if (!(error instanceof ApiError))
    return { message: 'Something unexpected went wrong. Please try again.', fields: {} };
  const fields: Record<string, string> = {};
  for (const problem of error.problem?.errors ?? []) {
    // `body.username` → `username`: the form's own field names.
    const name = problem.field.replace(/^body\./, '').split('.')[0] ?? problem.field;
    fields[name] ??= FIELD_SENTENCES[name]?.[problem.code] ?? problem.message;
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
