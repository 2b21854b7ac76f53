import { DomainError } from '../errors/domain-error';
import { afterCursorSql, decodeTimeCursor, encodeTimeCursor } from './time-cursor';

describe('time cursor', () => {
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
