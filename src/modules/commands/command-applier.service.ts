import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AfterCommit } from '../../database/after-commit.service';
import { DomainError } from '../../common/errors/domain-error';
import { BatchWrite } from '../../database/batch-write';
import {
  type DocumentSpec,
  type WorkflowDefinitionDocument,
} from '../../workflows/engine/definition.types';
import {
  type CommandPlan,
  type StepActors,
  fourEyesSteps,
  planCommand,
} from '../../workflows/engine/command-planner';
import { CopiesService } from '../copies/copies.service';
import { DefinitionsService } from '../definitions/definitions.service';
import { DelegationsService } from '../delegations/delegations.service';
import { DocumentsService } from '../documents/documents.service';
import { type PromulgatedDocument } from '../documents/promulgated-document';
import { DraftsService } from '../drafts/drafts.service';
import { HistoryService } from '../history/history.service';
import { AppMetrics } from '../metrics/app-metrics.service';
import {
  type InstanceTransition,
  InstanceTransitionWriter,
} from '../instances/instance-transition-writer.service';
import { InstancesRepository } from '../instances/instances.repository';
import { type WorkflowInstance } from '../instances/workflow-instance.entity';
import { OrgUnitsService } from '../org-units/org-units.service';
import { User } from '../users/user.entity';
import { CommandsRepository, type LockedCommand } from './commands.repository';
import { type CommandRejection, type WorkflowCommand } from './workflow-command.entity';
import { HolidaysService } from '../holidays/holidays.service';
import { type JsonObject } from '../../common/json/json.types';

/**
 * The worker's side of the pipeline. Each command is decided under its instance's row lock, in
 * one transaction that writes the snapshot, the history event, the tasks (through
 * {@link InstanceTransitionWriter}) and the outcome — so a
 * re-delivered job finds the command no longer pending and does nothing.
 */
@Injectable()
export class CommandApplier {
  private readonly logger = new Logger(CommandApplier.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly definitions: DefinitionsService,
    private readonly orgUnits: OrgUnitsService,
    private readonly writer: InstanceTransitionWriter,
    private readonly clock: Clock,
    private readonly delegations: DelegationsService,
    private readonly drafts: DraftsService,
    private readonly history: HistoryService,
    private readonly holidays: HolidaysService,
    private readonly documents: DocumentsService,
    private readonly copies: CopiesService,
    private readonly afterCommit: AfterCommit,
    private readonly metrics: AppMetrics,
    private readonly commands: CommandsRepository,
    private readonly instances: InstancesRepository,
  ) {}

  /**
   * Applies the command, first applying any older pending command of the same instance: BullMQ has
   * no per-key ordering, so order comes from the commands' sequence in PostgreSQL.
   */
  async apply(commandId: string): Promise<void> {
    for (;;) {
      const finished = await this.dataSource.transaction(async (manager) => {
        const command = await this.commands.findById(manager, commandId);
        if (!command || command.status !== 'pending') return true;
        // FOR NO KEY UPDATE: does not block the API recording new commands on the instance.
        const instance = await this.instances.lockForWrite(manager, command.instanceId);
        if (!instance) throw new Error(`Instance ${command.instanceId} of a command vanished`);
        // Read under the lock: while this job waited for it, another job may have decided this
        // command (it applies older commands first), and then nothing may be pending any more.
        const oldest = await this.commands.oldestPending(manager, instance.id);
        if (!oldest) return true;
        await this.decide(manager, instance, oldest);
        return oldest.id === commandId;
      });
      if (finished) return;
    }
  }

  /**
   * Applies a batch of commands (ids from the queue), in as few transactions as per-instance
   * order allows: each round locks the instances of the commands still pending and decides the
   * oldest pending command of each, so a command whose older sibling is pending waits for a later
   * round, as {@link apply} would apply the sibling first. A round that fails rolls back whole and
   * its commands are applied one at a time, so one bad command cannot fail the others.
   * @returns the error of each command that could not be applied (its job then fails and retries)
   */
  async applyBatch(commandIds: readonly string[]): Promise<Map<string, unknown>> {
    const failures = new Map<string, unknown>();
    let waiting = [...new Set(commandIds)];
    while (waiting.length > 0) {
      try {
        waiting = await this.dataSource.transaction((manager) => this.applyRound(manager, waiting));
      } catch (error) {
        this.logger.warn(
          `A batch of ${waiting.length} command(s) failed (${(error as Error).message}); applying them one at a time`,
        );
        for (const id of waiting) {
          try {
            await this.apply(id);
          } catch (error) {
            failures.set(id, error);
          }
        }
        break;
      }
    }
    return failures;
  }

