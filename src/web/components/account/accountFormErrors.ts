// Turns an API refusal into what a form shows: one message, and one per field it names.
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
