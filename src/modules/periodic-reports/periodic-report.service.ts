import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError } from '../../common/errors/domain-error';
import { AppConfigService } from '../../config/app-config.service';
import { seedSystemUser } from '../users/seed-system-user';
import { TimerQueue } from '../../queue/timer-queue.service';
import { jurisdictionOf } from '../../workflows/engine/assignment-resolver';
import { type OrgDirectory, type OrgUnitNode } from '../../workflows/engine/org-directory';
import { InstancesService } from '../instances/instances.service';
import { OrgUnitsService } from '../org-units/org-units.service';
import { SYSTEM_USERNAME } from '../users/system-user';
import {
  aggregatePeriod,
  type ApprovedDocument,
  type Commune,
  PLAN_KEY,
  SUMMARY_KEY,
} from './report-aggregate';
import { findReportingBoard } from './reporting-board';
import { PeriodicReportsRepository } from './periodic-reports.repository';
import {
  lastEndedPeriod,
  openingCron,
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

/**
 * The Dân vận Board's periodic report: opened once per period (a BullMQ job scheduler fires at
 * each period's start; the timer sweep catches up a firing Redis lost), as the system user,
 * pre-filled with what the communes' approved summaries and plans say for the period that ended
 * and the one before it.
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
    const communes = await this.communesBelow(board, directory);
    const timeZone = this.config.get('TIMEZONE');
    const before = previousPeriod(period, timeZone);
    const [current, previous] = await Promise.all([
      this.approvedDocuments(period, communes, directory).then((docs) =>
        aggregatePeriod(period, communes, docs),
      ),
      this.approvedDocuments(before, communes, directory).then((docs) =>
        aggregatePeriod(before, communes, docs),
      ),
    ]);
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

  /** The jurisdictions directly below the board's (the communes of a district). */
  private async communesBelow(board: string, directory: OrgDirectory): Promise<Commune[]> {
    const top = jurisdictionOf(board, directory);
    if (!top) return [];
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
    return this.repository.unitsBySlug(
      this.dataSource.manager,
      found.map((unit) => unit.id),
    );
  }

  /**
   * Summaries and plans approved within the period, each with its commune and whether a step of
   * the commune's own (drafting, commune review) overran its deadline. Approval time is when the
   * instance entered its final state, read from its history.
   */
  private async approvedDocuments(
    period: ReportingPeriod,
    communes: readonly Commune[],
    directory: OrgDirectory,
  ): Promise<ApprovedDocument[]> {
    const rows = await this.repository.completedWithin(
      this.dataSource.manager,
      [SUMMARY_KEY, PLAN_KEY],
      period.start,
      period.end,
    );
    const communeIds = new Set(communes.map((c) => c.id));
    const communeOf = (unitId: string): string | null => {
      const id = jurisdictionOf(unitId, directory)?.id ?? null;
      return id && communeIds.has(id) ? id : null;
    };
    const documents: ApprovedDocument[] = [];
    for (const row of rows) {
      const communeId = communeOf(row.orgUnitId);
      if (!communeId) continue;
      documents.push({
        definitionKey: row.definitionKey,
        communeId,
        data: row.data,
        late: row.overranUnitIds.some((unitId) => communeOf(unitId) === communeId),
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

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string } | undefined)?.code === UNIQUE_VIOLATION
  );
}