  /**
   * One batch transaction: one statement locks the instances and one reads under those locks,
   * planning is in memory, one statement writes history, instances, tasks, drafts and outcomes with their notifications. The task
   * listeners' writes (in-app notifications), copies and a promulgation add statements of their own.
   * @returns the ids of `commandIds` still pending, behind an older command of their instance
   */
  private async applyRound(
    manager: EntityManager,
    commandIds: readonly string[],
  ): Promise<string[]> {
    await this.commands.lockInstancesOf(manager, commandIds);
    // Read and decided after the locks were granted, as the one-command path does: a delegation
    // that ended, or an event written, while this batch waited is seen; the history's `at` never
    // precedes the event of the transaction this one waited on.
    const now = this.clock.now();
    const pending = await this.commands.lockPending(manager, commandIds, now);
    // The oldest pending command of each instance is decided now; the rest wait for a later round.
    const oldest = new Map<string, LockedCommand>();
    for (const row of pending) {
      if (!oldest.has(row.instance.id)) oldest.set(row.instance.id, row);
    }
    const chosen = new Set([...oldest.values()].map((row) => row.command.id));
    const later = commandIds.filter(
      (id) => !chosen.has(id) && pending.some((row) => row.command.id === id),
    );

    const write = new BatchWrite();
    const outcomes: BatchOutcome[] = [];
    const steps: Array<{ instance: WorkflowInstance; transition: InstanceTransition }> = [];
    const drafts: Array<{ userId: string; instanceId: string; eventType: string }> = [];
    // What the batch statement cannot carry (a promulgation, copies) goes the one-command way.
    const alone: LockedCommand[] = [];
    for (const locked of oldest.values()) {
      const decision = await this.plan(manager, locked, now);
      const { command, instance } = locked;
      if ('rejection' in decision) {
        outcomes.push({
          locked,
          status: 'rejected',
          instanceVersion: instance.version,
          rejection: decision.rejection,
        });
        continue;
      }
      const { plan, actor, spec } = decision;
      if (
        plan.copies.length > 0 ||
        (spec && plan.applied.state === spec.onState && plan.applied.fromState !== spec.onState)
      ) {
        alone.push(locked);
        continue;
      }
      steps.push({
        instance,
        transition: {
          type: command.type,
          fromState: plan.applied.fromState,
          position: plan.applied,
          task: plan.task,
          actor,
          onBehalfOfId: plan.onBehalfOfId,
          data: command.data,
          comment: command.comment,
          commandId: command.id,
        },
      });
      drafts.push({ userId: actor.id, instanceId: instance.id, eventType: command.type });
      outcomes.push({
        locked,
        status: 'applied',
        instanceVersion: instance.version + 1,
        rejection: null,
      });
    }

    const afterRun = await this.writer.stageMany(manager, write, steps, now);
    this.drafts.discardPart(write, drafts);
    if (outcomes.length > 0) {
      this.commands.recordOutcomesPart(
        write,
        outcomes.map((o) => ({
          id: o.locked.command.id,
          status: o.status,
          instanceVersion: o.instanceVersion,
          rejection: o.rejection,
          at: now,
        })),
      );
    }
    const result = await write.run(manager);
    await afterRun(manager, result);
    if ((result.get('outcomes') ?? []).length !== outcomes.length) {
      throw new Error('A command of the batch was decided elsewhere meanwhile');
    }
    for (const { locked, status } of outcomes) this.observe(manager, locked, status);
    for (const { instance, command } of alone) await this.decide(manager, instance, command);
    return later;
  }

  /** What {@link decide} decides before writing, from the batch read: a rejection, or the plan. */
  private async plan(
    manager: EntityManager,
    locked: LockedCommand,
    now: Date,
  ): Promise<
    | { rejection: CommandRejection }
    | {
        plan: CommandPlan;
        actor: NonNullable<LockedCommand['actor']>;
        spec: DocumentSpec | undefined;
      }
  > {
    const { command, instance, actor, delegators } = locked;
    if (!actor) {
      return {
        rejection: { code: 'forbidden', message: 'The acting user is unknown or deactivated' },
      };
    }
    if (command.expectedVersion !== null && command.expectedVersion !== instance.version) {
      return {
        rejection: {
          code: 'conflict',
          message: `The instance is at version ${instance.version}, not ${command.expectedVersion}: someone acted first`,
        },
      };
    }
    const definition = await this.definitions.runnableIn(manager, instance.definitionId);
    try {
      const plan = planCommand(
        definition,
        {
          ...instance,
          stepActors: this.stepActorsOf(locked, definition.document),
        },
        this.delegations.actorFactsFrom(actor, delegators),
        command,
        await this.orgUnits.directoryIn(manager),
        now,
        await this.holidays.calendarIn(manager),
      );
      return { plan, actor, spec: definition.document.document };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { rejection: rejectionOf(error) };
    }
  }

  /** The four-eyes actors the instance's state needs, from the batch read (taken under the locks). */
  private stepActorsOf(
    { instance, stepActors }: LockedCommand,
    document: WorkflowDefinitionDocument,
  ): StepActors | undefined {
    return fourEyesSteps(document, instance.state).length === 0 ? undefined : stepActors;
  }

