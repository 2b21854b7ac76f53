import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { AppConfigService } from '../../config/app-config.service';
import { scorecardWorkbook } from './scorecard-workbook';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  TIMESTAMP_PATTERN,
  UUID_PATTERN,
} from '../../common/pagination/keyset-cursor';
import { jurisdictionOf } from '../../workflows/engine/assignment-resolver';
import { type OrgDirectory } from '../../workflows/engine/org-directory';
import { DefinitionsService } from '../definitions/definitions.service';
import { unitsOfJurisdiction } from '../org-units/org-tree';
import { OrgUnitsService } from '../org-units/org-units.service';
import {
  type ScorecardCellDto,
  type ScorecardCountsDto,
  type ScorecardDto,
  type ScorecardItemDto,
  type ScorecardItemsPageDto,
  type ScorecardItemsQueryDto,
  type ScorecardQueryDto,
  type ScorecardWorkflowDto,
} from './dto/scorecard.dto';
import {
  expectedOfCommunes,
  MONITORING_UNIT_KINDS,
  type ScorecardScope,
  scorecardScope,
} from './scorecard-scope';
import { ScorecardRepository } from './scorecard.repository';

const MAX_PERIOD_DAYS = 3660;
const DEFAULT_ITEMS_LIMIT = 50;
const ITEMS_CURSOR = [TIMESTAMP_PATTERN, UUID_PATTERN];


interface Period {
  from: Date;
  to: Date;
}

/**
 * The Dân vận Board's scorecard: for a period, per jurisdiction (commune) and per workflow, how
 * the instances started in the period stand now — and the instances behind every number.
 */
