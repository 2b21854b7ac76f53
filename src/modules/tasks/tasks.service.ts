import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type PlannedTask } from '../../workflows/engine/command-planner';
import { type TaskCause, TaskEvents } from './task-events';
import { TasksRepository } from './tasks.repository';

@Injectable()
export class TasksService {
  constructor(
    private readonly events: TaskEvents,
    private readonly repository: TasksRepository,
  ) {}

  /** Closes the instance's open tasks and opens the one of the state it entered, in one transaction. */
  async moveTo(
    manager: EntityManager,
    instanceId: string,
    next: PlannedTask | null,
    closedBy: string,
    at: Date,
    cause: TaskCause | null = null,
  ): Promise<void> {
    const taskIds = await this.repository.closeOpen(manager, instanceId, closedBy, at);
    await this.events.publish(manager, { type: 'closed', instanceId, taskIds, cause });
    if (next) await this.open(manager, instanceId, next, at, cause);
  }

  async open(
    manager: EntityManager,
    instanceId: string,
    task: PlannedTask,
    at: Date,
    cause: TaskCause | null = null,
  ): Promise<void> {
    const id = await this.repository.insertOpen(manager, {
      instanceId,
      state: task.state,
      assigneeUnitId: task.assigneeUnitId,
      capability: task.capability,
      dueAt: task.dueAt,
      remindAt: task.remindAt,
      createdAt: at,
    });
    await this.events.publish(manager, {
      type: 'opened',
      task: { id, instanceId, ...task },
      cause,
    });
  }

  /** Whether the unit has ever had a task on the instance (it may then read it). */
  unitWasAssigned(manager: EntityManager, instanceId: string, unitId: string): Promise<boolean> {
    return this.repository.unitWasAssigned(manager, instanceId, unitId);
  }

  /** Whether the unit has ever had a step of the instance (a follow-up copy does not count). */
  unitHadStep(manager: EntityManager, instanceId: string, unitId: string): Promise<boolean> {
    return this.repository.unitHadStep(manager, instanceId, unitId);
  }
}
