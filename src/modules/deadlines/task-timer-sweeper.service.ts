import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { TimerQueue } from '../../queue/timer-queue.service';
import { AppConfigService } from '../../config/app-config.service';
import { TaskTimersRepository } from './task-timers.repository';
import { TaskTimers } from './task-timers.service';

const BATCH = 500;

export interface TimerSweepReport {
  /** Timers re-created because the queue had lost them all (Redis flushed or restarted empty). */
  recreated: number;
  /** Timers whose time had come with PostgreSQL showing them not done, made to run now. */
  fired: number;
  /** Timers that entered the horizon since the last sweep and were put into the queue. */
  queued: number;
  /** Closed steps whose queued timers were removed. */
  cancelled: number;
}

/**
 * PostgreSQL is the source of truth for timers; the queue only makes them punctual, and holds only
 * those due within `TIMER_QUEUE_HORIZON_MS`. Each sweep (1) queues the timers that entered the
 * horizon — all of them when Redis lost its data, found by a marker key that vanishes with it —
 * (2) removes the queued timers of steps closed since, and (3) makes run now every timer whose
 * time has come but whose effect PostgreSQL does not show — a lost job, a failed one, or a clock
 * that moved. Queueing is idempotent by job id, so any number of processes may sweep at once.
 */
@Injectable()
export class TaskTimerSweeper {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: TaskTimersRepository,
    private readonly queue: TimerQueue,
    private readonly timers: TaskTimers,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
  ) {}

  async sweep(): Promise<TimerSweepReport> {
    let recreated = 0;
    let queued = 0;
    if (!(await this.queue.isPrimed())) {
      recreated = await this.queueDueSoon(true);
      await this.queue.markPrimed();
    } else {
      queued = await this.queueDueSoon(false);
    }
    const cancelled = await this.cancelClosed();
    return { recreated, fired: await this.fireDue(), queued, cancelled };
  }

  /**
   * Schedules the timers of open steps due within the horizon: those not queued yet, or every one
   * when `all`. Returns how many timers it scheduled.
   */
  async queueDueSoon(all: boolean): Promise<number> {
    const manager = this.dataSource.manager;
    const horizon = new Date(
      this.clock.now().getTime() + this.config.get('TIMER_QUEUE_HORIZON_MS'),
    );
    let count = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.repository.dueWithin(manager, horizon, all, after, BATCH);
      for (const row of rows) {
        await this.timers.schedule(row);
        count += (row.remindAt ? 1 : 0) + (row.dueAt ? 1 : 0);
      }
      // Recorded only once the jobs exist: a crash in between queues them again, harmlessly.
      await this.repository.markQueued(
        manager,
        rows.map((row) => row.id),
        horizon,
      );
      if (rows.length < BATCH) return count;
      after = rows[rows.length - 1].id;
    }
  }

  /** Removes the queued timers of closed steps (a timer that runs first finds its step closed). */
  async cancelClosed(): Promise<number> {
    const manager = this.dataSource.manager;
    let count = 0;
    for (;;) {
      const ids = await this.repository.closedWithQueuedTimers(manager, BATCH);
      for (const id of ids) await this.queue.cancel(id);
      await this.repository.clearQueued(manager, ids);
      count += ids.length;
      if (ids.length < BATCH) return count;
    }
  }

  /** Makes run now every timer that is due by the clock and not yet done. */
  async fireDue(): Promise<number> {
    const rows = await this.repository.dueNow(this.dataSource.manager, this.clock.now(), BATCH);
    for (const { id, timer } of rows) await this.queue.fireNow(timer, id);
    return rows.length;
  }
}
