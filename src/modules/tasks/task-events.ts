import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { AfterCommit } from '../../database/after-commit.service';
import { type BatchWrite, type BatchWriteResult } from '../../database/batch-write';

/** A task as it was opened, for whoever reacts to it after commit (timers, notifications). */
export interface OpenedTask {
  id: string;
  instanceId: string;
  state: string;
  assigneeUnitId: string;
  capability: string | null;
  dueAt: Date | null;
  remindAt: Date | null;
}

/** What moved the instance: the command's event, its actor and comment. */
export interface TaskCause {
  event: string;
  actorId: string;
  comment: string | null;
}

export type TaskEvent =
  | { type: 'opened'; task: OpenedTask; cause: TaskCause | null }
  | {
      type: 'closed';
      instanceId: string;
      taskIds: readonly string[];
      /** What closed them, when a command did (a reply is told to the sender from here). */
      cause?: TaskCause | null;
    };

/**
 * Reacts to task changes: `inTransaction` as part of the transaction that wrote them (what must be
 * exactly as durable as the task, e.g. an in-app notification); `afterCommit` once it committed
 * (what lives outside PostgreSQL, e.g. a timer in Redis), best-effort.
 */
export interface TaskEventListener {
  inTransaction?(manager: EntityManager, event: TaskEvent): Promise<void>;
  afterCommit?(event: TaskEvent): Promise<void>;
  /**
   * Instead of `inTransaction` for tasks opened by a batch: adds its writes to the batch's one
   * statement; the returned function runs once the batch has.
   */
  stageOpened?(
    manager: EntityManager,
    write: BatchWrite,
    opened: readonly OpenedInBatch[],
  ): Promise<(manager: EntityManager, result: BatchWriteResult) => void>;
}

/** A task a batch opens, with the heading of its instance (which the batch holds in memory). */
export interface OpenedInBatch {
  task: OpenedTask;
  cause: TaskCause | null;
  heading: { title: string; definitionId: string };
}

/**
 * Tells listeners about opened and closed tasks, so nothing outside PostgreSQL (a timer, an email)
 * ever refers to a task that rolled back.
 */
@Injectable()
export class TaskEvents {
  private readonly listeners: TaskEventListener[] = [];

  constructor(private readonly afterCommit: AfterCommit) {}

  subscribe(listener: TaskEventListener): void {
    if (!this.listeners.includes(listener)) this.listeners.push(listener);
  }

  async publish(
    manager: EntityManager,
    event: TaskEvent,
    staged: readonly TaskEventListener[] = [],
  ): Promise<void> {
    if (event.type === 'closed' && event.taskIds.length === 0) return;
    for (const listener of this.listeners) {
      if (!staged.includes(listener)) await listener.inTransaction?.(manager, event);
    }
    this.afterCommit.defer(manager, async () => {
      await Promise.all(
        this.listeners.map((listener) => listener.afterCommit?.(event) ?? Promise.resolve()),
      );
    });
  }

  /**
   * {@link publish} of tasks a batch opens: listeners that can add their writes to the batch's
   * statement do; the returned function, run after the batch, tells the others as publish would.
   */
  async stageOpened(
    manager: EntityManager,
    write: BatchWrite,
    opened: readonly OpenedInBatch[],
  ): Promise<(manager: EntityManager, result: BatchWriteResult) => Promise<void>> {
    const staged: TaskEventListener[] = [];
    const finishers: Array<(manager: EntityManager, result: BatchWriteResult) => void> = [];
    for (const listener of this.listeners) {
      if (!listener.stageOpened) continue;
      staged.push(listener);
      finishers.push(await listener.stageOpened(manager, write, opened));
    }
    return async (runManager, result) => {
      for (const finish of finishers) finish(runManager, result);
      for (const { task, cause } of opened) {
        await this.publish(runManager, { type: 'opened', task, cause }, staged);
      }
    };
  }
}
