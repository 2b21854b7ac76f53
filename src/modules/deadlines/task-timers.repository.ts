import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { JobName, type TaskTimerJob } from '../../queue/queue.constants';

/** A step's timers that should be in the queue: null for one that is not (yet, or any more). */
export interface QueueableTimers {
  id: string;
  remindAt: Date | null;
  dueAt: Date | null;
}

/** The SQL of deadlines: what is due, what should be queued, what was queued and is now closed. */
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
}