@Injectable()
export class ScorecardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orgUnits: OrgUnitsService,
    private readonly definitions: DefinitionsService,
    private readonly clock: Clock,
    private readonly repository: ScorecardRepository,
    private readonly config: AppConfigService,
  ) {}

  /** The scorecard the caller may see, as an Excel workbook (same rows, a total row). */
  async export(
    user: AuthenticatedUser,
    query: ScorecardQueryDto,
  ): Promise<{ content: Buffer; fileName: string }> {
    const scorecard = await this.scorecard(user, query);
    const now = this.clock.now();
    return {
      content: await scorecardWorkbook(scorecard, this.config.get('TIMEZONE'), now),
      fileName: `theo-doi-tien-do-${now.toISOString().slice(0, 10)}.xlsx`,
    };
  }

  async scorecard(user: AuthenticatedUser, query: ScorecardQueryDto): Promise<ScorecardDto> {
    const directory = await this.orgUnits.directory();
    const scope = await this.scopeFor(user, directory);
    const period = periodOf(query.from, query.to);
    const workflows = await this.workflows(query.definitionKey);
    const now = this.clock.now();

    const rows = await this.repository.bucketCounts(
      this.dataSource.manager,
      { ...period, now },
      query.definitionKey,
    );

    const cells = new Map<string, ScorecardCellDto>();
    const cellOf = (unitId: string, key: string): ScorecardCellDto => {
      const id = `${unitId}|${key}`;
      let cell = cells.get(id);
      if (!cell) {
        cell = { definitionKey: key, ...emptyCounts() };
        cells.set(id, cell);
      }
      return cell;
    };
    const inScope = new Set(scope.jurisdictions.map((j) => j.id));
    const known = new Set(workflows.map((w) => w.key));
    for (const row of rows) {
      const jurisdiction = jurisdictionOf(row.orgUnitId, directory);
      if (!jurisdiction || !inScope.has(jurisdiction.id) || !known.has(row.definitionKey))
        continue;
      const cell = cellOf(jurisdiction.id, row.definitionKey);
      cell[row.bucket] += row.n;
      cell.total += row.n;
    }

    const names = new Map((await this.orgUnits.list()).map((unit) => [unit.id, unit.name]));
    const totals = workflows.map((w) => ({ definitionKey: w.key, ...emptyCounts() }));
    const result = scope.jurisdictions.map((unit) => {
      const expected = scope.leaves.has(unit.id);
      const rowCells = workflows.map((workflow, w) => {
        const cell = { ...cellOf(unit.id, workflow.key) };
        if (expected && workflow.expectedOfCommunes && cell.total === cell.cancelled) {
          cell.notStarted = 1;
        }
        addInto(totals[w], cell);
        return cell;
      });
      const rowTotals = emptyCounts();
      rowCells.forEach((cell) => addInto(rowTotals, cell));
      return {
        unit: {
          id: unit.id,
          slug: unit.slug,
          name: names.get(unit.id) ?? unit.slug,
          kind: unit.kind,
        },
        expected,
        cells: rowCells,
        totals: rowTotals,
      };
    });
    // The district (or province) first, then the communes by name.
    result.sort(
      (a, b) =>
        Number(a.expected) - Number(b.expected) || a.unit.name.localeCompare(b.unit.name, 'vi'),
    );
    return { from: period.from, to: period.to, generatedAt: now, workflows, rows: result, totals };
  }

  /** The instances behind one number of the scorecard. */
  async items(
    user: AuthenticatedUser,
    query: ScorecardItemsQueryDto,
  ): Promise<ScorecardItemsPageDto> {
    const directory = await this.orgUnits.directory();
    const scope = await this.scopeFor(user, directory);
    if (!scope.jurisdictions.some((j) => j.id === query.unit)) {
      throw new DomainError('validation-failed', 'Not a row of your scorecard', [
        { path: '/unit', message: 'A jurisdiction (commune or district) within your scope' },
      ]);
    }
    const period = periodOf(query.from, query.to);
    await this.workflows(query.workflow);
    // Nothing exists behind "not started": that is the point of the number.
    if (query.bucket === 'notStarted') return { items: [], nextCursor: null };

    const limit = query.limit ?? DEFAULT_ITEMS_LIMIT;
    let after: { at: string; id: string } | null = null;
    if (query.cursor) {
      const [at, id] = decodeKeysetCursor(query.cursor, ITEMS_CURSOR);
      after = { at, id };
    }
    const rows = await this.repository.bucketInstances(
      this.dataSource.manager,
      { ...period, now: this.clock.now() },
      {
        definitionKey: query.workflow,
        orgUnitIds: unitsOfJurisdiction(query.unit, directory),
        bucket: query.bucket,
      },
      after,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row): ScorecardItemDto => ({
        instanceId: row.id,
        definitionKey: row.definitionKey,
        title: row.title,
        orgUnitId: row.orgUnitId,
        state: row.state,
        status: row.status,
        bucket: row.bucket,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        dueAt: row.dueAt,
      })),
      nextCursor: rows.length > limit && last ? encodeKeysetCursor([last.sortKey, last.id]) : null,
    };
  }

  /**
   * Readable by the Dân vận Board and the Standing bodies (their own jurisdiction and below), and
   * by auditors and admins (everything).
   */
  private async scopeFor(
    user: AuthenticatedUser,
    directory: OrgDirectory,
  ): Promise<ScorecardScope> {
    if (user.roles.includes('admin') || user.roles.includes('auditor')) {
      const tops = (await this.orgUnits.list())
        .filter(
          (unit) =>
            directory.isJurisdictionKind(unit.kind) &&
            !(unit.parentId && jurisdictionOf(unit.parentId, directory)),
        )
        .map((unit) => unit.id);
      return scorecardScope(tops, directory);
    }
    const unit = directory.unit(user.orgUnitId);
    const jurisdiction = jurisdictionOf(user.orgUnitId, directory);
    if (!unit || !MONITORING_UNIT_KINDS.has(unit.kind) || !jurisdiction) {
      throw new ForbiddenError(
        'The scorecard is for the Dân vận Board, the Standing bodies, auditors and admins',
      );
    }
    return scorecardScope([jurisdiction.id], directory);
  }

  private async workflows(definitionKey: string | undefined): Promise<ScorecardWorkflowDto[]> {
    const latest = await this.definitions.listLatest();
    const chosen = definitionKey ? latest.filter((d) => d.key === definitionKey) : latest;
    if (definitionKey && chosen.length === 0) {
      throw new NotFoundError('Workflow definition', definitionKey);
    }
    return chosen.map((d) => ({
      key: d.key,
      title: d.title,
      expectedOfCommunes: expectedOfCommunes(d.document),
    }));
  }
}

function periodOf(fromText: string, toText: string): Period {
  const from = new Date(fromText);
  const to = new Date(toText);
  // A date alone means that whole day.
  if (/^\d{4}-\d{2}-\d{2}$/.test(toText)) to.setUTCDate(to.getUTCDate() + 1);
  if (!(from < to)) {
    throw new DomainError('validation-failed', 'The period ends before it starts', [
      { path: '/to', message: 'Must be after from' },
    ]);
  }
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000) {
    throw new DomainError('validation-failed', 'The period is too long', [
      { path: '/to', message: `At most ${MAX_PERIOD_DAYS} days` },
    ]);
  }
  return { from, to };
}

function emptyCounts(): ScorecardCountsDto {
  return { onTime: 0, late: 0, inProgress: 0, overdue: 0, cancelled: 0, notStarted: 0, total: 0 };
}

function addInto(target: ScorecardCountsDto, counts: ScorecardCountsDto): void {
  target.onTime += counts.onTime;
  target.late += counts.late;
  target.inProgress += counts.inProgress;
  target.overdue += counts.overdue;
  target.cancelled += counts.cancelled;
  target.notStarted += counts.notStarted;
  target.total += counts.total;
}
