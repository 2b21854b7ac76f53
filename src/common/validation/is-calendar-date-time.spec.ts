import { isCalendarDateTime } from './is-calendar-date-time';

describe('isCalendarDateTime', () => {
  it.each([
    '2026-01-01',
    '2024-02-29',
    '2026-06-30T23:59',
    '2026-06-30T23:59:59Z',
    '2026-06-30T23:59:59.123456+07:00',
    '2026-06-30T00:00:00-05:30',
    '0050-03-01',
  ])('accepts %s', (text) => expect(isCalendarDateTime(text)).toBe(true));

  it.each([
    '2026-W01',
    '2026-W01-1',
    '2026-032',
    '2026',
    '2026-02-30',
    '2025-02-29',
    '0000-01-01',
    '0099-02-29',
    '2026-13-01',
    '2026-06-30T24:00:00Z',
    '2026-06-30T12:60Z',
    '2026-06-30T12:00:00+25:00',
    '2026-06-30 12:00:00',
    'yesterday',
    '',
  ])('refuses %s', (text) => expect(isCalendarDateTime(text)).toBe(false));

  it('refuses what is not a string', () => {
    expect(isCalendarDateTime(20260101)).toBe(false);
    expect(isCalendarDateTime(undefined)).toBe(false);
  });
});
