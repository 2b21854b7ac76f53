import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { isDispatcher } from '../auth/dispatcher';
import { Clock } from '../../common/clock/clock';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { opinionOf } from '../../forms/opinion-fields';
import {
  actionsFor,
  initialDataCheck,
  fourEyesSteps,
  mayAct,
  type RunnableDefinition,
  type StepActors,
  taskFor,
} from '../../workflows/engine/command-planner';
import { type WorkflowContext } from '../../workflows/engine/definition.types';
import { jurisdictionOf, originFor } from '../../workflows/engine/assignment-resolver';
import { WorkflowEngineError } from '../../workflows/engine/engine.errors';
import { type OrgDirectory } from '../../workflows/engine/org-directory';
import { startWorkflow, type WorkflowPosition } from '../../workflows/engine/workflow-engine';
import { DefinitionsService } from '../definitions/definitions.service';
import { DelegationsService } from '../delegations/delegations.service';
import { type ActingIdentity, actorFactsOf } from '../delegations/acting-identity';
import { type HistoryEvent } from '../history/history-event.entity';
import { HistoryService } from '../history/history.service';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { CopiesRepository } from '../copies/copies.repository';
import { OrgUnitsRepository } from '../org-units/org-units.repository';
import { OrgUnitsService } from '../org-units/org-units.service';
import { UsersRepository } from '../users/users.repository';
import { TasksService } from '../tasks/tasks.service';
import { type CreateInstanceDto, type HistoryEventDto, type InstanceDto } from './dto/instance.dto';
import { type WorkflowInstance } from './workflow-instance.entity';
import { InstanceTransitionWriter } from './instance-transition-writer.service';
import { InstancesRepository } from './instances.repository';
import { ownEntry } from '../../workflows/engine/own-entry';
import { reminderAtFor, type WorkingCalendar } from '../../workflows/calendar/working-calendar';
import { HolidaysService } from '../holidays/holidays.service';
import { FormChecksService } from '../heavy-work/form-checks.service';
import { type WorkflowDefinition } from '../definitions/workflow-definition.entity';
import { type JsonObject } from '../../common/json/json.types';

/**
 * What an instance's readability turns on beyond the caller and the org directory, as one
 * statement reads it (see CommandsRepository.precheckFacts).
 */
export interface ReadabilityFacts {
  /** A campaign opened the instance (its dispatchers read it). */
  campaignItem: boolean;
  /** Of the caller's units (own and delegators'), those a task of the instance was assigned to. */
  assignedUnits: readonly string[];
  /** Of the caller's units, those the instance was sent to as a copy (nơi nhận). */
  copiedUnits: readonly string[];
}

interface ReadabilityProbes {
  campaignItem(): Promise<boolean>;
  assigned(unitId: string): Promise<boolean>;
  copied(unitId: string): Promise<boolean>;
}

