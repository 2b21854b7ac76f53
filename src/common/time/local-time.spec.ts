import { endOfLocalDay, localDate } from './local-time';

describe('local time', () => {
  it('puts the end of a day in Vietnam at 16:59:59.999 UTC', () => {
    expect(endOfLocalDay('2026-06-30', 'Asia/Ho_Chi_Minh').toISOString()).toBe(
      '2026-06-30T16:59:59.999Z',
    );
    expect(endOfLocalDay('2026-12-31', 'Asia/Ho_Chi_Minh').toISOString()).toBe(
      '2026-12-31T16:59:59.999Z',
    );
  });

  it('follows daylight saving where the zone has it', () => {
    // Berlin is UTC+2 in summer and UTC+1 in winter.
    expect(endOfLocalDay('2026-07-01', 'Europe/Berlin').toISOString()).toBe(
      '2026-07-01T21:59:59.999Z',
    );
    expect(endOfLocalDay('2026-01-15', 'Europe/Berlin').toISOString()).toBe(
      '2026-01-15T22:59:59.999Z',
    );
  });

  it('names the local calendar day of an instant', () => {
    expect(localDate(new Date('2026-06-30T17:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-07-01');
    expect(localDate(new Date('2026-06-30T16:59:59Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-06-30');
  });
});
