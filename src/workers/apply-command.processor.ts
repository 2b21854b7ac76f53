import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type Job } from 'bullmq';
import { AppConfigService } from '../config/app-config.service';
import {
  assertHandlesEveryJob,
  type JobHandlers,
  type JobOf,
  type JobPayloads,
  COMMANDS_QUEUE,
  JobName,
} from '../queue/queue.constants';
import { CommandBatcher } from './command-batcher';

const SHUTDOWN_GRACE_MS = 10_000;

type CommandJob = Job<
  JobPayloads[JobOf<typeof COMMANDS_QUEUE>],
  void,
  JobOf<typeof COMMANDS_QUEUE>
>;

/**
 * Thin: hands each command job to the batcher, whose applier is safe to run twice.
 *
 * The worker is built by @nestjs/bullmq from the decorator, before any provider exists, so it is
 * built stopped (`autorun: false`) and started in onModuleInit once the injected configuration
 * has set its lock: a job whose worker died is found stalled once its lock (WORKER_LOCK_MS) lapses.
 */
@Processor(COMMANDS_QUEUE, { autorun: false })
export class ApplyCommandProcessor extends WorkerHost implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ApplyCommandProcessor.name);
  private readonly handlers: JobHandlers<typeof COMMANDS_QUEUE>;
  private inFlight = 0;

  constructor(
    batcher: CommandBatcher,
    private readonly config: AppConfigService,
  ) {
    super();
    this.handlers = {
      [JobName.ApplyCommand]: ({ commandId }) => batcher.submit(commandId),
    };
  }

  onModuleInit(): void {
    assertHandlesEveryJob(COMMANDS_QUEUE, this.handlers);
    const lockMs = this.config.get('WORKER_LOCK_MS');
    const worker = this.worker;
    Object.assign(worker.opts, {
      lockDuration: lockMs,
      stalledInterval: lockMs,
      lockRenewTime: lockMs / 2,
    });
    // The lock manager copied the lock settings when the worker was built; BullMQ documents
    // createLockManager as the hook that (re)builds it from the worker's options.
    (worker as unknown as { createLockManager(): void }).createLockManager();
    worker.concurrency = this.config.get('WORKER_CONCURRENCY');
    void worker.run().catch((error: unknown) => {
      this.logger.error(`Command worker stopped: ${(error as Error).message}`);
    });
  }

  async process(job: CommandJob): Promise<void> {
    const handler = this.handlers[job.name] as ((data: unknown) => Promise<void>) | undefined;
    if (!handler) throw new Error(`No handler for job ${job.name} on ${COMMANDS_QUEUE}`);
    this.inFlight += 1;
    try {
      await handler(job.data);
    } finally {
      this.inFlight -= 1;
    }
  }

  /**
   * Lets in-flight commands finish (bounded), then closes the worker by force. BullMQ's graceful
   * close can wait forever when Redis has just reconnected; forcing is safe here because applying
   * a command is idempotent and an interrupted one is re-delivered or swept from PostgreSQL.
   */
  async onModuleDestroy(): Promise<void> {
    const deadline = Date.now() + SHUTDOWN_GRACE_MS;
    while (this.inFlight > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.worker.close(true);
  }

  @OnWorkerEvent('failed')
  onFailed(job: CommandJob | undefined, error: Error): void {
    this.logger.warn(`Command ${job?.data.commandId ?? '?'} attempt failed: ${error.message}`);
  }
}
