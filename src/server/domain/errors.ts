// The one family of errors the app throws on purpose; each has a stable code the API reports.

/** Stable, documented codes. The HTTP layer maps each to a status in one place. */
export type ErrorCode = 'validation_failed' | 'not_found' | 'conflict' | 'dependency_unavailable';

export class DomainError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Input that breaks a business rule; `fields` say which and why. */
export class ValidationError extends DomainError {
  readonly fields: readonly FieldProblem[];

  constructor(fields: readonly FieldProblem[]) {
    super('validation_failed', fields.map((f) => `${f.field}: ${f.message}`).join('; '));
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
