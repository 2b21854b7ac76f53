import { DomainError } from '../errors/domain-error';

/**
 * A keyset position over rows ordered by `(at, id)`: the time as PostgreSQL's full-precision UTC
 * text (microseconds, which a JS Date would truncate) and a bigint id.
 */
export interface TimeCursor {
  at: string;
  id: string;
}

/** SQL giving {@link TimeCursor.at} for a timestamptz column. */
export function timeCursorSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const ID = /^\d{1,19}$/;

export function encodeTimeCursor(cursor: TimeCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

export function decodeTimeCursor(raw: string): TimeCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const at: unknown = parsed[0];
      const id: unknown = parsed[1];
      if (typeof at === 'string' && AT.test(at) && typeof id === 'string' && ID.test(id)) {
        return { at, id };
      }
    }
  } catch {
    // reported below
  }
  throw new DomainError('bad-request', 'Invalid cursor', [
    { path: '/cursor', message: 'Not a cursor this listing returned' },
  ]);
}

/** The keyset condition after `cursor` for `ORDER BY at <direction>, id <direction>`. */
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
