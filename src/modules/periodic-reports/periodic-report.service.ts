import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { searchableText } from '../../common/text/fold-diacritics';
import { AppConfigService } from '../../config/app-config.service';
import { seedSystemUser } from '../users/seed-system-user';
import { TimerQueue } from '../../queue/timer-queue.service';
import { jurisdictionOf } from '../../workflows/engine/assignment-resolver';
import { type OrgDirectory, type OrgUnitNode } from '../../workflows/engine/org-directory';
import { REPORT_REFRESHED_EVENT } from '../history/history-event-types';
import { HistoryService } from '../history/history.service';
import { type InstanceDto } from '../instances/dto/instance.dto';
import { InstancesRepository } from '../instances/instances.repository';
import { InstancesService } from '../instances/instances.service';
import { unitsOfJurisdiction } from '../org-units/org-tree';
import { OrgUnitsService } from '../org-units/org-units.service';
import { SYSTEM_USERNAME } from '../users/system-user';
import { documentsOfPeriod } from './declared-period';
import {
  aggregatePeriod,
  type ApprovedDocument,
  PLAN_KEY,
  type ReportingUnit,
  SUMMARY_KEY,
} from './report-aggregate';
import { findReportingBoard, LEVEL_ORGANISATION_KINDS } from './reporting-board';
import { PeriodicReportsRepository } from './periodic-reports.repository';
import {
  lastEndedPeriod,
  openingCron,
  periodFromKey,
  periodLabel,
  previousPeriod,
  type ReportingPeriod,
} from './reporting-period';
import { type JsonObject } from '../../common/json/json.types';

export const PERIODIC_REPORT_KEY = 'periodic-report';

export type OpenTrigger = 'schedule' | 'catch-up' | 'admin';

export interface OpenedReport {
  periodKey: string;
  instanceId: string;
  /** False when the period's report was already open (nothing new was written). */
  created: boolean;
}

const UNIQUE_VIOLATION = '23505';

/** The report's drafting state (the built-in definition's initial one): figures refresh only here. */
const DRAFT_STATE = 'draft';

/**
 * The Dân vận Board's periodic report: opened once per period (a BullMQ job scheduler fires at
 * each period's start; the timer sweep catches up a firing Redis lost), as the system user,
 * pre-filled with what the approved summaries and plans of the communes and of the organisations at
 * the board's own level say for the period that ended and the one before it. Until the Board sends
 * it, its figures can be recomputed (a summary approved late still reaches the period it covers).
 */
@Injectable()
export class PeriodicReportService {
  private readonly logger = new Logger(PeriodicReportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instances: InstancesService,
    private readonly orgUnits: OrgUnitsService,
    private readonly queue: TimerQueue,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
    private readonly repository: PeriodicReportsRepository,
    private readonly instanceRows: InstancesRepository,
    private readonly history: HistoryService,
  ) {}

  /** Opens the report due now: the one for the period that last ended. Idempotent. */
  openDue(trigger: OpenTrigger): Promise<OpenedReport> {
    return this.open(this.duePeriod(), trigger);
  }

  async open(period: ReportingPeriod, trigger: OpenTrigger): Promise<OpenedReport> {
    const directory = await this.orgUnits.directory();
    const board = await findReportingBoard(this.repository, this.dataSource.manager, directory);
    if (!board) {
      throw new DomainError('not-found', 'The organisation has no Dân vận Board to report');
    }
    const existing = await this.runOf(board, period.key);
    if (existing) return { periodKey: period.key, instanceId: existing, created: false };

    const systemUser = await this.systemUser(board);
    const data = await this.prefill(period, board, directory);
    try {
      const instance = await this.instances.create(
        systemUser,
        {
          definitionKey: PERIODIC_REPORT_KEY,
          orgUnitId: board,
          title: `Báo cáo định kỳ ${periodLabel(period)} về công tác phối hợp liên tịch`,
          data,
        },
        async (manager, instanceId) => {
          await this.repository.insertRun(manager, {
            boardUnitId: board,
            periodKey: period.key,
            instanceId,
            trigger,
            openedAt: this.clock.now(),
          });
        },
        { prefilled: true },
      );
      this.logger.log(`Opened the periodic report for ${period.key} (${trigger})`);
      return { periodKey: period.key, instanceId: instance.id, created: true };
    } catch (error) {
      // Another process opened the same period first; its instance stands, ours rolled back.
      const raced = await this.runOf(board, period.key);
      if (raced && isUniqueViolation(error)) {
        return { periodKey: period.key, instanceId: raced, created: false };
      }
      throw error;
    }
  }

