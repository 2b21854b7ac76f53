import { type DeclaringDocument, declaredPeriod, documentsOfPeriod } from './declared-period';
import { periodFromKey, type ReportingPeriod } from './reporting-period';

const VN = 'Asia/Ho_Chi_Minh';

function period(key: string): ReportingPeriod {
  const found = periodFromKey(key, VN);
  if (!found) throw new Error(`bad key ${key}`);
  return found;
}

function summary(orgUnitId: string, periodKind: string, year: number): DeclaringDocument {
  return { definitionKey: 'annual-summary', orgUnitId, data: { periodKind, year } };
}

function plan(orgUnitId: string, year: number): DeclaringDocument {
  return { definitionKey: 'joint-activity-plan', orgUnitId, data: { year } };
}

describe('the period a summary or plan declares', () => {
  it('reads it from the form data: six months is the first half, a plan its year', () => {
    expect(declaredPeriod(summary('a', 'half-year', 2026), VN)?.key).toBe('2026-H1');
    expect(declaredPeriod(summary('a', 'year', 2025), VN)?.key).toBe('2025');
    expect(declaredPeriod(plan('a', 2026), VN)?.key).toBe('2026');
    expect(declaredPeriod(summary('a', 'quarter', 2025), VN)).toBeNull();
    expect(
      declaredPeriod({ definitionKey: 'annual-summary', data: { periodKind: 'year' } }, VN),
    ).toBeNull();
  });

  it('counts a summary in the report on the period its own period ends in, not when approved', () => {
    const documents = [
      summary('a', 'year', 2025),
      summary('b', 'half-year', 2025),
      summary('c', 'half-year', 2026),
    ];
    const keys = (key: string): string[] =>
      documentsOfPeriod(period(key), documents, VN).map((d) => d.orgUnitId);
    expect(keys('2025-Q4')).toEqual(['a']);
    expect(keys('2025-Q2')).toEqual(['b']);
    expect(keys('2025-Q3')).toEqual([]);
    expect(keys('2026-Q1')).toEqual([]);
    expect(keys('2026-Q2')).toEqual(['c']);
    expect(keys('2025-H1')).toEqual(['b']);
    expect(keys('2025-H2')).toEqual(['a']);
    expect(keys('2025')).toEqual(['a', 'b']);
  });

  it('lets a unit’s year review supersede its six-month one in a yearly report', () => {
    const documents = [summary('a', 'half-year', 2025), summary('a', 'year', 2025)];
    expect(documentsOfPeriod(period('2025'), documents, VN)).toEqual([documents[1]]);
    expect(documentsOfPeriod(period('2025-H1'), documents, VN)).toEqual([documents[0]]);
  });

  it('counts a plan in every report on a period within its year', () => {
    const documents = [plan('a', 2026)];
    for (const key of ['2026-Q1', '2026-Q4', '2026-H2', '2026']) {
      expect(documentsOfPeriod(period(key), documents, VN)).toHaveLength(1);
    }
    expect(documentsOfPeriod(period('2025-Q4'), documents, VN)).toHaveLength(0);
  });
});

describe('periodFromKey', () => {
  it('reads the keys the runs hold and refuses others', () => {
    expect(periodFromKey('2026-Q1', VN)).toMatchObject({ kind: 'quarter', year: 2026, number: 1 });
    expect(periodFromKey('2026-H2', VN)).toMatchObject({ kind: 'half-year', number: 2 });
    expect(periodFromKey('2026', VN)).toMatchObject({ kind: 'year', number: 1 });
    expect(periodFromKey('2026-Q5', VN)).toBeNull();
    expect(periodFromKey('x', VN)).toBeNull();
  });
});
