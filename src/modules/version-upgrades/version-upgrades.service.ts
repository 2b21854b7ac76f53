import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { type RunnableDefinition } from '../../workflows/engine/command-planner';
import {
  blocked,
  type MigrationDecision,
  planMigration,
} from '../../workflows/engine/instance-migration';
import { type OrgDirectory } from '../../workflows/engine/org-directory';
import { DefinitionRequestError } from '../definitions/definitions.errors';
import { DefinitionsService } from '../definitions/definitions.service';
import { type WorkflowDefinition } from '../definitions/workflow-definition.entity';
import { MIGRATED_EVENT } from '../history/history-event-types';
import { InstanceTransitionWriter } from '../instances/instance-transition-writer.service';
import { InstancesRepository } from '../instances/instances.repository';
import { type WorkflowInstance } from '../instances/workflow-instance.entity';
import { Clock } from '../../common/clock/clock';
import { OrgUnitsService } from '../org-units/org-units.service';
import {
  type BlockedMoveDto,
  type CompletedMoveDto,
  type MigrateInstancesDto,
  type MigrationReportDto,
  type PlannedMoveDto,
} from './dto/migration.dto';
import { HolidaysService } from '../holidays/holidays.service';
import { type WorkingCalendar } from '../../workflows/calendar/working-calendar';

const DRY_RUN_BATCH = 500;

/** Everything one migration run decides with: both versions, the mapping, the organisation. */
interface MigrationScope {
  source: WorkflowDefinition;
  target: RunnableDefinition & { row: WorkflowDefinition };
  stateMapping: Readonly<Record<string, string>>;
  directory: OrgDirectory;
  calendar: WorkingCalendar;
}

/**
 * Moves running instances of one definition version onto a newer one under an explicit state
 * mapping. A dry run only reports; a real run moves each instance in its own transaction, under
 * its row lock, as a `MIGRATED` history event in the instance's hash chain.
 */
@Injectable()
export class VersionUpgradesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly definitions: DefinitionsService,
    private readonly orgUnits: OrgUnitsService,
    private readonly writer: InstanceTransitionWriter,
    private readonly holidays: HolidaysService,
    private readonly instances: InstancesRepository,
    private readonly clock: Clock,
  ) {}

  async migrate(
    admin: AuthenticatedUser,
    key: string,
    dto: MigrateInstancesDto,
  ): Promise<MigrationReportDto> {
    const scope = await this.scopeFor(key, dto);
    const report: MigrationReportDto = {
      dryRun: dto.dryRun,
      key,
      fromVersion: scope.source.version,
      toVersion: scope.target.row.version,
      ...(dto.dryRun ? { wouldMove: [] } : { moved: [] }),
      cannotMove: [],
    };
    const ids = await this.candidateIds(scope.source, dto.instanceIds);
    if (dto.dryRun) {
      for (let from = 0; from < ids.length; from += DRY_RUN_BATCH) {
        const batch = ids.slice(from, from + DRY_RUN_BATCH);
        const rows = await this.instances.findByIds(this.dataSource.manager, batch);
        const byId = new Map(rows.map((row) => [row.id, row]));
        const now = this.clock.now();
        for (const id of batch) {
          const decision = decide(id, byId.get(id) ?? null, scope, now);
          if (decision.kind === 'blocked') report.cannotMove.push(decision.entry);
          else report.wouldMove?.push(decision.entry);
        }
      }
      return report;
    }
    for (const id of ids) {
      const outcome = await this.move(admin, id, scope, dto.comment ?? null);
      if (outcome.kind === 'blocked') report.cannotMove.push(outcome.entry);
      else report.moved?.push(outcome.entry);
    }
    return report;
  }

  private async scopeFor(key: string, dto: MigrateInstancesDto): Promise<MigrationScope> {
    const [source, targetRow] = await Promise.all([
      this.definitions.version(key, dto.fromVersion),
      this.definitions.version(key, dto.toVersion),
    ]);
    if (targetRow.version <= source.version) {
      throw new DefinitionRequestError({ code: 'not-newer' }, [
        { path: '/toVersion', code: 'not-newer-detail', params: { version: source.version } },
      ]);
    }
    if (targetRow.status !== 'published') {
      throw new DefinitionRequestError({ code: 'target-deprecated' }, [
        {
          path: '/toVersion',
          code: 'target-deprecated-detail',
          params: { version: targetRow.version },
        },
      ]);
    }
    return {
      source,
      target: await this.definitions.runnable(targetRow.id),
      stateMapping: dto.stateMapping,
      directory: await this.orgUnits.directory(),
      calendar: await this.holidays.calendar(),
    };
  }

  /** The named instances in the order given, or every active instance of the source version. */
  private async candidateIds(
    source: WorkflowDefinition,
    instanceIds: readonly string[] | undefined,
  ): Promise<string[]> {
    if (instanceIds !== undefined) return [...new Set(instanceIds)];
    return this.instances.activeIdsOn(this.dataSource.manager, source.id);
  }

  /** One instance, decided again under its row lock and written in its own transaction. */
  private move(
    admin: AuthenticatedUser,
    id: string,
    scope: MigrationScope,
    comment: string | null,
  ): Promise<Outcome<CompletedMoveDto>> {
    return this.dataSource.transaction(async (manager) => {
      // Decided under the lock with the clock's time, which the history event records too.
      const now = this.clock.now();
      const decision = decide(id, await this.instances.lockForWrite(manager, id), scope, now);
      if (decision.kind === 'blocked') return decision;
      const { fromState, toState } = decision.entry;
      const version = await this.writer.write(
        manager,
        decision.instance,
        {
          type: MIGRATED_EVENT,
          fromState,
          position: decision.move.position,
          task: decision.move.task,
          actor: admin,
          data: {
            fromVersion: scope.source.version,
            toVersion: scope.target.row.version,
            fromState,
            toState,
          },
          comment,
          commandId: null,
          definition: { id: scope.target.row.id, version: scope.target.row.version },
        },
        now,
      );
      return { kind: 'move', entry: { ...decision.entry, version } };
    });
  }
}

type Outcome<T> = { kind: 'move'; entry: T } | { kind: 'blocked'; entry: BlockedMoveDto };

type Decision =
  | {
      kind: 'move';
      instance: WorkflowInstance;
      entry: PlannedMoveDto;
      move: Extract<MigrationDecision, { kind: 'move' }>;
    }
  | { kind: 'blocked'; entry: BlockedMoveDto };

function decide(
  id: string,
  instance: WorkflowInstance | null,
  scope: MigrationScope,
  now: Date,
): Decision {
  if (instance === null) {
    return {
      kind: 'blocked',
      entry: { instanceId: id, reason: 'not-found', message: `Instance ${id} does not exist` },
    };
  }
  const decision: MigrationDecision =
    instance.definitionId !== scope.source.id
      ? blocked(
          'not-on-source-version',
          `The instance runs on ${instance.definitionKey} version ${instance.definitionVersion}`,
        )
      : planMigration(
          instance,
          scope.target,
          scope.stateMapping,
          scope.directory,
          now,
          scope.calendar,
        );
  if (decision.kind === 'blocked') {
    return {
      kind: 'blocked',
      entry: {
        instanceId: id,
        fromState: instance.state,
        reason: decision.reason,
        message: decision.message,
      },
    };
  }
  return {
    kind: 'move',
    instance,
    entry: {
      instanceId: id,
      fromState: decision.fromState,
      toState: decision.toState,
      assigneeUnitId: decision.task?.assigneeUnitId ?? null,
    },
    move: decision,
  };
}
