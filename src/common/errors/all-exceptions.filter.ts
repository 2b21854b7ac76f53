import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type Response } from 'express';
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
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    // Explicitly JSON: a route may already have set another type (`@Header` on the SVG diagrams).
    if (!response.headersSent) response.status(body.statusCode).type('application/json').json(body);
  }

  private toBody(exception: unknown): ErrorBody {
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
