import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { CREATED_EVENT } from '../history/history-event-types';
import { type BatchWrite, type BatchWriteResult } from '../../database/batch-write';
import {
  type OpenedInBatch,
  type TaskCause,
  type OpenedTask,
  type TaskEvent,
  TaskEvents,
  type TaskEventListener,
} from '../tasks/task-events';
import { SYSTEM_USERNAME } from '../users/system-user';
import { UsersRepository } from '../users/users.repository';
import { type NotificationRequest, NotificationsService } from './notifications.service';
import { NotificationsRepository } from './notifications.repository';

/** The event that sends a document back for revision in the built-in workflows (api.md). */
const RETURN_EVENT = 'RETURN';
/** The recipient's answer in an exchange (point 2): its sender is told of each one. */
const REPLY_EVENT = 'REPLY';

/**
 * Announces every new task, in the transaction that opened it, to the officials who may act on it
 * (the unit and capability of the step) — as "returned" with the reason when the document was sent
 * back, which reaches the drafters when it goes back to the draft. Whoever caused the task is not
 * told about it, and a person creating their own draft tells nobody.
 */
@Injectable()
export class TaskNotifier implements TaskEventListener, OnModuleInit {
  constructor(
    private readonly events: TaskEvents,
    private readonly notifications: NotificationsService,
    private readonly repository: NotificationsRepository,
    private readonly users: UsersRepository,
  ) {}

  onModuleInit(): void {
    this.events.subscribe(this);
  }

  async inTransaction(manager: EntityManager, event: TaskEvent): Promise<void> {
    if (event.type === 'closed') {
      if (event.cause?.event === REPLY_EVENT)
        await this.tellSender(manager, event.instanceId, event.cause);
      return;
    }
    const item = await this.newTaskNotice(manager, event.task, event.cause);
    if (item) await this.notifications.notify(manager, item.recipients, item.request);
  }

  async stageOpened(
    manager: EntityManager,
    write: BatchWrite,
    opened: readonly OpenedInBatch[],
  ): Promise<(manager: EntityManager, result: BatchWriteResult) => void> {
    const items = [];
    for (const { task, cause, heading } of opened) {
      const item = await this.newTaskNotice(manager, task, cause);
      if (item) items.push({ ...item, heading });
    }
    return this.notifications.stageForUnits(manager, write, items);
  }

  /** What announces a new task, and to whom; null when nobody is told. */
  private async newTaskNotice(
    manager: EntityManager,
    task: OpenedTask,
    cause: TaskCause | null,
  ): Promise<{
    recipients: { unitId: string; capability: string | null; except: string[] };
    request: NotificationRequest;
  } | null> {
    if (cause?.event === CREATED_EVENT && (await this.isPerson(manager, cause.actorId)))
      return null;
    const returned = cause?.event === RETURN_EVENT;
    return {
      recipients: {
        unitId: task.assigneeUnitId,
        capability: task.capability,
        except: cause ? [cause.actorId] : [],
      },
      request: {
        kind: returned ? 'returned' : 'new-task',
        instanceId: task.instanceId,
        taskId: task.id,
        dedupeKey: `task:${task.id}`,
        facts: { state: task.state, dueAt: task.dueAt, comment: returned ? cause.comment : null },
      },
    };
  }

  /** The official who started the exchange hears of the reply, with the replying unit's name. */
  private async tellSender(
    manager: EntityManager,
    instanceId: string,
    cause: TaskCause,
  ): Promise<void> {
    const sender = await this.repository.senderOf(manager, instanceId, cause.actorId);
    if (!sender) return;
    await this.notifications.notify(
      manager,
      { userIds: [sender.userId] },
      {
        kind: 'replied',
        instanceId,
        taskId: null,
        dedupeKey: `replied:${instanceId}:${sender.replySeq}`,
        facts: {
          state: sender.state,
          dueAt: null,
          comment: cause.comment,
          otherUnitName: sender.replyingUnitName,
        },
      },
    );
  }

  private async isPerson(manager: EntityManager, userId: string): Promise<boolean> {
    const user = await this.users.findById(manager, userId);
    return user !== null && user.username !== SYSTEM_USERNAME;
  }
}
