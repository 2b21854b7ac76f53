import { type ReportingPeriod } from './reporting-period';
import { type JsonObject, type JsonValue } from '../../common/json/json.types';

export const SUMMARY_KEY = 'annual-summary';
export const PLAN_KEY = 'joint-activity-plan';

/** An approved summary or plan, with the commune it came from and whether the commune was late. */
export interface ApprovedDocument {
  definitionKey: string;
  communeId: string;
  data: JsonObject;
  /** A step of the commune's (drafting or commune review) ran past its deadline. */
  late: boolean;
}

export interface Commune {
  id: string;
  name: string;
}

export type CommuneStatus = 'reported' | 'reported-late' | 'not-reported';

export type CommuneStanding = {
  unitId: string;
  name: string;
  status: CommuneStatus;
  summaries: number;
  plans: number;
};

/** One period's figures, as the report's pre-filled data carries them. */
export type PeriodAggregate = {
  period: { key: string; kind: string; year: number; number: number; from: string; to: string };
  communesTotal: number;
  communesReported: number;
  communesReportedLate: number;
  communesNotReported: number;
  summariesApproved: number;
  plansApproved: number;
  plannedItems: number;
  plannedModels: number;
  itemsDone: number;
  itemsPartlyDone: number;
  itemsNotDone: number;
  modelsReplicated: number;
  exemplarsRecognized: number;
  models: Array<{ name: string; commune: string }>;
  exemplars: Array<{ name: string; unit: string; commune: string }>;
  communes: CommuneStanding[];
  notReported: string[];
  reportedLate: string[];
};

/**
 * Adds up what the communes' approved summaries and plans say for a period. A commune has reported
 * when at least one of its summaries was approved in the period, and reported late when every such
 * summary had a commune step run past its deadline.
 */
export function aggregatePeriod(
  period: ReportingPeriod,
  communes: readonly Commune[],
  documents: readonly ApprovedDocument[],
): PeriodAggregate {
  const names = new Map(communes.map((c) => [c.id, c.name]));
  const standing = new Map<string, { summaries: number; plans: number; onTime: boolean }>(
    communes.map((c) => [c.id, { summaries: 0, plans: 0, onTime: false }]),
  );
  const result: PeriodAggregate = {
    period: {
      key: period.key,
      kind: period.kind,
      year: period.year,
      number: period.number,
      from: period.start.toISOString(),
      to: period.end.toISOString(),
    },
    communesTotal: communes.length,
    communesReported: 0,
    communesReportedLate: 0,
    communesNotReported: 0,
    summariesApproved: 0,
    plansApproved: 0,
    plannedItems: 0,
    plannedModels: 0,
    itemsDone: 0,
    itemsPartlyDone: 0,
    itemsNotDone: 0,
    modelsReplicated: 0,
    exemplarsRecognized: 0,
    models: [],
    exemplars: [],
    communes: [],
    notReported: [],
    reportedLate: [],
  };

  for (const document of documents) {
    const commune = standing.get(document.communeId);
    if (!commune) continue;
    const communeName = names.get(document.communeId) ?? '';
    if (document.definitionKey === PLAN_KEY) {
      commune.plans += 1;
      result.plansApproved += 1;
      result.plannedItems += arrayOf(document.data.coordinationItems).length;
      result.plannedModels += arrayOf(document.data.plannedModels).length;
      continue;
    }
    if (document.definitionKey !== SUMMARY_KEY) continue;
    commune.summaries += 1;
    commune.onTime ||= !document.late;
    result.summariesApproved += 1;
    for (const item of arrayOf(document.data.items)) {
      const status = objectOf(item).resultStatus;
      if (status === 'done') result.itemsDone += 1;
      else if (status === 'partly-done') result.itemsPartlyDone += 1;
      else if (status === 'not-done') result.itemsNotDone += 1;
    }
    for (const model of arrayOf(document.data.replicatedModels)) {
      result.modelsReplicated += 1;
      result.models.push({ name: textOf(objectOf(model).name), commune: communeName });
    }
    for (const exemplar of arrayOf(document.data.exemplars)) {
      const { name, unit } = objectOf(exemplar);
      result.exemplarsRecognized += 1;
      result.exemplars.push({ name: textOf(name), unit: textOf(unit), commune: communeName });
    }
  }

  for (const { id, name } of communes) {
    const s = standing.get(id) ?? { summaries: 0, plans: 0, onTime: false };
    const status: CommuneStatus =
      s.summaries === 0 ? 'not-reported' : s.onTime ? 'reported' : 'reported-late';
    result.communes.push({ unitId: id, name, status, summaries: s.summaries, plans: s.plans });
    if (status === 'not-reported') result.notReported.push(name);
    else result.communesReported += 1;
    if (status === 'reported-late') result.reportedLate.push(name);
  }
  result.communesReportedLate = result.reportedLate.length;
  result.communesNotReported = result.notReported.length;
  return result;
}

function arrayOf(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

function objectOf(value: JsonValue): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function textOf(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}
