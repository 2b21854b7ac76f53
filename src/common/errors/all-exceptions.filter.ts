import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type Request, type Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, type ErrorDetail } from './domain-error';
import { type ErrorBody, errorBody } from './error-body';
import { statusForCode } from './error-status';

/**
 * Maps every error to api.md's shape. Domain errors keep their message and details; HTTP
 * exceptions raised by Nest (404 route, validation pipe, throttler) keep theirs; anything else is
 * logged with an error id and answered as a bare 500, never with internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception);
    if (response.headersSent) return;
    // A body refused while still arriving (an upload over the limit) is not read to its end: the
    // connection closes once the answer is out.
    if (!http.getRequest<Request>().complete) response.setHeader('Connection', 'close');
    if (body.statusCode === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    // Explicitly JSON: a route may already have set another type (`@Header` on the SVG diagrams).
    response.status(body.statusCode).type('application/json').json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (isStatementTimeout(exception)) {
      return errorBody(
        HttpStatus.SERVICE_UNAVAILABLE,
        'The query took longer than the server allows; try again later or narrow the search',
      );
    }
    if (exception instanceof DomainError) {
      return errorBody(statusForCode(exception.code), exception.message, {
        code: exception.code,
        ...(exception.details ? { details: exception.details } : {}),
        ...exception.extra,
      });
    }
    if (exception instanceof HttpException) {
      return fromHttpException(exception);
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, err: exception }, 'Unhandled error');
    return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, `Internal error (id ${errorId})`, {
      errorId,
    });
  }
}

/** How long a client should wait before retrying a 503. */
const RETRY_AFTER_SECONDS = 5;

/** PostgreSQL's `query_canceled` (57014): the statement outlived `statement_timeout`. */
function isStatementTimeout(exception: unknown): boolean {
  if (!(exception instanceof QueryFailedError)) return false;
  const driverError: unknown = exception.driverError;
  return (
    typeof driverError === 'object' &&
    driverError !== null &&
    (driverError as { code?: unknown }).code === '57014'
  );
}

function fromHttpException(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return errorBody(status, response);
  const { message, details } = response as { message?: unknown; details?: ErrorDetail[] };
  if (Array.isArray(message)) {
    return errorBody(status, 'Validation failed', {
      details: details ?? message.map((m) => ({ path: '', message: String(m) })),
    });
  }
  // Terminus answers 503 with a per-service report under `details`; keep it as `checks`.
  const extra = Array.isArray(details) ? { details } : details ? { checks: response } : {};
  return errorBody(status, typeof message === 'string' ? message : exception.message, extra);
}
