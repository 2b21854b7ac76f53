import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AfterCommit } from '../../database/after-commit.service';
import { DomainError } from '../../common/errors/domain-error';
import {
  type CommandPlan,
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
import { InstanceTransitionWriter } from '../instances/instance-transition-writer.service';
import { InstancesRepository } from '../instances/instances.repository';
import { type WorkflowInstance } from '../instances/workflow-instance.entity';
import { OrgUnitsService } from '../org-units/org-units.service';
import { User } from '../users/user.entity';
import { CommandsRepository } from './commands.repository';
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
      return this.reject(manager, command, instance, {
        code: error.code,
        message: error.message,
        ...(error.details ? { details: [...error.details] } : {}),
        ...(Array.isArray(error.extra?.allowedEvents)
          ? { allowedEvents: error.extra.allowedEvents as string[] }
          : {}),
      });
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
    this.afterCommit.defer(manager, async () => {
      const seconds = (Date.now() - command.createdAt.getTime()) / 1000;
      this.metrics.observeCommand(instance.definitionKey, command.type, status, seconds);
    });
  }
}
