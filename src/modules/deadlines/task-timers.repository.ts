import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { JobName, type TaskTimerJob } from '../../queue/queue.constants';

/** A step's timers that should be in the queue: null for one that is not (yet, or any more). */
export interface QueueableTimers {
  id: string;
  remindAt: Date | null;
  dueAt: Date | null;
}

/** A step task under its row lock, as a reminder or an escalation sees it. */
export interface LockedTask {
  id: string;
  instanceId: string;
  state: string;
  assigneeUnitId: string;
  capability: string | null;
  status: string;
  kind: string;
  dueAt: Date | null;
  remindAt: Date | null;
  remindedAt: Date | null;
  overdueAt: Date | null;
}

interface LockedTaskRow {
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

/**
 * The SQL of deadlines: what is due, what should be queued, what was queued and is now closed, and
 * the reminder and escalation marks on `workflow_tasks`.
 */
@Injectable()
export class TaskTimersRepository {
  /**
   * Open steps with a pending timer due by `horizon` that is not yet queued (or every such timer
   * when `all`, after the queue lost its data), a page at a time by id.
   */
  async dueWithin(
    manager: EntityManager,
    horizon: Date,
    all: boolean,
    after: string,
    limit: number,
  ): Promise<QueueableTimers[]> {
    const rows = await manager.query<
      Array<{ id: string; remind_at: Date | null; due_at: Date | null }>
    >(
      `WITH candidates AS (
         SELECT id, remind_at, due_at, reminded_at,
                CASE WHEN $2::boolean THEN NULL ELSE timers_queued_through END AS queued_through
           FROM workflow_tasks
          WHERE status = 'open' AND kind = 'step' AND overdue_at IS NULL
            AND (remind_at IS NOT NULL OR due_at IS NOT NULL)
            AND LEAST(remind_at, due_at) <= $1 AND id > $3)
       SELECT id,
              CASE WHEN reminded_at IS NULL AND remind_at <= $1
                        AND (queued_through IS NULL OR remind_at > queued_through)
                   THEN remind_at END AS remind_at,
              CASE WHEN due_at <= $1 AND (queued_through IS NULL OR due_at > queued_through)
                   THEN due_at END AS due_at
         FROM candidates
        WHERE (reminded_at IS NULL AND remind_at <= $1
               AND (queued_through IS NULL OR remind_at > queued_through))
           OR (due_at <= $1 AND (queued_through IS NULL OR due_at > queued_through))
        ORDER BY id LIMIT ${Number(limit)}`,
      [horizon, all, after],
    );
    return rows.map((row) => ({ id: row.id, remindAt: row.remind_at, dueAt: row.due_at }));
  }

  /** Records that these steps' timers due by `through` are in the queue. */
  async markQueued(manager: EntityManager, ids: readonly string[], through: Date): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE workflow_tasks SET timers_queued_through = $2 WHERE id = ANY($1::uuid[])`,
      [ids, through],
    );
  }

  /** Closed steps whose timers were put in the queue, for the sweep to remove them. */
  async closedWithQueuedTimers(manager: EntityManager, limit: number): Promise<string[]> {
    const rows = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM workflow_tasks
        WHERE timers_queued_through IS NOT NULL AND status <> 'open'
        LIMIT ${Number(limit)}`,
    );
    return rows.map((row) => row.id);
  }

  async clearQueued(manager: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE workflow_tasks SET timers_queued_through = NULL WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Timers due by the clock whose effect PostgreSQL does not show yet. */
  async dueNow(
    manager: EntityManager,
    now: Date,
    limit: number,
  ): Promise<Array<{ id: string; timer: TaskTimerJob }>> {
    return manager.query<Array<{ id: string; timer: TaskTimerJob }>>(
      `(SELECT id, '${JobName.TaskReminder}' AS timer FROM workflow_tasks
         WHERE status = 'open' AND kind = 'step' AND reminded_at IS NULL AND overdue_at IS NULL
           AND remind_at <= $1 AND (due_at IS NULL OR due_at > $1)
         LIMIT ${Number(limit)})
       UNION ALL
       (SELECT id, '${JobName.TaskEscalation}' FROM workflow_tasks
         WHERE status = 'open' AND kind = 'step' AND overdue_at IS NULL AND due_at <= $1
         LIMIT ${Number(limit)})`,
      [now],
    );
  }

  /** The task under a row lock (FOR UPDATE) until the transaction ends; null when there is none. */
  async lock(manager: EntityManager, taskId: string): Promise<LockedTask | null> {
    const [row] = await manager.query<LockedTaskRow[]>(
      `SELECT id, instance_id, state, assignee_unit_id, capability, status, kind, due_at,
              remind_at, reminded_at, overdue_at
         FROM workflow_tasks WHERE id = $1 FOR UPDATE`,
      [taskId],
    );
    return row
      ? {
          id: row.id,
          instanceId: row.instance_id,
          state: row.state,
          assigneeUnitId: row.assignee_unit_id,
          capability: row.capability,
          status: row.status,
          kind: row.kind,
          dueAt: row.due_at,
          remindAt: row.remind_at,
          remindedAt: row.reminded_at,
          overdueAt: row.overdue_at,
        }
      : null;
  }

  async markReminded(manager: EntityManager, taskId: string, at: Date): Promise<void> {
    await manager.query(`UPDATE workflow_tasks SET reminded_at = $2 WHERE id = $1`, [taskId, at]);
  }

  async markOverdue(manager: EntityManager, taskId: string, at: Date): Promise<void> {
    await manager.query(`UPDATE workflow_tasks SET overdue_at = $2 WHERE id = $1`, [taskId, at]);
  }

  /**
   * Opens the escalation task of `from` for `unitId` (overdue from the start); null when it was
   * already opened (a timer run twice).
   */
  async openEscalation(
    manager: EntityManager,
    from: LockedTask,
    unitId: string,
    at: Date,
  ): Promise<string | null> {
    const [row] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO workflow_tasks (instance_id, state, assignee_unit_id, capability, status,
         due_at, created_at, kind, overdue_at, escalated_from_id)
       VALUES ($1, $2, $3, NULL, 'open', $4, $5, 'escalation', $5, $6)
       ON CONFLICT (escalated_from_id) WHERE escalated_from_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [from.instanceId, from.state, unitId, from.dueAt, at, from.id],
    );
    return row?.id ?? null;
  }
}
