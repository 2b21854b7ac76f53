import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { CREATED_EVENT } from '../history/history-event-types';
import { type TaskEvent, TaskEvents, type TaskEventListener } from '../tasks/task-events';
import { SYSTEM_USERNAME } from '../users/system-user';
import { UsersRepository } from '../users/users.repository';
import { NotificationsService } from './notifications.service';

/** The event that sends a document back for revision in the built-in workflows (api.md). */
const RETURN_EVENT = 'RETURN';

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
    private readonly users: UsersRepository,
  ) {}

  onModuleInit(): void {
    this.events.subscribe(this);
  }

  async inTransaction(manager: EntityManager, event: TaskEvent): Promise<void> {
    if (event.type !== 'opened') return;
    const { task, cause } = event;
    if (cause?.event === CREATED_EVENT && (await this.isPerson(manager, cause.actorId))) return;
    const returned = cause?.event === RETURN_EVENT;
    await this.notifications.notify(
      manager,
      {
        unitId: task.assigneeUnitId,
        capability: task.capability,
        except: cause ? [cause.actorId] : [],
      },
      {
        kind: returned ? 'returned' : 'new-task',
        instanceId: task.instanceId,
        taskId: task.id,
        dedupeKey: `task:${task.id}`,
        facts: { state: task.state, dueAt: task.dueAt, comment: returned ? cause.comment : null },
      },
    );
  }

  private async isPerson(manager: EntityManager, userId: string): Promise<boolean> {
    const user = await this.users.findById(manager, userId);
    return user !== null && user.username !== SYSTEM_USERNAME;
  }
}
