import { DomainError } from '../errors/domain-error';
import {
  afterCursorSql,
  decodeKeysetCursor,
  decodeTimeCursor,
  encodeKeysetCursor,
  encodeTimeCursor,
  TIMESTAMP_PATTERN,
  UUID_PATTERN,
} from './keyset-cursor';

describe('keyset cursor', () => {
  const shape = [/^due$/, TIMESTAMP_PATTERN, UUID_PATTERN];

  it('round-trips the key values', () => {
    const values = ['due', '2026-11-27T08:01:02.123456Z', '0b7c2a8e-1f2d-4c3b-9a8e-7d6c5b4a3f21'];
    expect(decodeKeysetCursor(encodeKeysetCursor(values), shape)).toEqual(values);
  });

  it.each([
    '',
    'not-base64!',
    encodeKeysetCursor([
      'age',
      '2026-11-27T08:01:02.123456Z',
      '0b7c2a8e-1f2d-4c3b-9a8e-7d6c5b4a3f21',
    ]),
    encodeKeysetCursor(['due', "2026'; DROP TABLE x; --", '0b7c2a8e-1f2d-4c3b-9a8e-7d6c5b4a3f21']),
    Buffer.from('{"a":1}').toString('base64url'),
  ])('refuses %p as a bad request', (raw) => {
    expect(() => decodeKeysetCursor(raw, shape)).toThrow(DomainError);
  });
});

describe('time cursor (keyset over at, id)', () => {
  it('round-trips a position with microseconds', () => {
    const cursor = { at: '2026-11-27T08:01:02.123456Z', id: '42' };
    expect(decodeTimeCursor(encodeTimeCursor(cursor))).toEqual(cursor);
  });

  it.each(['', 'not-base64!', Buffer.from('["x","1"]').toString('base64url'), 'W10'])(
    'refuses %p as a bad request',
    (raw) => {
      expect(() => decodeTimeCursor(raw)).toThrow(DomainError);
    },
  );

  it('compares rows after the cursor in the listing order', () => {
    expect(afterCursorSql('h.at', 'h.id', 'desc', 3, 4)).toBe(
      '(h.at, h.id) < ($3::timestamptz, $4::bigint)',
    );
  });
});