  private async decide(
    manager: EntityManager,
    instance: WorkflowInstance,
    command: WorkflowCommand,
  ): Promise<void> {
    const actor = await manager.findOneBy(User, { id: command.actorId, active: true });
    if (!actor) {
      return this.reject(manager, command, instance, {
        code: 'forbidden',
        message: 'The acting user is unknown or deactivated',
      });
    }
    if (command.expectedVersion !== null && command.expectedVersion !== instance.version) {
      return this.reject(manager, command, instance, {
        code: 'conflict',
        message: `The instance is at version ${instance.version}, not ${command.expectedVersion}: someone acted first`,
      });
    }
    // Read on this transaction's connection when not cached (see OrgUnitsService.directoryIn): a
    // second pooled connection asked for while holding this one can deadlock a busy worker.
    const definition = await this.definitions.runnableIn(manager, instance.definitionId);
    const now = this.clock.now();
    let plan: CommandPlan;
    try {
      plan = planCommand(
        definition,
        {
          ...instance,
          // Under the lock: nobody can act in these steps between this read and the write.
          stepActors: await this.history.stepActors(
            manager,
            instance.id,
            fourEyesSteps(definition.document, instance.state),
          ),
        },
        // Delegations as they stand now, under the lock: one that ended since the API's pre-check
        // no longer counts.
        await this.delegations.actorFactsIn(manager, actor, now),
        command,
        await this.orgUnits.directoryIn(manager),
        now,
        // On this transaction's connection when not cached, as the directory above.
        await this.holidays.calendarIn(manager),
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.reject(manager, command, instance, rejectionOf(error));
    }

    // Entering the promulgating state numbers the document, in this transaction.
    const spec = definition.document.document;
    let document: PromulgatedDocument | null = null;
    if (spec && plan.applied.state === spec.onState && plan.applied.fromState !== spec.onState) {
      try {
        document = await this.documents.promulgate(
          manager,
          instance,
          spec,
          actor,
          await this.orgUnits.directoryIn(manager),
          now,
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return this.reject(manager, command, instance, {
          code: error.code,
          message: error.message,
          ...(error.details ? { details: [...error.details] } : {}),
        });
      }
    }

    const version = await this.writer.write(
      manager,
      instance,
      {
        type: command.type,
        fromState: plan.applied.fromState,
        position: plan.applied,
        task: plan.task,
        actor,
        onBehalfOfId: plan.onBehalfOfId,
        data: document
          ? { ...(command.data ?? {}), document: document as unknown as JsonObject }
          : command.data,
        comment: command.comment,
        commandId: command.id,
      },
      now,
    );
    if (document) {
      await this.instances.setDocument(manager, instance.id, document);
    }
    // The state entered sends its copies (nơi nhận) in the same transaction as the move.
    await this.copies.send(
      manager,
      {
        instanceId: instance.id,
        unitIds: plan.copies,
        state: plan.applied.state,
        sender: actor,
      },
      now,
    );
    await this.drafts.discard(manager, actor.id, instance.id, command.type);
    await this.finish(manager, command, instance, 'applied', version, null, now);
  }

  private async reject(
    manager: EntityManager,
    command: WorkflowCommand,
    instance: WorkflowInstance,
    rejection: CommandRejection,
  ): Promise<void> {
    await this.finish(
      manager,
      command,
      instance,
      'rejected',
      instance.version,
      rejection,
      this.clock.now(),
    );
  }

  private async finish(
    manager: EntityManager,
    command: WorkflowCommand,
    instance: WorkflowInstance,
    status: 'applied' | 'rejected',
    instanceVersion: number,
    rejection: CommandRejection | null,
    at: Date,
  ): Promise<void> {
    // One round trip: the outcome and its notification (delivered at commit, carrying the outcome).
    await this.commands.recordOutcome(manager, command.id, status, instanceVersion, rejection, at);
    this.observe(manager, { command, instance }, status);
  }

  private observe(
    manager: EntityManager,
    { command, instance }: Pick<LockedCommand, 'command' | 'instance'>,
    status: 'applied' | 'rejected',
  ): void {
    this.afterCommit.defer(manager, async () => {
      const seconds = (Date.now() - command.createdAt.getTime()) / 1000;
      this.metrics.observeCommand(instance.definitionKey, command.type, status, seconds);
    });
  }
}

/** A decided command of a batch round, before its outcome is written. */
interface BatchOutcome {
  locked: LockedCommand;
  status: 'applied' | 'rejected';
  instanceVersion: number;
  rejection: CommandRejection | null;
}

function rejectionOf(error: DomainError): CommandRejection {
  return {
    code: error.code,
    message: error.message,
    ...(error.details ? { details: [...error.details] } : {}),
    ...(Array.isArray(error.extra?.allowedEvents)
      ? { allowedEvents: error.extra.allowedEvents as string[] }
      : {}),
  };
}
