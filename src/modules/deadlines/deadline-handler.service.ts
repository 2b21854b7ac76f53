import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { escalationTargetFor } from '../../workflows/engine/escalation-target';
import { NotificationsService } from '../notifications/notifications.service';
import { OrgUnitsRepository } from '../org-units/org-units.repository';
import { OrgUnitsService } from '../org-units/org-units.service';
import { TimerNotDueError } from './deadlines.errors';
import { type LockedTask, TaskTimersRepository } from './task-timers.repository';

export type TimerOutcome = 'done' | 'skipped';

/**
 * What a reminder or an escalation does, each in one transaction under the task's row lock. Both
 * are safe to run twice and do nothing once the task is closed, so a timer that outlived its state
 * (or ran again after a crash) is harmless.
 */
@Injectable()
export class DeadlineHandler {
  private readonly logger = new Logger(DeadlineHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly orgUnits: OrgUnitsService,
    private readonly clock: Clock,
    private readonly timers: TaskTimersRepository,
    private readonly units: OrgUnitsRepository,
  ) {}

  /** Reminds the step's assignees that its deadline approaches. */
  remind(taskId: string): Promise<TimerOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const task = await this.lockOpenStep(manager, taskId);
      if (!task?.remindAt || task.remindedAt || task.overdueAt) return 'skipped';
      const now = this.clock.now();
      notBefore(task.remindAt, now);
      // Past the deadline the escalation speaks instead.
      if (task.dueAt && task.dueAt <= now) return 'skipped';
      await this.timers.markReminded(manager, task.id, now);
      await this.notifications.notify(
        manager,
        { unitId: task.assigneeUnitId, capability: task.capability },
        {
          kind: 'reminder',
          instanceId: task.instanceId,
          taskId: task.id,
          dedupeKey: `reminder:${task.id}`,
          facts: { state: task.state, dueAt: task.dueAt },
        },
      );
      return 'done';
    });
  }

  /**
   * Marks the step overdue, opens a follow-up task for the unit above (see
   * {@link escalationTargetFor}) and tells both units.
   */
  escalate(taskId: string): Promise<TimerOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const task = await this.lockOpenStep(manager, taskId);
      if (!task?.dueAt || task.overdueAt) return 'skipped';
      const now = this.clock.now();
      notBefore(task.dueAt, now);
      await this.timers.markOverdue(manager, task.id, now);

      const target = escalationTargetFor(
        task.assigneeUnitId,
        // On this transaction's connection: see OrgUnitsService.directoryIn.
        await this.orgUnits.directoryIn(manager),
      );
      const names = await this.unitNames(manager, [task.assigneeUnitId, target]);
      const facts = { state: task.state, dueAt: task.dueAt };
      let escalationTaskId: string | null = null;
      if (target && target !== task.assigneeUnitId) {
        escalationTaskId = await this.timers.openEscalation(manager, task, target, now);
        await this.notifications.notify(
          manager,
          { unitId: target, capability: null },
          {
            kind: 'escalated',
            instanceId: task.instanceId,
            taskId: escalationTaskId,
            dedupeKey: `escalated:${task.id}`,
            facts: { ...facts, otherUnitName: names.get(task.assigneeUnitId) ?? null },
          },
        );
      } else {
        this.logger.warn(`No unit above ${task.assigneeUnitId} to escalate task ${task.id} to`);
      }
      await this.notifications.notify(
        manager,
        { unitId: task.assigneeUnitId, capability: task.capability },
        {
          kind: 'overdue',
          instanceId: task.instanceId,
          taskId: task.id,
          dedupeKey: `overdue:${task.id}`,
          facts: { ...facts, otherUnitName: target ? (names.get(target) ?? null) : null },
        },
      );
      return 'done';
    });
  }

  private async lockOpenStep(manager: EntityManager, taskId: string): Promise<LockedTask | null> {
    const task = await this.timers.lock(manager, taskId);
    return task && task.status === 'open' && task.kind === 'step' ? task : null;
  }

  private unitNames(
    manager: EntityManager,
    ids: ReadonlyArray<string | null>,
  ): Promise<Map<string, string>> {
    return this.units.namesByIds(
      manager,
      ids.filter((id): id is string => id !== null),
    );
  }
}

function notBefore(at: Date, now: Date): void {
  if (at.getTime() > now.getTime()) throw new TimerNotDueError(at.getTime() - now.getTime());
}
