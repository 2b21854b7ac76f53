import { offsetMs } from '../../common/time/local-time';

/**
 * Reporting periods (quarter, half-year, year) reckoned in local time: a quarter starts at local
 * midnight on 1 January, April, July or October of its zone (Asia/Ho_Chi_Minh by default).
 */
export const PERIOD_KINDS = ['quarter', 'half-year', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface ReportingPeriod {
  kind: PeriodKind;
  year: number;
  /** 1–4 for a quarter, 1–2 for a half-year, 1 for a year. */
  number: number;
  /** `2026-Q1`, `2026-H2`, `2026`: unique per period, stable. */
  key: string;
  /** First instant of the period. */
  start: Date;
  /** First instant after the period. */
  end: Date;
}

const MONTHS: Record<PeriodKind, number> = { quarter: 3, 'half-year': 6, year: 12 };

export function periodContaining(
  instant: Date,
  kind: PeriodKind,
  timeZone: string,
): ReportingPeriod {
  const { year, month } = localYearMonth(instant, timeZone);
  return periodOf(kind, year, Math.floor(month / MONTHS[kind]) + 1, timeZone);
}

export function previousPeriod(period: ReportingPeriod, timeZone: string): ReportingPeriod {
  const count = 12 / MONTHS[period.kind];
  return period.number > 1
    ? periodOf(period.kind, period.year, period.number - 1, timeZone)
    : periodOf(period.kind, period.year - 1, count, timeZone);
}

/** The period whose report is due at `instant`: the last one that has ended. */
export function lastEndedPeriod(
  instant: Date,
  kind: PeriodKind,
  timeZone: string,
): ReportingPeriod {
  return previousPeriod(periodContaining(instant, kind, timeZone), timeZone);
}

/** When the job scheduler opens the report: 01:00 local on the first day of every period. */
export function openingCron(kind: PeriodKind): string {
  switch (kind) {
    case 'quarter':
      return '0 1 1 1,4,7,10 *';
    case 'half-year':
      return '0 1 1 1,7 *';
    case 'year':
      return '0 1 1 1 *';
  }
}

/** The Vietnamese name of a period, as report titles use it: "quý I năm 2026". */
export function periodLabel(period: ReportingPeriod): string {
  switch (period.kind) {
    case 'quarter':
      return `quý ${['I', 'II', 'III', 'IV'][period.number - 1]} năm ${period.year}`;
    case 'half-year':
      return `${period.number === 1 ? '6 tháng đầu năm' : '6 tháng cuối năm'} ${period.year}`;
    case 'year':
      return `năm ${period.year}`;
  }
}

/** The period of `kind` numbered `number` in `year` (1 for a year). */
export function periodOf(
  kind: PeriodKind,
  year: number,
  number: number,
  timeZone: string,
): ReportingPeriod {
  const months = MONTHS[kind];
  const firstMonth = (number - 1) * months;
  const key =
    kind === 'quarter'
      ? `${year}-Q${number}`
      : kind === 'half-year'
        ? `${year}-H${number}`
        : `${year}`;
  return {
    kind,
    year,
    number,
    key,
    start: localMidnight(year, firstMonth, timeZone),
    end: localMidnight(year, firstMonth + months, timeZone),
  };
}

/** The instant of local midnight on the first of the month (`month` from 0; 12 is next January). */
function localMidnight(year: number, month: number, timeZone: string): Date {
  const wall = Date.UTC(year, month, 1);
  // Twice, so an offset that changes across the guess (daylight saving) still lands on midnight.
  const first = wall - offsetMs(new Date(wall), timeZone);
  return new Date(wall - offsetMs(new Date(first), timeZone));
}

function localYearMonth(instant: Date, timeZone: string): { year: number; month: number } {
  const local = new Date(instant.getTime() + offsetMs(instant, timeZone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() };
}

/** The period a key names (`2026-Q1`, `2026-H2`, `2026`), or null for anything else. */
export function periodFromKey(key: string, timeZone: string): ReportingPeriod | null {
  const match = /^(\d{4})(?:-(Q[1-4]|H[12]))?$/.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  const part = match[2];
  if (part === undefined) return periodOf('year', year, 1, timeZone);
  return periodOf(part[0] === 'Q' ? 'quarter' : 'half-year', year, Number(part[1]), timeZone);
}
