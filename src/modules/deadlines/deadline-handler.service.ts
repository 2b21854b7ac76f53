import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { escalationTargetFor } from '../../workflows/engine/escalation-target';
import { NotificationsService } from '../notifications/notifications.service';
import { OrgUnitsService } from '../org-units/org-units.service';
import { TimerNotDueError } from './deadlines.errors';

interface LockedTask {
  id: string;
  instance_id: string;
  state: string;
  assignee_unit_id: string;
  capability: string | null;
  status: string;
  kind: string;
  due_at: Date | null;
  remind_at: Date | null;
  reminded_at: Date | null;
  overdue_at: Date | null;
}

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
  ) {}

  /** Reminds the step's assignees that its deadline approaches. */
  remind(taskId: string): Promise<TimerOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const task = await this.lockOpenStep(manager, taskId);
      if (!task?.remind_at || task.reminded_at || task.overdue_at) return 'skipped';
      const now = this.clock.now();
      notBefore(task.remind_at, now);
      // Past the deadline the escalation speaks instead.
      if (task.due_at && task.due_at <= now) return 'skipped';
      await manager.query(`UPDATE workflow_tasks SET reminded_at = $2 WHERE id = $1`, [
        task.id,
        now,
      ]);
      await this.notifications.notify(
        manager,
        { unitId: task.assignee_unit_id, capability: task.capability },
        {
          kind: 'reminder',
          instanceId: task.instance_id,
          taskId: task.id,
          dedupeKey: `reminder:${task.id}`,
          facts: { state: task.state, dueAt: task.due_at },
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
      if (!task?.due_at || task.overdue_at) return 'skipped';
      const now = this.clock.now();
      notBefore(task.due_at, now);
      await manager.query(`UPDATE workflow_tasks SET overdue_at = $2 WHERE id = $1`, [
        task.id,
        now,
      ]);

      const target = escalationTargetFor(
        task.assignee_unit_id,
        // On this transaction's connection: see OrgUnitsService.directoryIn.
        await this.orgUnits.directoryIn(manager),
      );
      const names = await this.unitNames(manager, [task.assignee_unit_id, target]);
      const facts = { state: task.state, dueAt: task.due_at };
      let escalationTaskId: string | null = null;
      if (target && target !== task.assignee_unit_id) {
        const [row] = await manager.query<Array<{ id: string }>>(
          `INSERT INTO workflow_tasks (instance_id, state, assignee_unit_id, capability, status,
             due_at, created_at, kind, overdue_at, escalated_from_id)
           VALUES ($1, $2, $3, NULL, 'open', $4, $5, 'escalation', $5, $6)
           ON CONFLICT (escalated_from_id) WHERE escalated_from_id IS NOT NULL DO NOTHING
           RETURNING id`,
          [task.instance_id, task.state, target, task.due_at, now, task.id],
        );
        escalationTaskId = row?.id ?? null;
        await this.notifications.notify(
          manager,
          { unitId: target, capability: null },
          {
            kind: 'escalated',
            instanceId: task.instance_id,
            taskId: escalationTaskId,
            dedupeKey: `escalated:${task.id}`,
            facts: { ...facts, otherUnitName: names.get(task.assignee_unit_id) ?? null },
          },
        );
      } else {
        this.logger.warn(`No unit above ${task.assignee_unit_id} to escalate task ${task.id} to`);
      }
      await this.notifications.notify(
        manager,
        { unitId: task.assignee_unit_id, capability: task.capability },
        {
          kind: 'overdue',
          instanceId: task.instance_id,
          taskId: task.id,
          dedupeKey: `overdue:${task.id}`,
          facts: { ...facts, otherUnitName: target ? (names.get(target) ?? null) : null },
        },
      );
      return 'done';
    });
  }

  private async lockOpenStep(manager: EntityManager, taskId: string): Promise<LockedTask | null> {
    const [task] = await manager.query<LockedTask[]>(
      `SELECT id, instance_id, state, assignee_unit_id, capability, status, kind, due_at,
              remind_at, reminded_at, overdue_at
         FROM workflow_tasks WHERE id = $1 FOR UPDATE`,
      [taskId],
    );
    return task && task.status === 'open' && task.kind === 'step' ? task : null;
  }

  private async unitNames(
    manager: EntityManager,
    ids: ReadonlyArray<string | null>,
  ): Promise<Map<string, string>> {
    const rows = await manager.query<Array<{ id: string; name: string }>>(
      `SELECT id, name FROM org_units WHERE id = ANY($1::uuid[])`,
      [ids.filter((id): id is string => id !== null)],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

function notBefore(at: Date, now: Date): void {
  if (at.getTime() > now.getTime()) throw new TimerNotDueError(at.getTime() - now.getTime());
}
