import { type JsonObject, type JsonValue } from '../../common/json/json.types';
import { periodLabel, type ReportingPeriod } from './reporting-period';

export const SUMMARY_KEY = 'annual-summary';
export const PLAN_KEY = 'joint-activity-plan';

/**
 * An approved summary or plan that counts in the period, with the unit it is reported under (its
 * commune, or the district-level organisation that drafted it) and whether that unit was late.
 */
export interface ApprovedDocument {
  definitionKey: string;
  reportingUnitId: string;
  data: JsonObject;
  /** A step of the reporting unit's own (drafting, commune review) ran past its deadline. */
  late: boolean;
}

/** A unit the report accounts for: a commune, or an organisation at the board's own level. */
export interface ReportingUnit {
  id: string;
  name: string;
}

export type UnitStatus = 'reported' | 'reported-late' | 'not-reported';

/** What the report prints for each status: Vietnamese, as the Standing Board reads it. */
export const UNIT_STATUS_LABELS: Record<UnitStatus, string> = {
  reported: 'Đã báo cáo',
  'reported-late': 'Báo cáo trễ hạn',
  'not-reported': 'Chưa báo cáo',
};

export type UnitStanding = {
  unitId: string;
  name: string;
  status: UnitStatus;
  statusLabel: string;
  summaries: number;
  plans: number;
};

/** One period's figures, as the report's pre-filled data carries them. */
export type PeriodAggregate = {
  period: {
    key: string;
    kind: string;
    year: number;
    number: number;
    /** "quý I năm 2026". */
    label: string;
    from: string;
    to: string;
  };
  communesTotal: number;
  communesReported: number;
  communesReportedLate: number;
  communesNotReported: number;
  /** District-level organisations (the Front, the mass organisations, the Dân vận Board…). */
  organisationsTotal: number;
  organisationsReported: number;
  organisationsReportedLate: number;
  organisationsNotReported: number;
  summariesApproved: number;
  plansApproved: number;
  plannedItems: number;
  plannedModels: number;
  itemsDone: number;
  itemsPartlyDone: number;
  itemsNotDone: number;
  modelsReplicated: number;
  exemplarsRecognized: number;
  /** `commune`: the reporting unit's name (a commune, or a district-level organisation). */
  models: Array<{ name: string; commune: string }>;
  exemplars: Array<{ name: string; unit: string; commune: string }>;
  communes: UnitStanding[];
  organisations: UnitStanding[];
  /** Names of the communes that did not report, and of those that reported late. */
  notReported: string[];
  reportedLate: string[];
  /** The same for the district-level organisations. */
  organisationsNotReportedNames: string[];
  organisationsReportedLateNames: string[];
};

/**
 * Adds up what the approved summaries and plans that count in a period say (see
 * `declared-period.ts` for which do). A unit has reported when at least one of its summaries
 * counts, and reported late when every such summary had a step of its own run past its deadline.
 */
export function aggregatePeriod(
  period: ReportingPeriod,
  communes: readonly ReportingUnit[],
  documents: readonly ApprovedDocument[],
  organisations: readonly ReportingUnit[] = [],
): PeriodAggregate {
  const names = new Map([...communes, ...organisations].map((u) => [u.id, u.name]));
  const standing = new Map<string, { summaries: number; plans: number; onTime: boolean }>(
    [...communes, ...organisations].map((u) => [u.id, { summaries: 0, plans: 0, onTime: false }]),
  );
  const result: PeriodAggregate = {
    period: {
      key: period.key,
      kind: period.kind,
      year: period.year,
      number: period.number,
      label: periodLabel(period),
      from: period.start.toISOString(),
      to: period.end.toISOString(),
    },
    communesTotal: communes.length,
    communesReported: 0,
    communesReportedLate: 0,
    communesNotReported: 0,
    organisationsTotal: organisations.length,
    organisationsReported: 0,
    organisationsReportedLate: 0,
    organisationsNotReported: 0,
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
    organisations: [],
    notReported: [],
    reportedLate: [],
    organisationsNotReportedNames: [],
    organisationsReportedLateNames: [],
  };

  for (const document of documents) {
    const unit = standing.get(document.reportingUnitId);
    if (!unit) continue;
    const unitName = names.get(document.reportingUnitId) ?? '';
    if (document.definitionKey === PLAN_KEY) {
      unit.plans += 1;
      result.plansApproved += 1;
      result.plannedItems += arrayOf(document.data.coordinationItems).length;
      result.plannedModels += arrayOf(document.data.plannedModels).length;
      continue;
    }
    if (document.definitionKey !== SUMMARY_KEY) continue;
    unit.summaries += 1;
    unit.onTime ||= !document.late;
    result.summariesApproved += 1;
    for (const item of arrayOf(document.data.items)) {
      const status = objectOf(item).resultStatus;
      if (status === 'done') result.itemsDone += 1;
      else if (status === 'partly-done') result.itemsPartlyDone += 1;
      else if (status === 'not-done') result.itemsNotDone += 1;
    }
    for (const model of arrayOf(document.data.replicatedModels)) {
      result.modelsReplicated += 1;
      result.models.push({ name: textOf(objectOf(model).name), commune: unitName });
    }
    for (const exemplar of arrayOf(document.data.exemplars)) {
      const { name, unit: exemplarUnit } = objectOf(exemplar);
      result.exemplarsRecognized += 1;
      result.exemplars.push({ name: textOf(name), unit: textOf(exemplarUnit), commune: unitName });
    }
  }

  const stand = (units: readonly ReportingUnit[]): UnitStanding[] =>
    units.map(({ id, name }) => {
      const s = standing.get(id) ?? { summaries: 0, plans: 0, onTime: false };
      const status: UnitStatus =
        s.summaries === 0 ? 'not-reported' : s.onTime ? 'reported' : 'reported-late';
      return {
        unitId: id,
        name,
        status,
        statusLabel: UNIT_STATUS_LABELS[status],
        summaries: s.summaries,
        plans: s.plans,
      };
    });
  result.communes = stand(communes);
  result.organisations = stand(organisations);
  const named = (units: UnitStanding[], status: UnitStatus): string[] =>
    units.filter((u) => u.status === status).map((u) => u.name);
  result.notReported = named(result.communes, 'not-reported');
  result.reportedLate = named(result.communes, 'reported-late');
  result.communesNotReported = result.notReported.length;
  result.communesReportedLate = result.reportedLate.length;
  result.communesReported = result.communes.length - result.communesNotReported;
  result.organisationsNotReportedNames = named(result.organisations, 'not-reported');
  result.organisationsReportedLateNames = named(result.organisations, 'reported-late');
  result.organisationsNotReported = result.organisationsNotReportedNames.length;
  result.organisationsReportedLate = result.organisationsReportedLateNames.length;
  result.organisationsReported = result.organisations.length - result.organisationsNotReported;
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
