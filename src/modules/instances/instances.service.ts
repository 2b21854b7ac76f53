import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser } from '../../common/auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { searchableText } from '../../common/text/fold-diacritics';
import { actionsFor, taskFor, mayAct } from '../../workflows/engine/command-planner';
import { type JsonObject, type WorkflowContext } from '../../workflows/engine/definition.types';
import { originFor } from '../../workflows/engine/assignment-resolver';
import { WorkflowEngineError } from '../../workflows/engine/engine.errors';
import { type OrgDirectory } from '../../workflows/engine/org-directory';
import { startWorkflow } from '../../workflows/engine/workflow-engine';
import { DefinitionsService } from '../definitions/definitions.service';
import { DelegationsService } from '../delegations/delegations.service';
import { GENESIS_HASH } from '../history/hash-chain';
import { type HistoryEvent } from '../history/history-event.entity';
import { CREATED_EVENT } from '../history/history-event-types';
import { HistoryService } from '../history/history.service';
import { OrgUnitsService } from '../org-units/org-units.service';
import { TasksService } from '../tasks/tasks.service';
import { type CreateInstanceDto, type HistoryEventDto, type InstanceDto } from './dto/instance.dto';
import { WorkflowInstance } from './workflow-instance.entity';

@Injectable()
export class InstancesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly definitions: DefinitionsService,
    private readonly orgUnits: OrgUnitsService,
    private readonly history: HistoryService,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
    private readonly delegations: DelegationsService,
  ) {}

  /**
   * Starts an instance on the latest published version. The caller must be the one the initial
   * state assigns (a drafter of the unit), so nobody opens work in another unit's name.
   */
  async create(
    user: AuthenticatedUser,
    dto: CreateInstanceDto,
    /** Runs in the creating transaction (e.g. to record that a periodic report was opened). */
    alsoWrite?: (manager: EntityManager, instanceId: string) => Promise<void>,
  ): Promise<InstanceDto> {
    const latest = await this.definitions.latest(dto.definitionKey);
    const definition = await this.definitions.runnable(latest.id);
    const directory = await this.orgUnits.directory();
    if (!directory.unit(dto.orgUnitId)) {
      throw new DomainError('validation-failed', `Unknown org unit ${dto.orgUnitId}`, [
        { path: '/orgUnitId', message: 'No such unit' },
      ]);
    }
    const data = (dto.data ?? {}) as JsonObject;
    const position = startWorkflow(
      definition.machine,
      this.originOf(dto.orgUnitId, directory),
      data,
    );
    const initial = definition.document.states[position.state];
    const probe = { orgUnitId: dto.orgUnitId, snapshot: position.snapshot };
    if (
      !user.roles.includes('official') ||
      !initial?.assignment ||
      !mayAct(initial.assignment, probe, user, directory)
    ) {
      throw new ForbiddenError(`You may not start ${dto.definitionKey} for this unit`);
    }
    const now = this.clock.now();
    const task = taskFor(definition.document, position, dto.orgUnitId, directory, now);

    const id = await this.dataSource.transaction(async (manager) => {
      const instance = manager.getRepository(WorkflowInstance).create({
        definitionId: definition.row.id,
        definitionKey: definition.row.key,
        definitionVersion: definition.row.version,
        orgUnitId: dto.orgUnitId,
        title: dto.title.trim(),
        state: position.state,
        status: position.status,
        version: 1,
        snapshot: position.snapshot,
        data: position.context.data,
        historyHead: GENESIS_HASH,
        searchText: searchableText(dto.title, position.context.data),
        createdBy: user.id,
        createdAt: now,
        updatedAt: now,
      });
      await manager.getRepository(WorkflowInstance).save(instance);
      const head = await this.history.append(manager, {
        instanceId: instance.id,
        seq: 1,
        prevHash: GENESIS_HASH,
        type: CREATED_EVENT,
        fromState: null,
        toState: position.state,
        actor: user,
        data: position.context.data,
        comment: null,
        commandId: null,
        at: now,
      });
      await manager.update(WorkflowInstance, { id: instance.id }, { historyHead: head });
      if (task) {
        await this.tasks.open(manager, instance.id, task, now, {
          event: CREATED_EVENT,
          actorId: user.id,
          comment: null,
        });
      }
      await alsoWrite?.(manager, instance.id);
      return instance.id;
    });
    return this.read(user, id);
  }

  async read(user: AuthenticatedUser, id: string): Promise<InstanceDto> {
    const instance = await this.findReadable(user, id);
    const [view, returned] = await Promise.all([
      this.view(user, instance, await this.orgUnits.directory()),
      this.history.returnedNotices([instance.id]),
    ]);
    return { ...view, returned: returned.get(instance.id) ?? null };
  }

  async historyOf(user: AuthenticatedUser, id: string): Promise<HistoryEventDto[]> {
    await this.findReadable(user, id);
    const events = await this.history.list(id);
    const delegatorIds = [
      ...new Set(events.flatMap((e) => (e.onBehalfOfId ? [e.onBehalfOfId] : []))),
    ];
    const usernames = new Map(
      delegatorIds.length === 0
        ? []
        : (
            await this.dataSource.query<Array<{ id: string; username: string }>>(
              `SELECT id, username FROM users WHERE id = ANY($1::uuid[])`,
              [delegatorIds],
            )
          ).map((u) => [u.id, u.username]),
    );
    return events.map((event) => toHistoryDto(event, usernames));
  }

  /** Loads an instance the caller may read, or throws 404 / 403. */
  async findReadable(user: AuthenticatedUser, id: string): Promise<WorkflowInstance> {
    const instance = await this.dataSource.getRepository(WorkflowInstance).findOneBy({ id });
    if (!instance) throw new NotFoundError('Instance', id);
    if (!(await this.mayRead(user, instance, this.dataSource.manager))) {
      throw new ForbiddenError('This instance belongs to a unit you cannot read');
    }
    return instance;
  }

  /**
   * Auditors and admins read everything; an official reads their own unit's and its sub-units'
   * instances, and any instance that waits or once waited for their unit.
   */
  async mayRead(
    user: AuthenticatedUser,
    instance: WorkflowInstance,
    manager: EntityManager,
  ): Promise<boolean> {
    if (user.roles.includes('auditor') || user.roles.includes('admin')) return true;
    const directory = await this.orgUnits.directory();
    if (isWithin(instance.orgUnitId, user.orgUnitId, directory)) return true;
    if (await this.tasks.unitWasAssigned(manager, instance.id, user.orgUnitId)) return true;
    // A delegate reads what the officials whose tasks they hold may read.
    const [, ...delegators] = await this.delegations.identitiesOf(user, this.clock.now(), manager);
    for (const { orgUnitId } of delegators) {
      if (isWithin(instance.orgUnitId, orgUnitId, directory)) return true;
      if (await this.tasks.unitWasAssigned(manager, instance.id, orgUnitId)) return true;
    }
    return false;
  }

  /** The instance as the caller sees it, with the actions the caller may take now. */
  async view(
    user: AuthenticatedUser,
    instance: WorkflowInstance,
    directory: OrgDirectory,
  ): Promise<InstanceDto> {
    const definition = await this.definitions.runnable(instance.definitionId);
    const { document } = definition;
    const types = user.roles.includes('official')
      ? actionsFor(
          definition,
          instance,
          await this.delegations.actorFacts(user, this.clock.now()),
          directory,
        )
      : [];
    return {
      id: instance.id,
      definitionKey: instance.definitionKey,
      definitionVersion: instance.definitionVersion,
      orgUnitId: instance.orgUnitId,
      title: instance.title,
      state: instance.state,
      stateTitle: document.states[instance.state]?.title.vi ?? instance.state,
      status: instance.status,
      version: instance.version,
      data: instance.data,
      availableActions: types.map((type) => {
        const spec = document.events[type];
        return {
          type,
          title: spec.title.vi,
          titleEn: spec.title.en,
          commentRequired: spec.commentRequired ?? false,
          ...(spec.form ? { formSchema: spec.form } : {}),
        };
      }),
      createdBy: instance.createdBy,
      createdAt: instance.createdAt,
      updatedAt: instance.updatedAt,
    };
  }

  /** Routing facts of the unit; a unit outside every jurisdiction cannot hold a workflow. */
  private originOf(unitId: string, directory: OrgDirectory): WorkflowContext['origin'] {
    try {
      return originFor(unitId, directory);
    } catch (error) {
      if (!(error instanceof WorkflowEngineError)) throw error;
      throw new DomainError('validation-failed', error.message, [
        { path: '/orgUnitId', message: 'This unit belongs to no commune, district or province' },
      ]);
    }
  }
}

function isWithin(unitId: string, ancestorId: string, directory: OrgDirectory): boolean {
  for (
    let unit = directory.unit(unitId);
    unit;
    unit = unit.parentId ? directory.unit(unit.parentId) : undefined
  ) {
    if (unit.id === ancestorId) return true;
  }
  return false;
}

function toHistoryDto(
  event: HistoryEvent,
  usernames: ReadonlyMap<string, string>,
): HistoryEventDto {
  return {
    seq: event.seq,
    type: event.type,
    fromState: event.fromState,
    toState: event.toState,
    actor: { id: event.actorId, username: event.actorUsername, orgUnitId: event.actorOrgUnitId },
    onBehalfOf: event.onBehalfOfId
      ? { id: event.onBehalfOfId, username: usernames.get(event.onBehalfOfId) ?? '' }
      : null,
    data: event.data,
    comment: event.comment,
    commandId: event.commandId,
    at: event.at,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}