/** How an instance would start: computed before the transaction that writes it. */
export interface PlannedStart {
  definition: RunnableDefinition & { row: WorkflowDefinition };
  directory: OrgDirectory;
  calendar: WorkingCalendar;
  orgUnitId: string;
  position: WorkflowPosition;
}

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
    private readonly holidays: HolidaysService,
    private readonly writer: InstanceTransitionWriter,
    private readonly instances: InstancesRepository,
    private readonly formChecks: FormChecksService,
    private readonly users: UsersRepository,
    private readonly units: OrgUnitsRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly copies: CopiesRepository,
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
    /**
     * `prefilled`: the data was built by the service itself (the periodic report's aggregate), not
     * typed by a user, so it is not checked against the first form.
     */
    options: { prefilled?: boolean } = {},
  ): Promise<InstanceDto> {
    // Parsed from a JSON body (or built by the service opening a report), so JSON by construction.
    const start = await this.planStart(
      dto.definitionKey,
      dto.orgUnitId,
      (dto.data ?? {}) as JsonObject,
      { checkData: !options.prefilled },
    );
    const initial = ownEntry(start.definition.document.states, start.position.state);
    const probe = { orgUnitId: dto.orgUnitId, snapshot: start.position.snapshot };
    if (
      !user.roles.includes('official') ||
      !initial?.assignment ||
      !mayAct(initial.assignment, probe, user, start.directory)
    ) {
      throw new ForbiddenError(`You may not start ${dto.definitionKey} for this unit`);
    }
    const now = this.clock.now();
    const id = await this.dataSource.transaction(async (manager) => {
      const instanceId = await this.writeStart(manager, start, user, dto.title, now);
      await alsoWrite?.(manager, instanceId);
      return instanceId;
    });
    return this.read(user, id);
  }

  /**
   * Computes, without writing, how an instance of the definition would start for the unit: the
   * initial position and the first task. Unknown definitions and units, and data that the first
   * form refuses, are refused here.
   */
  async planStart(
    definitionKey: string,
    orgUnitId: string,
    data: JsonObject,
    { checkData = true }: { checkData?: boolean } = {},
  ): Promise<PlannedStart> {
    const latest = await this.definitions.latest(definitionKey);
    const definition = await this.definitions.runnable(latest.id);
    const directory = await this.orgUnits.directory();
    const unit = directory.unit(orgUnitId);
    if (!unit) {
      throw new DomainError('validation-failed', `Unknown org unit ${orgUnitId}`, [
        { path: '/orgUnitId', message: 'No such unit' },
      ]);
    }
    // A merged or retired unit keeps its past but starts nothing: its work went to its successor.
    if (unit.retired) {
      throw new DomainError('validation-failed', `Org unit ${orgUnitId} was merged or retired`, [
        {
          path: '/orgUnitId',
          message: 'Đơn vị đã sáp nhập hoặc giải thể / The unit was merged or retired',
        },
      ]);
    }
    // A big document is validated off the event loop (see FormChecksService).
    if (checkData) await this.formChecks.assertValid(initialDataCheck(definition, data));
    const position = startWorkflow(definition.machine, this.originOf(orgUnitId, directory), data);
    const calendar = await this.holidays.calendar();
    return { definition, directory, calendar, orgUnitId, position };
  }

  /**
   * Writes a planned start in the caller's transaction: the instance, its first history event and
   * its first task. `firstTaskDueAt` replaces the first step's own deadline (a campaign's date).
   * @returns the new instance's id
   */
  async writeStart(
    manager: EntityManager,
    start: PlannedStart,
    actor: { id: string; username: string; orgUnitId: string },
    title: string,
    now: Date,
    firstTaskDueAt?: Date,
  ): Promise<string> {
    const { definition, position, orgUnitId, directory, calendar } = start;
    const planned = taskFor(definition.document, position, orgUnitId, directory, now, calendar);
    const task =
      planned && firstTaskDueAt
        ? {
            ...planned,
            dueAt: firstTaskDueAt,
            remindAt: reminderAtFor(
              now,
              firstTaskDueAt,
              ownEntry(definition.document.states, position.state)?.reminderBefore,
              calendar,
            ),
          }
        : planned;
    return this.writer.create(
      manager,
      {
        definition: definition.row,
        orgUnitId,
        title,
        position,
        task,
        actor,
      },
      now,
    );
  }

  /** `identities`: the caller's, when the request has already read them (see identitiesOf). */
  async read(
    user: AuthenticatedUser,
    id: string,
    identities?: readonly ActingIdentity[],
  ): Promise<InstanceDto> {
    const instance = await this.findReadable(user, id, identities);
    const [view, returned] = await Promise.all([
      this.view(user, instance, await this.orgUnits.directory(), identities),
      this.history.returnedNotices([instance.id]),
    ]);
    return { ...view, returned: returned.get(instance.id) ?? null };
  }

  /** The history with each actor's full name and unit name, and what they wrote (opinion). */
  async historyOf(user: AuthenticatedUser, id: string): Promise<HistoryEventDto[]> {
    const instance = await this.findReadable(user, id);
    const events = await this.history.list(id);
    const userIds = [
      ...new Set(
        events.flatMap((e) => (e.onBehalfOfId ? [e.actorId, e.onBehalfOfId] : [e.actorId])),
      ),
    ];
    const unitIds = [...new Set(events.map((e) => e.actorOrgUnitId))];
    const [users, units, definition] = await Promise.all([
      this.users.findByIds(this.dataSource.manager, userIds),
      this.units.namesByIds(this.dataSource.manager, unitIds),
      this.definitions.runnable(instance.definitionId),
    ]);
    const names: HistoryNames = {
      users: new Map(users.map((u) => [u.id, { username: u.username, fullName: u.fullName }])),
      units,
    };
    return events.map((event) =>
      toHistoryDto(
        event,
        names,
        opinionOf(definition.document.events[event.type]?.form, event.data, event.comment),
      ),
    );
  }

  /** Loads an instance the caller may read, or throws 404 / 403. */
  async findReadable(
    user: AuthenticatedUser,
    id: string,
    identities?: readonly ActingIdentity[],
  ): Promise<WorkflowInstance> {
    const instance = await this.instances.findById(this.dataSource.manager, id);
    if (!instance) throw new NotFoundError('Instance', id);
    if (!(await this.mayRead(user, instance, this.dataSource.manager, identities))) {
      throw new ForbiddenError('This instance belongs to a unit you cannot read');
    }
    return instance;
  }

  /**
   * {@link findReadable} on what one statement already read (the command pre-check's): the
   * instance, or null, and the facts its readability turns on. Same rules, same 404 / 403.
   */
  async readableFrom(
    user: AuthenticatedUser,
    id: string,
    instance: WorkflowInstance | null,
    facts: ReadabilityFacts,
    identities: readonly ActingIdentity[],
  ): Promise<WorkflowInstance> {
    if (!instance) throw new NotFoundError('Instance', id);
    const probes: ReadabilityProbes = {
      campaignItem: () => Promise.resolve(facts.campaignItem),
      assigned: (unitId) => Promise.resolve(facts.assignedUnits.includes(unitId)),
      copied: (unitId) => Promise.resolve(facts.copiedUnits.includes(unitId)),
    };
    if (!(await this.mayReadBy(user, instance, probes, identities))) {
      throw new ForbiddenError('This instance belongs to a unit you cannot read');
    }
    return instance;
  }

  /**
   * Auditors and admins read everything; an official reads their own unit's and its sub-units'
   * instances, any instance that waits or once waited for their unit, and any instance sent to
   * their unit as a copy (nơi nhận: read and comment; acting still follows the step's assignment).
   */
  async mayRead(
    user: AuthenticatedUser,
    instance: WorkflowInstance,
    manager: EntityManager,
    identities?: readonly ActingIdentity[],
  ): Promise<boolean> {
    const probes: ReadabilityProbes = {
      campaignItem: () => this.campaigns.isCampaignItem(manager, instance.id),
      assigned: (unitId) => this.tasks.unitWasAssigned(manager, instance.id, unitId),
      copied: (unitId) => this.copies.isCopiedTo(manager, instance.id, unitId),
    };
    // Read lazily: an official of the owning unit costs no delegation read.
    return this.mayReadBy(user, instance, probes, () =>
      identities
        ? Promise.resolve(identities)
        : this.delegations.identitiesIn(manager, user, this.clock.now()),
    );
  }

  /** The readability rules, asked of the database or of facts already read. */
  private async mayReadBy(
    user: AuthenticatedUser,
    instance: WorkflowInstance,
    probes: ReadabilityProbes,
    identities: readonly ActingIdentity[] | (() => Promise<readonly ActingIdentity[]>),
  ): Promise<boolean> {
    if (user.roles.includes('auditor') || user.roles.includes('admin')) return true;
    const directory = await this.orgUnits.directory();
    if (isWithin(instance.orgUnitId, user.orgUnitId, directory)) return true;
    if (await this.readsAlongChain(user.orgUnitId, instance.orgUnitId, directory)) return true;
    // Dispatchers follow the work they send: every instance a campaign opened.
    if (isDispatcher(user) && (await probes.campaignItem())) return true;
    if (await probes.assigned(user.orgUnitId)) return true;
    if (await probes.copied(user.orgUnitId)) return true;
    // A delegate reads what the officials whose tasks they hold may read.
    const [, ...delegators] = typeof identities === 'function' ? await identities() : identities;
    for (const { orgUnitId } of delegators) {
      if (isWithin(instance.orgUnitId, orgUnitId, directory)) return true;
      if (await probes.assigned(orgUnitId)) return true;
      if (await probes.copied(orgUnitId)) return true;
    }
    return false;
  }

  /**
   * Who may add a file to an instance they can read: its own unit (and the units above it in the
   * tree) and the units its steps went to, or a delegate of one of them. Reading through a
   * follow-up copy (đôn đốc), a copy (nơi nhận), a chain or a campaign is supervision: remind and
   * comment, never change the case's content.
   */
  async mayAttach(
    user: AuthenticatedUser,
    instance: WorkflowInstance,
    manager: EntityManager,
  ): Promise<boolean> {
    const directory = await this.orgUnits.directory();
    const identities = await this.delegations.identitiesIn(manager, user, this.clock.now());
    for (const { orgUnitId } of identities) {
      if (isWithin(instance.orgUnitId, orgUnitId, directory)) return true;
      if (await this.tasks.unitHadStep(manager, instance.id, orgUnitId)) return true;
    }
    return false;
  }

  /**
   * The Front's own chain: a unit whose kind reads its chain (the district Front) reads the cases
   * of units of that same kind within its jurisdiction (the commune Fronts), though they hang
   * under the communes, not under it.
   */
  private async readsAlongChain(
    readerUnitId: string,
    caseUnitId: string,
    directory: OrgDirectory,
  ): Promise<boolean> {
    const reader = directory.unit(readerUnitId);
    const owner = directory.unit(caseUnitId);
    if (!reader || !owner || reader.kind !== owner.kind) return false;
    if (!(await this.orgUnits.chainReadingKinds()).has(reader.kind)) return false;
    const jurisdiction = jurisdictionOf(reader.id, directory);
    return jurisdiction !== null && isWithin(owner.id, jurisdiction.id, directory);
  }

  /**
   * The instance as the caller sees it, with the actions the caller may take now. `known`: the
   * four-eyes actors of the instance's state when the caller already has them (the command answer
   * builds them from its pre-check and the worker's outcome).
   */
  async view(
    user: AuthenticatedUser,
    instance: WorkflowInstance,
    directory: OrgDirectory,
    identities?: readonly ActingIdentity[],
    known?: { stepActors: StepActors | undefined },
  ): Promise<InstanceDto> {
    const definition = await this.definitions.runnable(instance.definitionId);
    const { document } = definition;
    const types = user.roles.includes('official')
      ? actionsFor(
          definition,
          {
            ...instance,
            stepActors: known
              ? known.stepActors
              : await this.history.stepActors(
                  this.dataSource.manager,
                  instance.id,
                  fourEyesSteps(document, instance.state),
                ),
          },
          identities
            ? actorFactsOf(identities)
            : await this.delegations.actorFactsIn(this.dataSource.manager, user, this.clock.now()),
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
      stateTitle: ownEntry(document.states, instance.state)?.title.vi ?? instance.state,
      status: instance.status,
      version: instance.version,
      data: instance.data,
      ...(instance.document ? { document: instance.document } : {}),
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

interface HistoryNames {
  users: ReadonlyMap<string, { username: string; fullName: string }>;
  units: ReadonlyMap<string, string>;
}

function toHistoryDto(
  event: HistoryEvent,
  names: HistoryNames,
  opinion: string | null,
): HistoryEventDto {
  const delegator = event.onBehalfOfId ? names.users.get(event.onBehalfOfId) : undefined;
  return {
    seq: event.seq,
    type: event.type,
    fromState: event.fromState,
    toState: event.toState,
    actor: {
      id: event.actorId,
      username: event.actorUsername,
      fullName: names.users.get(event.actorId)?.fullName ?? event.actorUsername,
      orgUnitId: event.actorOrgUnitId,
      orgUnitName: names.units.get(event.actorOrgUnitId) ?? '',
    },
    onBehalfOf: event.onBehalfOfId
      ? {
          id: event.onBehalfOfId,
          username: delegator?.username ?? '',
          fullName: delegator?.fullName ?? '',
        }
      : null,
    data: event.data,
    comment: event.comment,
    opinion,
    commandId: event.commandId,
    at: event.at,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}
