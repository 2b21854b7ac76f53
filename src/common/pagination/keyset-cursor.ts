import { DomainError } from '../errors/domain-error';

/**
 * An opaque keyset position: the sort key values of the last row seen, in order. Each listing
 * says what every value must look like, so a cursor from another listing (or a forged one) is a
 * 400, never an SQL error.
 */
export function encodeKeysetCursor(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeKeysetCursor(raw: string, shape: readonly RegExp[]): string[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === shape.length &&
      parsed.every((value, i) => typeof value === 'string' && shape[i].test(value))
    ) {
      return parsed as string[];
    }
  } catch {
    // reported below
  }
  throw new DomainError('bad-request', 'Invalid cursor', [
    { path: '/cursor', message: 'Not a cursor this listing returned' },
  ]);
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** PostgreSQL's full-precision UTC text of a timestamptz (a JS Date would drop microseconds). */
export const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** SQL giving a timestamptz column as {@link TIMESTAMP_PATTERN} text, for a cursor. */
export function timestampKeySql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