  /**
   * Recomputes the pre-filled figures of a report still in drafting, keeping what the Board wrote,
   * and records the refresh in the report's history (a hash-chained REPORT_REFRESHED event with the
   * new figures). Once the report was sent the figures stand as sent: 409.
   */
  async refresh(user: AuthenticatedUser, instanceId: string): Promise<InstanceDto> {
    const instance = await this.instances.findReadable(user, instanceId);
    const manager = this.dataSource.manager;
    const run = await this.repository.runOfInstance(manager, instanceId);
    // Officials refresh only their own board's reports: anything else, report or not, is refused.
    const isBoard =
      run !== null && user.roles.includes('official') && user.orgUnitId === run.boardUnitId;
    if (!user.roles.includes('admin') && !isBoard) {
      throw new ForbiddenError('Only the reporting board (or an admin) refreshes its figures');
    }
    const period = run && periodFromKey(run.periodKey, this.config.get('TIMEZONE'));
    if (!run || !period) {
      throw new DomainError('validation-failed', 'This case is not a periodic report', [
        {
          path: '/instanceId',
          message: 'Không phải báo cáo định kỳ / Not a periodic report',
        },
      ]);
    }
    if (instance.state !== DRAFT_STATE) throw alreadySent(instance.state);
    const figures = await this.prefill(period, run.boardUnitId, await this.orgUnits.directory());
    await this.dataSource.transaction(async (m) => {
      const locked = await this.instanceRows.lockForWrite(m, instanceId);
      if (!locked) throw new NotFoundError('Instance', instanceId);
      if (locked.state !== DRAFT_STATE || locked.status !== 'active') {
        throw alreadySent(locked.state);
      }
      const at = this.clock.now();
      const data = { ...locked.data, ...figures };
      const head = await this.history.append(m, {
        instanceId,
        seq: locked.version + 1,
        prevHash: locked.historyHead,
        type: REPORT_REFRESHED_EVENT,
        fromState: locked.state,
        toState: locked.state,
        actor: user,
        data: figures,
        comment: null,
        commandId: null,
        at,
      });
      const written = await this.instanceRows.writeStep(m, {
        id: instanceId,
        fromVersion: locked.version,
        state: locked.state,
        status: locked.status,
        snapshot: { ...locked.snapshot, context: { ...locked.snapshot.context, data } },
        data,
        historyHead: head,
        searchText: searchableText(locked.title, data),
        definitionId: locked.definitionId,
        definitionVersion: locked.definitionVersion,
        at,
      });
      if (!written) throw new DomainError('conflict', `Instance ${instanceId} changed meanwhile`);
    });
    return this.instances.read(user, instanceId);
  }

  /**
   * Makes sure the cycle runs: records since when periods are owed a report, and (re)creates the
   * job scheduler when Redis lacks it or holds another period's pattern.
   */
  async ensureSchedule(): Promise<void> {
    const kind = this.config.get('PERIODIC_REPORT_PERIOD');
    await this.repository.ensureCycle(this.dataSource.manager, kind, this.clock.now());
    const pattern = openingCron(kind);
    if ((await this.queue.periodicReportSchedulerPattern()) !== pattern) {
      await this.queue.upsertPeriodicReportScheduler(pattern, this.config.get('TIMEZONE'));
    }
  }

  /**
   * Opens the due report if the scheduler's firing was lost (Redis down or flushed at the time):
   * only for a period that ended while the cycle was active, so a new installation does not open
   * a report for a period before it existed.
   */
  async catchUp(): Promise<OpenedReport | null> {
    const activeSince = await this.repository.cycleActiveSince(
      this.dataSource.manager,
      this.config.get('PERIODIC_REPORT_PERIOD'),
    );
    const due = this.duePeriod();
    if (!activeSince || due.end <= activeSince) return null;
    const report = await this.open(due, 'catch-up');
    return report.created ? report : null;
  }

  private duePeriod(): ReportingPeriod {
    return lastEndedPeriod(
      this.clock.now(),
      this.config.get('PERIODIC_REPORT_PERIOD'),
      this.config.get('TIMEZONE'),
    );
  }

