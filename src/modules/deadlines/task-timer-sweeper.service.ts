import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { JobName, type TaskTimerJob } from '../../queue/queue.constants';
import { TimerQueue } from '../../queue/timer-queue.service';
import { TaskTimers } from './task-timers.service';

const BATCH = 500;

export interface TimerSweepReport {
  /** Timers re-created because Redis had lost them all (flushed, restarted without persistence). */
  recreated: number;
  /** Timers whose time had come with PostgreSQL showing them not done, made to run now. */
  fired: number;
}

/**
 * PostgreSQL is the source of truth for timers; Redis only makes them punctual. Each sweep
 * (1) rebuilds every pending timer when Redis has lost its data, found by a marker key that
 * vanishes with it, and (2) makes run now every timer whose time has come but whose effect
 * PostgreSQL does not show — a lost job, a failed one, or a clock that moved. Both are idempotent
 * by job id, so any number of processes may sweep at once.
 */
@Injectable()
export class TaskTimerSweeper {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: TimerQueue,
    private readonly timers: TaskTimers,
    private readonly clock: Clock,
  ) {}

  async sweep(): Promise<TimerSweepReport> {
    let recreated = 0;
    if (!(await this.queue.isPrimed())) {
      recreated = await this.recreateAll();
      await this.queue.markPrimed();
    }
    return { recreated, fired: await this.fireDue() };
  }

  /** Schedules the timers of every open step that still has one to come. */
  async recreateAll(): Promise<number> {
    let count = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.dataSource.query<
        Array<{ id: string; remind_at: Date | null; due_at: Date | null }>
      >(
        `SELECT id,
                CASE WHEN reminded_at IS NULL AND overdue_at IS NULL THEN remind_at END AS remind_at,
                CASE WHEN overdue_at IS NULL THEN due_at END AS due_at
           FROM workflow_tasks
          WHERE status = 'open' AND kind = 'step' AND id > $1
            AND ((remind_at IS NOT NULL AND reminded_at IS NULL AND overdue_at IS NULL)
              OR (due_at IS NOT NULL AND overdue_at IS NULL))
          ORDER BY id LIMIT ${BATCH}`,
        [after],
      );
      for (const row of rows) {
        await this.timers.schedule({ id: row.id, remindAt: row.remind_at, dueAt: row.due_at });
        count += (row.remind_at ? 1 : 0) + (row.due_at ? 1 : 0);
      }
      if (rows.length < BATCH) return count;
      after = rows[rows.length - 1].id;
    }
  }

  /** Makes run now every timer that is due by the clock and not yet done. */
  async fireDue(): Promise<number> {
    const rows = await this.dataSource.query<Array<{ id: string; timer: TaskTimerJob }>>(
      `(SELECT id, '${JobName.TaskReminder}' AS timer FROM workflow_tasks
         WHERE status = 'open' AND kind = 'step' AND reminded_at IS NULL AND overdue_at IS NULL
           AND remind_at <= $1 AND (due_at IS NULL OR due_at > $1)
         LIMIT ${BATCH})
       UNION ALL
       (SELECT id, '${JobName.TaskEscalation}' FROM workflow_tasks
         WHERE status = 'open' AND kind = 'step' AND overdue_at IS NULL AND due_at <= $1
         LIMIT ${BATCH})`,
      [this.clock.now()],
    );
    for (const { id, timer } of rows) await this.queue.fireNow(timer, id);
    return rows.length;
  }
}
