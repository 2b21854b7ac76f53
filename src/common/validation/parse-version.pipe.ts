import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

const MAX_INT4 = 2_147_483_647;

/**
 * A version number in a path: a positive integer that fits PostgreSQL's `integer`. Nest's
 * `ParseIntPipe` lets `2147483648` through, and the query then fails with a 500. The global
 * `ValidationPipe` (transform) may already have made the parameter a number.
 */
@Injectable()
export class ParseVersionPipe implements PipeTransform<string | number, number> {
  transform(value: string | number, metadata: ArgumentMetadata): number {
    const text = String(value);
    const parsed = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
    if (!(parsed >= 1 && parsed <= MAX_INT4)) {
      throw new DomainError(
        'bad-request',
        `${metadata.data ?? 'version'} must be an integer from 1 to ${MAX_INT4}`,
      );
    }
    return parsed;
  }
}
