// The one place errors become HTTP answers. 5xx answers never carry internal details.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  DependencyUnavailableError,
  DomainError,
  RefusedError,
  ValidationError,
  type ErrorCode,
} from '../domain/errors.js';
import { fieldProblem, valueAt } from './field-problems.js';
import { sendProblem, type ProblemInit } from './problem.js';

const DOMAIN_STATUS: Record<ErrorCode, { status: number; title: string }> = {
  validation_failed: { status: 400, title: 'Some details need changing: see each field' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'The resource changed or already exists' },
  dependency_unavailable: { status: 503, title: 'Temporarily unavailable, please retry' },
  unauthenticated: { status: 401, title: 'Sign in first' },
  invalid_credentials: { status: 401, title: 'Wrong username or password' },
  session_expired: { status: 401, title: 'Your session has ended: sign in again' },
  mfa_required: { status: 403, title: 'Enter the code we texted you first' },
  forbidden: { status: 403, title: 'Not allowed' },
  csrf_rejected: { status: 403, title: 'The request did not come from this site' },
  rate_limited: { status: 429, title: 'Too many attempts: wait a little' },
  otp_cooldown: { status: 429, title: 'A code was sent moments ago: wait before asking again' },
  invalid_code: { status: 400, title: 'That code is not right' },
  otp_expired: { status: 410, title: 'That code has expired: sign in again for a new one' },
  otp_used_up: { status: 410, title: 'That code can no longer be used: send a new one' },
  otp_locked: { status: 429, title: 'Too many wrong codes: sign in again' },
  otp_unavailable: { status: 503, title: 'Codes cannot be sent or checked right now, please retry' },
  sms_budget_exhausted: {
    status: 503,
    title: 'No more text messages can be sent for now, please retry later',
  },
  phone_not_supported: { status: 400, title: 'We cannot text this phone number' },
  password_too_common: { status: 400, title: 'That password is too easy to guess' },
  username_taken: { status: 409, title: 'That username is taken' },
  account_disabled: { status: 403, title: 'This account is disabled' },
  invitation_invalid: { status: 410, title: 'This invitation link is no longer valid' },
  staff_change_refused: { status: 409, title: 'That change to the team is not allowed' },
  invalid_transition: { status: 409, title: 'The order cannot make that move' },
  version_conflict: { status: 409, title: 'The order changed since you last saw it' },
  unknown_item: { status: 422, title: 'A dish in the order is not on the menu' },
  item_unavailable: { status: 422, title: 'A dish in the order is not available right now' },
  idempotency_key_required: { status: 400, title: 'Send an Idempotency-Key header' },
  idempotency_key_invalid: { status: 400, title: 'The Idempotency-Key must be a UUID' },
  idempotency_key_reused: { status: 422, title: 'This Idempotency-Key was used for a different order' },
  restaurant_closed: { status: 409, title: 'The restaurant is not taking orders for now' },
  slot_unavailable: { status: 409, title: 'That pickup time cannot be chosen' },
  ordering_paused: { status: 409, title: 'Online ordering is paused for a moment' },
  unsupported_photo: { status: 415, title: 'Send a JPEG, PNG, WebP or HEIC photo' },
  video_unavailable: { status: 503, title: 'Video calls cannot be set up right now, please retry' },
  call_ended: { status: 409, title: 'This call has ended' },
  call_taken: { status: 409, title: 'Someone else is already on this call' },
};

/** Fastify's own request errors (parsing, size, media type), by their error code. */
const FRAMEWORK_PROBLEMS: Record<string, Omit<ProblemInit, 'detail'>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', title: 'The body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', title: 'The body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', title: 'The body is too large' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'bad_request',
    title: 'The body does not match its Content-Length',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    title: 'Send JSON with Content-Type: application/json',
  },
};

/** What the client sent in one part of the request, to tell a missing field from a wrong one. */
function sentIn(request: FastifyRequest, context: string): unknown {
  if (context === 'body') return request.body;
  if (context === 'querystring') return request.query;
  if (context === 'params') return request.params;
  if (context === 'headers') return request.headers;
  return undefined;
}

/** A client-side status carried by the error (Fastify's, or a plugin's `statusCode`/`status`). */
function clientErrorStatus(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  const { statusCode, status } = error as { statusCode?: unknown; status?: unknown };
  const value = typeof statusCode === 'number' ? statusCode : status;
  return typeof value === 'number' && value >= 400 && value < 500 ? value : undefined;
}

function toProblem(error: unknown, request: FastifyRequest): ProblemInit | null {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'request';
    const sent = sentIn(request, context);
    return {
      ...DOMAIN_STATUS.validation_failed,
      code: 'validation_failed',
      // One problem per field, the first found: a wrong type says nothing of its length too.
      errors: error.validation
        .map((issue) => fieldProblem(context, issue, valueAt(sent, issue.instancePath)))
        .filter((problem, index, all) => all.findIndex((p) => p.field === problem.field) === index),
    };
  }
  if (error instanceof ValidationError) {
    const fallback = error.code === 'validation_failed' ? 'invalid' : error.code;
    const errors = error.fields.map((f) => ({
      field: f.field,
      code: f.code ?? fallback,
      message: f.message,
    }));
    return { ...DOMAIN_STATUS[error.code], code: error.code, errors };
  }
  if (error instanceof RefusedError) {
    return {
      ...DOMAIN_STATUS[error.code],
      code: error.code,
      detail: error.message,
      ...(error.retryAfterSeconds === undefined ? {} : { retryAfter: error.retryAfterSeconds }),
      ...(error.attemptsRemaining === undefined ? {} : { attemptsRemaining: error.attemptsRemaining }),
    };
  }
  if (error instanceof DependencyUnavailableError) {
    request.log.warn({ err: error, dependency: error.dependency }, 'dependency unavailable');
    return { ...DOMAIN_STATUS.dependency_unavailable, code: error.code, retryAfter: error.retryAfterSeconds };
  }
  if (error instanceof DomainError) {
    return { ...DOMAIN_STATUS[error.code], code: error.code, detail: error.message };
  }
  const known = FRAMEWORK_PROBLEMS[(error as Partial<FastifyError>).code ?? ''];
  if (known) return known;
  // Any other 4xx from Fastify or a plugin (the static files' 403 on `..`, say): keep its status.
  const status = clientErrorStatus(error);
  if (status === undefined) return null;
  if (status === 404) return { status, code: 'not_found', title: 'Nothing lives at this address' };
  return { status, code: 'bad_request', title: 'The request could not be processed' };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const problem = toProblem(error, request);
    if (problem) return sendProblem(request, reply, problem);
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, {
      status: 500,
      code: 'internal_error',
      title: 'Something went wrong on our side',
    });
  });
}
