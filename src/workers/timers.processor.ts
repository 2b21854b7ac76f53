import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { TimerNotDueError } from '../modules/deadlines/deadlines.errors';
import { DeadlineHandler } from '../modules/deadlines/deadline-handler.service';
import { PeriodicReportService } from '../modules/periodic-reports/periodic-report.service';
import {
  assertHandlesEveryJob,
  type JobHandlers,
  type JobPayloads,
  JobName,
  type JobOf,
  TIMERS_QUEUE,
} from '../queue/queue.constants';

type TimerJob = Job<JobPayloads[JobOf<typeof TIMERS_QUEUE>], void, JobOf<typeof TIMERS_QUEUE>>;

/** Thin: hands each timer to its service; every handler is safe to run twice. */
@Processor(TIMERS_QUEUE, { concurrency: 4 })
export class TimersProcessor extends WorkerHost implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TimersProcessor.name);
  private readonly handlers: JobHandlers<typeof TIMERS_QUEUE>;

  constructor(deadlines: DeadlineHandler, reports: PeriodicReportService) {
    super();
    this.handlers = {
      [JobName.TaskReminder]: async ({ taskId }) => void (await deadlines.remind(taskId)),
      [JobName.TaskEscalation]: async ({ taskId }) => void (await deadlines.escalate(taskId)),
      [JobName.OpenPeriodicReport]: async () => void (await reports.openDue('schedule')),
    };
  }

  onModuleInit(): void {
    assertHandlesEveryJob(TIMERS_QUEUE, this.handlers);
  }

  async process(job: TimerJob, token?: string): Promise<void> {
    const handler = this.handlers[job.name] as ((data: unknown) => Promise<void>) | undefined;
    if (!handler) throw new Error(`No handler for job ${job.name} on ${TIMERS_QUEUE}`);
    try {
      await handler(job.data);
    } catch (error) {
      if (!(error instanceof TimerNotDueError) || !token) throw error;
      await job.moveToDelayed(Date.now() + error.remainingMs, token);
      throw new DelayedError();
    }
  }

  async onModuleDestroy(): Promise<void> {
    // Forcing is safe: every timer handler is idempotent, and the sweep re-creates a lost one.
    await this.worker.close(true);
  }

  @OnWorkerEvent('failed')
  onFailed(job: TimerJob | undefined, error: Error): void {
    this.logger.warn(`Timer ${job?.id ?? '?'} attempt failed: ${error.message}`);
  }
}
