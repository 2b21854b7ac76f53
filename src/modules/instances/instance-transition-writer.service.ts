import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type BatchWrite, type BatchWriteResult } from '../../database/batch-write';
import { DomainError } from '../../common/errors/domain-error';
import { type PlannedTask } from '../../workflows/engine/command-planner';
import { type WorkflowPosition } from '../../workflows/engine/workflow-engine';
import { DigestsService } from '../heavy-work/digests.service';
import { GENESIS_HASH } from '../history/hash-chain';
import { CREATED_EVENT } from '../history/history-event-types';
import { HistoryService } from '../history/history.service';
import { TasksService } from '../tasks/tasks.service';
import { InstancesRepository } from './instances.repository';
import { type WorkflowInstance } from './workflow-instance.entity';
import { type JsonObject } from '../../common/json/json.types';

/** One step of an instance to write: a command applied, or a move onto another version. */
export interface InstanceTransition {
  /** The history event type (`APPROVE`, `MIGRATED`...). */
  type: string;
  fromState: string;
  position: WorkflowPosition;
  /** Who must act in the new state. */
  task: PlannedTask | null;
  actor: { id: string; username: string; orgUnitId: string };
  /** The delegator the actor acted for, if any. */
  onBehalfOfId?: string | null;
  /** The history event's data and comment. */
  data: JsonObject | null;
  comment: string | null;
  commandId: string | null;
  /** The definition version the instance runs on afterwards, when it changes. */
  definition?: { id: string; version: number };
}

/**
 * Writes a transition of an instance the caller has locked (`SELECT ... FOR NO KEY UPDATE`) inside the
 * caller's transaction: the hash-chained history event, the instance row (one version up) and its
 * tasks, together. The one place that does, so every way an instance moves is recorded alike.
 */
@Injectable()
export class InstanceTransitionWriter {
  constructor(
    private readonly history: HistoryService,
    private readonly tasks: TasksService,
    private readonly instances: InstancesRepository,
    private readonly digests: DigestsService,
  ) {}

  /**
   * Writes a new instance in the caller's transaction: the row (version 1), its first chained
   * history event (`CREATED`) and its first task.
   * @returns the new instance's id
   */
  async create(
    manager: EntityManager,
    start: {
      definition: { id: string; key: string; version: number };
      orgUnitId: string;
      title: string;
      position: WorkflowPosition;
      task: PlannedTask | null;
      actor: { id: string; username: string; orgUnitId: string };
    },
    at: Date,
  ): Promise<string> {
    const { position, actor } = start;
    const title = start.title.trim();
    const id = await this.instances.insert(manager, {
      definitionId: start.definition.id,
      definitionKey: start.definition.key,
      definitionVersion: start.definition.version,
      orgUnitId: start.orgUnitId,
      title,
      state: position.state,
      status: position.status,
      snapshot: position.snapshot,
      data: position.context.data,
      historyHead: GENESIS_HASH,
      searchText: await this.digests.searchableText(title, position.context.data),
      createdBy: actor.id,
      at,
    });
    const head = await this.history.append(manager, {
      instanceId: id,
      seq: 1,
      prevHash: GENESIS_HASH,
      type: CREATED_EVENT,
      fromState: null,
      toState: position.state,
      actor,
      data: position.context.data,
      comment: null,
      commandId: null,
      at,
    });
    await this.instances.setFirstHead(manager, id, head);
    if (start.task) {
      await this.tasks.open(manager, id, start.task, at, {
        event: CREATED_EVENT,
        actorId: actor.id,
        comment: null,
      });
    }
    return id;
  }

  /** @returns the instance's new version */
  async write(
    manager: EntityManager,
    instance: WorkflowInstance,
    transition: InstanceTransition,
    at: Date,
  ): Promise<number> {
    const { position } = transition;
    const version = instance.version + 1;
    const head = await this.history.append(manager, {
      instanceId: instance.id,
      seq: version,
      prevHash: instance.historyHead,
      type: transition.type,
      fromState: transition.fromState,
      toState: position.state,
      actor: transition.actor,
      onBehalfOfId: transition.onBehalfOfId ?? null,
      data: transition.data,
      comment: transition.comment,
      commandId: transition.commandId,
      at,
    });
    const definition = transition.definition ?? {
      id: instance.definitionId,
      version: instance.definitionVersion,
    };
    // The version check is the lock's belt and braces: a writer that forgot the lock fails here.
    const written = await this.instances.writeStep(manager, {
      id: instance.id,
      fromVersion: instance.version,
      state: position.state,
      status: position.status,
      snapshot: position.snapshot,
      data: position.context.data,
      historyHead: head,
      searchText: await this.digests.searchableText(instance.title, position.context.data),
      definitionId: definition.id,
      definitionVersion: definition.version,
      at,
    });
    if (!written) {
      throw new DomainError(
        'conflict',
        `Instance ${instance.id} is no longer at version ${instance.version}`,
      );
    }
    await this.tasks.moveTo(manager, instance.id, transition.task, transition.actor.id, at, {
      event: transition.type,
      actorId: transition.actor.id,
      comment: transition.comment,
    });
    return version;
  }

  /**
   * {@link write} of many locked instances, one transition each, added to a batch write: the
   * chained events, the instance rows and the tasks go out in the batch's one statement. The
   * returned `afterRun` checks every instance was still at its version (else the batch must roll
   * back) and tells the task listeners.
   */
  async stageMany(
    manager: EntityManager,
    write: BatchWrite,
    steps: ReadonlyArray<{ instance: WorkflowInstance; transition: InstanceTransition }>,
    at: Date,
  ): Promise<(manager: EntityManager, result: BatchWriteResult) => Promise<void>> {
    const heads = await this.history.appendPart(
      write,
      steps.map(({ instance, transition }) => ({
        instanceId: instance.id,
        seq: instance.version + 1,
        prevHash: instance.historyHead,
        type: transition.type,
        fromState: transition.fromState,
        toState: transition.position.state,
        actor: transition.actor,
        onBehalfOfId: transition.onBehalfOfId ?? null,
        data: transition.data,
        comment: transition.comment,
        commandId: transition.commandId,
        at,
      })),
    );
    const rows = await Promise.all(
      steps.map(async ({ instance, transition }, index) => {
        const { position } = transition;
        const definition = transition.definition ?? {
          id: instance.definitionId,
          version: instance.definitionVersion,
        };
        return {
          id: instance.id,
          fromVersion: instance.version,
          state: position.state,
          status: position.status,
          snapshot: position.snapshot,
          data: position.context.data,
          historyHead: heads[index],
          searchText: await this.digests.searchableText(instance.title, position.context.data),
          definitionId: definition.id,
          definitionVersion: definition.version,
          at,
        };
      }),
    );
    if (rows.length > 0) this.instances.writeStepsPart(write, rows);
    const publishTasks = await this.tasks.stageMoves(
      manager,
      write,
      steps.map(({ instance, transition }) => ({
        instanceId: instance.id,
        next: transition.task,
        closedBy: transition.actor.id,
        at,
        cause: {
          event: transition.type,
          actorId: transition.actor.id,
          comment: transition.comment,
        },
        heading: { title: instance.title, definitionId: instance.definitionId },
      })),
    );
    return async (runManager, result) => {
      const written = new Set((result.get('instances') ?? []).map((row) => row.id as string));
      const stale = steps.find(({ instance }) => !written.has(instance.id));
      if (stale) {
        throw new DomainError(
          'conflict',
          `Instance ${stale.instance.id} is no longer at version ${stale.instance.version}`,
        );
      }
      await publishTasks(runManager, result);
    };
  }
}
