// A schema's refusal as a person reads it: each failed field gets a stable code (what the web
// app words per field: "Enter a username") and a plain sentence for every other client. A
// validator's own text ("Too small: expected string to have >=1 characters") never leaves here.
import type { FieldProblem } from '../domain/errors.js';

/** What fastify-type-provider-zod reports per failed check: the zod issue, flattened. */
export interface SchemaIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

const count = (value: unknown) => (typeof value === 'number' || typeof value === 'bigint' ? value : null);

const TYPE_SENTENCES: Record<string, string> = {
  string: 'Enter text here.',
  number: 'Enter a number.',
  int: 'Enter a whole number.',
  boolean: 'Choose yes or no.',
  array: 'Send a list here.',
  object: 'Send the fields of this part.',
};

function sizeProblem(issue: SchemaIssue, empty: boolean): { code: string; message: string } {
  const small = issue.keyword === 'too_small';
  const limit = count(small ? issue.params.minimum : issue.params.maximum);
  const origin = typeof issue.params.origin === 'string' ? issue.params.origin : '';
  if (small && (empty || (origin === 'string' && limit === 1))) {
    return { code: 'required', message: 'Fill this in.' };
  }
  if (limit === null) return { code: 'invalid', message: 'This value is not allowed.' };
  const side = small ? 'least' : 'most';
  if (origin === 'string') {
    return { code: small ? 'too_short' : 'too_long', message: `Use at ${side} ${limit} characters.` };
  }
  if (origin === 'array' || origin === 'set') {
    return { code: small ? 'too_few' : 'too_many', message: `Choose at ${side} ${limit}.` };
  }
  return { code: small ? 'too_small' : 'too_big', message: `Enter a number of at ${side} ${limit}.` };
}

/**
 * The field problem for one issue; `value` is what the client sent at that place (`undefined`:
 * nothing), which tells a missing field from a wrong one.
 */
export function fieldProblem(context: string, issue: SchemaIssue, value: unknown): Required<FieldProblem> {
  const path = issue.instancePath.split('/').filter(Boolean);
  const field = [context, ...path].join('.');
  const missing = value === undefined || value === null;
  switch (issue.keyword) {
    case 'invalid_type': {
      if (missing) return { field, code: 'required', message: 'Fill this in.' };
      const expected = typeof issue.params.expected === 'string' ? issue.params.expected : '';
      return { field, code: 'wrong_type', message: TYPE_SENTENCES[expected] ?? 'This value is not allowed.' };
    }
    case 'too_small':
    case 'too_big':
      return { field, ...sizeProblem(issue, value === '') };
    case 'invalid_format':
      return { field, code: 'invalid_format', message: 'This is not in the expected format.' };
    case 'invalid_value':
    case 'invalid_union': {
      if (missing) return { field, code: 'required', message: 'Fill this in.' };
      const values = Array.isArray(issue.params.values) ? issue.params.values.map(String) : [];
      const choices = values.length > 0 && values.length <= 8 ? `: ${values.join(', ')}` : '';
      return { field, code: 'invalid_choice', message: `Choose one of the offered values${choices}.` };
    }
    case 'unrecognized_keys': {
      const keys = Array.isArray(issue.params.keys) ? issue.params.keys.map(String) : [];
      return {
        field: keys.length === 1 ? [field, keys[0]].join('.') : field,
        code: 'unexpected_field',
        message: `This request does not take ${keys.length === 1 ? 'this field' : `the fields ${keys.join(', ')}`}.`,
      };
    }
    default:
      return { field, code: 'invalid', message: 'This value is not allowed.' };
  }
}

/** What the client sent at `path` below `root` (the body, the query…). */
export function valueAt(root: unknown, instancePath: string): unknown {
  let here: unknown = root;
  for (const key of instancePath.split('/').filter(Boolean)) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}
