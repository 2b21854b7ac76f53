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

/** The listings ordered by `(at, id)` (history, admin events) name their SQL key this way. */
export const timeCursorSql = timestampKeySql;

const BIGINT_ID_PATTERN = /^\d{1,19}$/;

/** A keyset position over rows ordered by `(at, id)`: {@link TIMESTAMP_PATTERN} text and a bigint id. */
export interface TimeCursor {
  at: string;
  id: string;
}

export function encodeTimeCursor(cursor: TimeCursor): string {
  return encodeKeysetCursor([cursor.at, cursor.id]);
}

export function decodeTimeCursor(raw: string): TimeCursor {
  const [at, id] = decodeKeysetCursor(raw, [TIMESTAMP_PATTERN, BIGINT_ID_PATTERN]);
  return { at, id };
}

/** The keyset condition after a {@link TimeCursor} for `ORDER BY at <direction>, id <direction>`. */
export function afterCursorSql(
  atColumn: string,
  idColumn: string,
  direction: 'asc' | 'desc',
  atParam: number,
  idParam: number,
): string {
  const op = direction === 'asc' ? '>' : '<';
  return `(${atColumn}, ${idColumn}) ${op} ($${atParam}::timestamptz, $${idParam}::bigint)`;
}
