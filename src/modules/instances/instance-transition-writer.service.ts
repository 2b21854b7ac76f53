import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { searchableText } from '../../common/text/fold-diacritics';
import { type PlannedTask } from '../../workflows/engine/command-planner';
import { type WorkflowPosition } from '../../workflows/engine/workflow-engine';
import { HistoryService } from '../history/history.service';
import { TasksService } from '../tasks/tasks.service';
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
  ) {}

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
    const [, affected] = await manager.query<[unknown, number]>(
      `UPDATE workflow_instances
          SET state = $3, status = $4, version = $5, snapshot = $6, data = $7, history_head = $8,
              search_text = $9, definition_id = $10, definition_version = $11, updated_at = $12
        WHERE id = $1 AND version = $2`,
      [
        instance.id,
        instance.version,
        position.state,
        position.status,
        version,
        position.snapshot,
        position.context.data,
        head,
        searchableText(instance.title, position.context.data),
        definition.id,
        definition.version,
        at,
      ],
    );
    if (affected !== 1) {
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
}
