import { type JsonObject } from '../../common/json/json.types';
import { PLAN_KEY, SUMMARY_KEY } from './report-aggregate';
import { periodOf, type ReportingPeriod } from './reporting-period';

/** An approved summary or plan as far as choosing the report it belongs to goes. */
export interface DeclaringDocument {
  definitionKey: string;
  /** The unit that drafted it. */
  orgUnitId: string;
  data: JsonObject;
}

/**
 * The period a summary or plan says it covers, from its own form data (not from when it was
 * approved): a summary's `periodKind` and `year` ("sơ kết 6 tháng" is the first half, "tổng kết
 * năm" the whole year), a plan's `year`. Null when the data does not say.
 */
export function declaredPeriod(
  document: Pick<DeclaringDocument, 'definitionKey' | 'data'>,
  timeZone: string,
): ReportingPeriod | null {
  const { year, periodKind } = document.data;
  if (typeof year !== 'number' || !Number.isInteger(year)) return null;
  if (document.definitionKey === PLAN_KEY) return periodOf('year', year, 1, timeZone);
  if (document.definitionKey !== SUMMARY_KEY) return null;
  if (periodKind === 'half-year') return periodOf('half-year', year, 1, timeZone);
  if (periodKind === 'year') return periodOf('year', year, 1, timeZone);
  return null;
}

/**
 * The documents a report on `report` counts. A summary counts in the report whose period its own
 * period ends in — the 2025 final review in the report on 2025-Q4, 2025-H2 or 2025, even when it
 * was approved in January 2026 — and where a unit has both the six-month and the year review in one
 * report (a yearly report), the year's supersedes the six months' it already covers. A plan counts
 * in every report on a period within its year.
 */
export function documentsOfPeriod<T extends DeclaringDocument>(
  report: ReportingPeriod,
  documents: readonly T[],
  timeZone: string,
): T[] {
  const counted = documents
    .map((document) => ({ document, declared: declaredPeriod(document, timeZone) }))
    .filter(
      (entry): entry is { document: T; declared: ReportingPeriod } =>
        entry.declared !== null &&
        (entry.document.definitionKey === PLAN_KEY
          ? entry.declared.start <= report.start && report.end <= entry.declared.end
          : entry.declared.end > report.start && entry.declared.end <= report.end),
    );
  const longest = new Map<string, number>();
  for (const { document, declared } of counted) {
    if (document.definitionKey !== SUMMARY_KEY) continue;
    const span = declared.end.getTime() - declared.start.getTime();
    longest.set(document.orgUnitId, Math.max(longest.get(document.orgUnitId) ?? 0, span));
  }
  return counted
    .filter(
      ({ document, declared }) =>
        document.definitionKey !== SUMMARY_KEY ||
        declared.end.getTime() - declared.start.getTime() === longest.get(document.orgUnitId),
    )
    .map(({ document }) => document);
}
