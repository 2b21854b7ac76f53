import { STATUS_CODES } from 'node:http';
import { type ErrorDetail } from './domain-error';

/** The error shape of api.md: `{ statusCode, error, message, details? }`. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details?: readonly ErrorDetail[];
  [key: string]: unknown;
}

export function errorBody(
  statusCode: number,
  message: string,
  extra: Partial<ErrorBody> = {},
): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...extra };
}