  private async prefill(
    period: ReportingPeriod,
    board: string,
    directory: OrgDirectory,
  ): Promise<JsonObject> {
    const units = await this.reportingUnits(board, directory);
    const timeZone = this.config.get('TIMEZONE');
    const before = previousPeriod(period, timeZone);
    const [current, previous] = await Promise.all(
      [period, before].map(async (p) => {
        const documents = await this.approvedDocuments(p, units, directory);
        return aggregatePeriod(p, units.communes, documents, units.organisations);
      }),
    );
    // The SUBMIT form's fields come pre-filled; the detail stays beside them for the drafter.
    return {
      period: { kind: period.kind, year: period.year, number: period.number },
      communesReported: current.communesReported,
      itemsDone: current.itemsDone,
      itemsPartlyDone: current.itemsPartlyDone,
      itemsNotDone: current.itemsNotDone,
      modelsReplicated: current.modelsReplicated,
      exemplarsRecognized: current.exemplarsRecognized,
      aggregate: { current, previous, generatedAt: this.clock.now().toISOString() },
    };
  }

  /**
   * Whom the report accounts for: the jurisdictions directly below the board's (the communes of a
   * district), and the organisations at the board's own level (the district Front and
   * organisations, the Dân vận Board).
   */
  private async reportingUnits(board: string, directory: OrgDirectory): Promise<ReportingUnits> {
    const top = jurisdictionOf(board, directory);
    if (!top) return { communes: [], organisations: [] };
    const found: OrgUnitNode[] = [];
    let level = directory.children(top.id);
    while (level.length > 0) {
      const next: OrgUnitNode[] = [];
      for (const unit of level) {
        if (directory.isJurisdictionKind(unit.kind)) found.push(unit);
        else next.push(...directory.children(unit.id));
      }
      level = next;
    }
    const organisationIds = unitsOfJurisdiction(top.id, directory).filter((id) => {
      const unit = directory.unit(id);
      return unit !== undefined && !unit.retired && LEVEL_ORGANISATION_KINDS.has(unit.kind);
    });
    const manager = this.dataSource.manager;
    const [communes, organisations] = await Promise.all([
      this.repository.unitsBySlug(
        manager,
        found.map((unit) => unit.id),
      ),
      this.repository.unitsBySlug(manager, organisationIds),
    ]);
    return { communes, organisations };
  }

  /**
   * The approved summaries and plans that count in the period by the period they declare (see
   * `documentsOfPeriod`), each under its reporting unit — its commune, or the organisation at the
   * board's level that drafted it — and whether a step of that unit's own overran its deadline.
   */
  private async approvedDocuments(
    period: ReportingPeriod,
    units: ReportingUnits,
    directory: OrgDirectory,
  ): Promise<ApprovedDocument[]> {
    const rows = documentsOfPeriod(
      period,
      await this.repository.completedDeclaringYear(
        this.dataSource.manager,
        [SUMMARY_KEY, PLAN_KEY],
        period.year,
      ),
      this.config.get('TIMEZONE'),
    );
    const communeIds = new Set(units.communes.map((c) => c.id));
    const organisationIds = new Set(units.organisations.map((o) => o.id));
    const reportingUnitOf = (unitId: string): string | null => {
      if (organisationIds.has(unitId)) return unitId;
      const id = jurisdictionOf(unitId, directory)?.id ?? null;
      return id !== null && communeIds.has(id) ? id : null;
    };
    const documents: ApprovedDocument[] = [];
    for (const row of rows) {
      const reportingUnitId = reportingUnitOf(row.orgUnitId);
      if (!reportingUnitId) continue;
      documents.push({
        definitionKey: row.definitionKey,
        reportingUnitId,
        data: row.data,
        late: row.overranUnitIds.some((unitId) => reportingUnitOf(unitId) === reportingUnitId),
      });
    }
    return documents;
  }

  private async runOf(board: string, periodKey: string): Promise<string | null> {
    return this.repository.runOf(this.dataSource.manager, board, periodKey);
  }

  private async systemUser(board: string): Promise<AuthenticatedUser> {
    const id = await seedSystemUser(this.dataSource.manager, board);
    return {
      id,
      username: SYSTEM_USERNAME,
      roles: ['official'],
      capabilities: [],
      orgUnitId: board,
    };
  }
}

interface ReportingUnits {
  communes: ReportingUnit[];
  /** The organisations at the board's own level. */
  organisations: ReportingUnit[];
}

function alreadySent(state: string): DomainError {
  return new DomainError(
    'conflict',
    'Báo cáo đã gửi, số liệu không còn được làm mới / The report was sent; its figures no longer refresh',
    [{ path: '/state', message: `The report is in “${state}”, not in drafting` }],
    { state },
  );
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string } | undefined)?.code === UNIQUE_VIOLATION
  );
}
