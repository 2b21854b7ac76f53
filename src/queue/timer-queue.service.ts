import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import {
  type IQueueBackend,
  type JobsOptions,
  Queue,
  type RedisClient,
  RedisQueueBackend,
} from 'bullmq';
import {
  JobName,
  type OpenPeriodicReportPayload,
  PERIODIC_REPORT_SCHEDULER_ID,
  type TaskTimerJob,
  type TaskTimerPayload,
  TIMERS_QUEUE,
} from './queue.constants';

type TimerPayload = TaskTimerPayload | OpenPeriodicReportPayload;

const TIMER_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 1000 },
  // PostgreSQL records what a timer did (reminded_at, overdue_at), so finished jobs can go: the
  // sweeper re-creates from there whatever Redis no longer has.
  removeOnComplete: true,
  removeOnFail: true,
};

/**
 * The one producer of timer jobs. A task's reminder and escalation have deterministic ids
 * (`reminder-<task id>`, `escalation-<task id>`; BullMQ refuses ':' in custom ids), so scheduling
 * one that exists is a no-op and any number of processes may re-create them.
 */
@Injectable()
export class TimerQueue {
  constructor(@InjectQueue(TIMERS_QUEUE) private readonly queue: Queue<TimerPayload>) {}

  static jobId(name: TaskTimerJob, taskId: string): string {
    return `${name === JobName.TaskReminder ? 'reminder' : 'escalation'}-${taskId}`;
  }

  /** Schedules the timer to fire `delayMs` from now (at once when not positive). */
  async schedule(name: TaskTimerJob, taskId: string, delayMs: number): Promise<void> {
    await this.queue.add(
      name,
      { taskId },
      { ...TIMER_JOB_OPTIONS, jobId: TimerQueue.jobId(name, taskId), delay: Math.max(0, delayMs) },
    );
  }

  /**
   * Makes the timer run now: promotes it if it waits in the delayed set, re-creates it if Redis
   * lost it or kept a finished copy, leaves it alone if it is already waiting or running.
   */
  async fireNow(name: TaskTimerJob, taskId: string): Promise<void> {
    const job = await this.queue.getJob(TimerQueue.jobId(name, taskId));
    if (job) {
      const state = await job.getState();
      if (state === 'delayed') {
        await job.promote().catch(() => undefined); // it may have become due meanwhile
        return;
      }
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
      await job.remove().catch(() => undefined);
    }
    await this.schedule(name, taskId, 0);
  }

  /** Removes a closed task's timers; one already running finds the task closed and does nothing. */
  async cancel(taskId: string): Promise<void> {
    for (const name of [JobName.TaskReminder, JobName.TaskEscalation] as const) {
      await this.queue.remove(TimerQueue.jobId(name, taskId)).catch(() => 0);
    }
  }

  /** The timer's state in Redis, or null when Redis has no such job. */
  async state(name: TaskTimerJob, taskId: string): Promise<string | null> {
    const job = await this.queue.getJob(TimerQueue.jobId(name, taskId));
    return job ? job.getState() : null;
  }

  /**
   * Whether Redis still holds what this process's sweeps put there: a marker key that vanishes
   * with a flush or a restart without persistence, telling the sweeper to rebuild every timer.
   */
  async isPrimed(): Promise<boolean> {
    const client = await this.redisClient();
    // PostgreSQL backend: the queue's tables live in the product's database and cannot be lost
    // apart from it.
    if (!client) return true;
    return (await client.hexists(this.primedKey(), 'at')) === 1;
  }

  async markPrimed(): Promise<void> {
    const client = await this.redisClient();
    await client?.hset(this.primedKey(), { at: new Date().toISOString() });
  }

  /** The raw Redis client of the Redis backend; null on the PostgreSQL one. */
  private async redisClient(): Promise<RedisClient | null> {
    const backend = this.queue.getBackend() as IQueueBackend;
    return backend instanceof RedisQueueBackend ? backend.client : null;
  }

  /** Creates or updates the job scheduler that opens the periodic report (idempotent). */
  async upsertPeriodicReportScheduler(pattern: string, tz: string): Promise<void> {
    await this.queue.upsertJobScheduler(
      PERIODIC_REPORT_SCHEDULER_ID,
      { pattern, tz },
      { name: JobName.OpenPeriodicReport, data: {}, opts: TIMER_JOB_OPTIONS },
    );
  }

  /** The scheduler's cron pattern as Redis holds it, or null when Redis lost it. */
  async periodicReportSchedulerPattern(): Promise<string | null> {
    const scheduler = await this.queue.getJobScheduler(PERIODIC_REPORT_SCHEDULER_ID);
    return scheduler?.pattern ?? null;
  }

  private primedKey(): string {
    return `${this.queue.qualifiedName}:primed`;
  }
}
