import { HttpStatus } from '@nestjs/common';
import { type DomainErrorCode } from './domain-error';

export function statusForCode(code: DomainErrorCode): HttpStatus {
  switch (code) {
    case 'not-found':
      return HttpStatus.NOT_FOUND;
    case 'unauthenticated':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'bad-request':
      return HttpStatus.BAD_REQUEST;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'payload-too-large':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'unsupported-media-type':
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case 'integrity-violation':
      // The server's own store is at fault, not the request; the body says what was found.
      return HttpStatus.INTERNAL_SERVER_ERROR;
    case 'unavailable':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'validation-failed':
    case 'event-not-allowed':
    case 'form-invalid':
    case 'idempotency-key-reused':
    case 'definition-invalid':
    case 'unassignable':
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}
