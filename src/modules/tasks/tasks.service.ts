import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type EntityManager } from 'typeorm';
import { type BatchWrite, type BatchWriteResult } from '../../database/batch-write';
import { type PlannedTask } from '../../workflows/engine/command-planner';
import { type OpenedInBatch, type TaskCause, TaskEvents } from './task-events';
import { TasksRepository } from './tasks.repository';

/** One instance's {@link TasksService.moveTo}, for a batch. */
export interface TaskMove {
  instanceId: string;
  next: PlannedTask | null;
  closedBy: string;
  at: Date;
  cause: TaskCause | null;
  /** The instance's title and definition, for the listeners of an opened task. */
  heading: { title: string; definitionId: string };
}

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

  /**
   * {@link moveTo} of many instances (one move each) added to a batch write. The returned function
   * tells the listeners, in the transaction, once the batch has run — as moveTo does for one.
   */
  async stageMoves(
    manager: EntityManager,
    write: BatchWrite,
    moves: readonly TaskMove[],
  ): Promise<(manager: EntityManager, result: BatchWriteResult) => Promise<void>> {
    if (moves.length === 0) return () => Promise.resolve();
    this.repository.closeOpenPart(write, moves);
    const opened: Array<OpenedInBatch & { at: Date }> = [];
    for (const move of moves) {
      if (move.next) {
        // Chosen here so the listeners can name the task in the same statement that inserts it.
        const task = { id: randomUUID(), instanceId: move.instanceId, ...move.next };
        opened.push({ task, cause: move.cause, heading: move.heading, at: move.at });
      }
    }
    if (opened.length > 0) {
      this.repository.insertOpenPart(
        write,
        opened.map(({ task, at }) => ({ ...task, createdAt: at })),
      );
    }
    const tellOpened = await this.events.stageOpened(manager, write, opened);
    return async (runManager, result) => {
      const closed = (result.get('closed_tasks') ?? []) as Array<{
        id: string;
        instanceId: string;
      }>;
      for (const move of moves) {
        const taskIds = closed.filter((t) => t.instanceId === move.instanceId).map((t) => t.id);
        await this.events.publish(runManager, {
          type: 'closed',
          instanceId: move.instanceId,
          taskIds,
          cause: move.cause,
        });
      }
      await tellOpened(runManager, result);
    };
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
