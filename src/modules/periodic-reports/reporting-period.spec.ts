import {
  lastEndedPeriod,
  openingCron,
  periodContaining,
  periodLabel,
  previousPeriod,
} from './reporting-period';

const VN = 'Asia/Ho_Chi_Minh';

describe('reporting periods', () => {
  it('reckons quarters in local time', () => {
    // 2026-03-31 20:00 UTC is already 1 April 03:00 in Vietnam: the second quarter.
    const q = periodContaining(new Date('2026-03-31T20:00:00Z'), 'quarter', VN);
    expect(q).toMatchObject({ key: '2026-Q2', year: 2026, number: 2 });
    expect(q.start.toISOString()).toBe('2026-03-31T17:00:00.000Z');
    expect(q.end.toISOString()).toBe('2026-06-30T17:00:00.000Z');
  });

  it('steps back across a year', () => {
    const q1 = periodContaining(new Date('2026-02-10T00:00:00Z'), 'quarter', VN);
    expect(previousPeriod(q1, VN)).toMatchObject({ key: '2025-Q4', number: 4, year: 2025 });
    const h1 = periodContaining(new Date('2026-02-10T00:00:00Z'), 'half-year', VN);
    expect(h1.key).toBe('2026-H1');
    expect(previousPeriod(h1, VN).key).toBe('2025-H2');
    const year = periodContaining(new Date('2026-02-10T00:00:00Z'), 'year', VN);
    expect(year.key).toBe('2026');
    expect(previousPeriod(year, VN).start.toISOString()).toBe('2024-12-31T17:00:00.000Z');
  });

  it('reports on the period that last ended', () => {
    expect(lastEndedPeriod(new Date('2026-04-01T00:30:00+07:00'), 'quarter', VN).key).toBe(
      '2026-Q1',
    );
    expect(lastEndedPeriod(new Date('2026-03-31T23:59:00+07:00'), 'quarter', VN).key).toBe(
      '2025-Q4',
    );
    expect(lastEndedPeriod(new Date('2026-07-01T02:00:00+07:00'), 'half-year', VN).key).toBe(
      '2026-H1',
    );
  });

  it('handles a zone with daylight saving', () => {
    const q = periodContaining(new Date('2026-05-01T12:00:00Z'), 'quarter', 'Europe/Paris');
    expect(q.start.toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect(previousPeriod(q, 'Europe/Paris').start.toISOString()).toBe('2025-12-31T23:00:00.000Z');
  });

  it('names periods and their opening times', () => {
    const q = periodContaining(new Date('2026-05-01T12:00:00Z'), 'quarter', VN);
    expect(periodLabel(q)).toBe('quý II năm 2026');
    expect(openingCron('quarter')).toBe('0 1 1 1,4,7,10 *');
  });
});
