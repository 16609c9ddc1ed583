// The one family of errors the app throws on purpose; each has a stable code the API reports.

/** Stable, documented codes. The HTTP layer maps each to a status in one place. */
export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'conflict'
  | 'dependency_unavailable'
  // Who is asking (sessions, passwords, codes)
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'session_expired'
  | 'mfa_required'
  | 'forbidden'
  | 'csrf_rejected'
  | 'rate_limited'
  | 'otp_cooldown'
  | 'invalid_code'
  | 'otp_expired'
  | 'otp_used_up'
  | 'otp_locked'
  | 'otp_unavailable'
  | 'sms_budget_exhausted'
  | 'phone_not_supported'
  | 'password_too_common'
  | 'username_taken'
  | 'account_disabled'
  // Staff administration
  | 'invitation_invalid'
  | 'staff_change_refused'
  // Ordering
  | 'invalid_transition'
  | 'version_conflict'
  | 'unknown_item'
  | 'item_unavailable'
  | 'idempotency_key_required'
  | 'idempotency_key_invalid'
  | 'idempotency_key_reused'
  | 'restaurant_closed'
  | 'slot_unavailable'
  | 'ordering_paused'
  // The menu
  | 'unsupported_photo'
  // Support calls
  | 'video_unavailable'
  | 'call_ended'
  | 'call_taken';

export class DomainError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A request refused for a reason the client can act on: a wrong code, a limit reached, a stale
 * session. `message` is safe to show (it becomes the problem's `detail`); `retryAfterSeconds`
 * becomes `Retry-After` on limits.
 */
export class RefusedError extends DomainError {
  readonly retryAfterSeconds: number | undefined;
  /** For `invalid_code`: how many more tries this sign-in has. */
  readonly attemptsRemaining: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { retryAfterSeconds?: number; attemptsRemaining?: number },
  ) {
    super(code, message);
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.attemptsRemaining = options?.attemptsRemaining;
  }
}

export interface FieldProblem {
  field: string;
  /** A stable code for the field's problem (`required`, `too_long`…); else the error's own. */
  code?: string;
  /** A sentence a person can read next to the field. */
  message: string;
}

/** Input that breaks a business rule; `fields` say which and why. */
export class ValidationError extends DomainError {
  readonly fields: readonly FieldProblem[];

  constructor(fields: readonly FieldProblem[], code: ErrorCode = 'validation_failed') {
    super(code, fields.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.fields = fields;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('not_found', `${what} was not found`);
  }
}

/** A write lost to a concurrent one (unique key taken, stale version). */
export class ConflictError extends DomainError {
  constructor(message: string, options?: ErrorOptions) {
    super('conflict', message, options);
  }
}

/**
 * A dependency (the database, a Vonage API) did not answer in time or refused. Callers may retry
 * after `retryAfterSeconds`; the message is for logs only and never reaches a client.
 */
export class DependencyUnavailableError extends DomainError {
  readonly dependency: 'store' | 'comms';
  readonly retryAfterSeconds: number;

  constructor(
    dependency: 'store' | 'comms',
    message: string,
    options?: ErrorOptions & { retryAfterSeconds?: number },
  ) {
    super('dependency_unavailable', message, options);
    this.dependency = dependency;
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 5;
  }
}
