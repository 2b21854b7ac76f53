import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type PlannedTask } from '../../workflows/engine/command-planner';
import { type TaskCause, TaskEvents } from './task-events';
import { WorkflowTask } from './workflow-task.entity';

@Injectable()
export class TasksService {
  constructor(private readonly events: TaskEvents) {}

  /** Closes the instance's open tasks and opens the one of the state it entered, in one transaction. */
  async moveTo(
    manager: EntityManager,
    instanceId: string,
    next: PlannedTask | null,
    closedBy: string,
    at: Date,
    cause: TaskCause | null = null,
  ): Promise<void> {
    const closed = await manager.query<Array<{ id: string }>>(
      `WITH closed AS (
         UPDATE workflow_tasks SET status = 'done', closed_at = $2, closed_by = $3
          WHERE instance_id = $1 AND status = 'open' RETURNING id)
       SELECT id FROM closed`,
      [instanceId, at, closedBy],
    );
    await this.events.publish(manager, {
      type: 'closed',
      instanceId,
      taskIds: closed.map((r) => r.id),
      cause,
    });
    if (next) await this.open(manager, instanceId, next, at, cause);
  }

  async open(
    manager: EntityManager,
    instanceId: string,
    task: PlannedTask,
    at: Date,
    cause: TaskCause | null = null,
  ): Promise<void> {
    const inserted = await manager.getRepository(WorkflowTask).insert({
      instanceId,
      state: task.state,
      assigneeUnitId: task.assigneeUnitId,
      capability: task.capability,
      status: 'open',
      dueAt: task.dueAt,
      remindAt: task.remindAt,
      createdAt: at,
    });
    const id = (inserted.identifiers[0] as { id: string }).id;
    await this.events.publish(manager, {
      type: 'opened',
      task: { id, instanceId, ...task },
      cause,
    });
  }

  /** Whether the unit has ever had a task on the instance (it may then read it). */
  async unitWasAssigned(
    manager: EntityManager,
    instanceId: string,
    unitId: string,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM workflow_tasks WHERE instance_id = $1 AND assignee_unit_id = $2 LIMIT 1`,
      [instanceId, unitId],
    );
    return rows.length > 0;
  }
}
