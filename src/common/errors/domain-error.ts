/**
 * Errors the services raise. They carry a code, never an HTTP status: the one exception filter
 * maps codes to statuses, so services stay usable from workers and scripts.
 */
export type DomainErrorCode =
  | 'not-found'
  | 'unauthenticated'
  | 'forbidden'
  | 'bad-request'
  | 'validation-failed'
  | 'event-not-allowed'
  | 'form-invalid'
  | 'conflict'
  | 'idempotency-key-reused'
  | 'definition-invalid'
  | 'unassignable'
  | 'payload-too-large'
  | 'unsupported-media-type'
  /** Stored content no longer matches the hash the record holds for it. */
  | 'integrity-violation'
  | 'unavailable';

export interface ErrorDetail {
  path: string;
  message: string;
  [key: string]: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: readonly ErrorDetail[],
    /** Extra top-level fields for the response body (e.g. the current instance on a conflict). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('not-found', `${what} ${id} not found`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You may not do this') {
    super('forbidden', message);
  }
}
