import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type Job } from 'bullmq';
import { AppConfigService } from '../config/app-config.service';
import { validateEnv } from '../config/env.schema';
import { CommandApplier } from '../modules/commands/command-applier.service';
import { type ApplyCommandPayload, COMMANDS_QUEUE, JobName } from '../queue/queue.constants';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * BullMQ reads lock and stall settings when the worker is built, from the decorator, before any
 * provider exists; so they come from the environment as validated when this module loads (as
 * `ConfigModule.forRoot` does). A job whose worker died is found stalled once its lock lapses.
 */
function lockOptions(): { lockDuration: number; stalledInterval: number } {
  const { WORKER_LOCK_MS } = validateEnv(process.env);
  return { lockDuration: WORKER_LOCK_MS, stalledInterval: WORKER_LOCK_MS };
}

/** Thin: hands each command job to the applier, which is safe to run twice. */
@Processor(COMMANDS_QUEUE, lockOptions())
export class ApplyCommandProcessor extends WorkerHost implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ApplyCommandProcessor.name);
  private inFlight = 0;

  constructor(
    private readonly applier: CommandApplier,
    private readonly config: AppConfigService,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.get('WORKER_CONCURRENCY');
  }

  async process(job: Job<ApplyCommandPayload>): Promise<void> {
    if (job.name !== JobName.ApplyCommand) {
      throw new Error(`No handler for job ${job.name} on ${COMMANDS_QUEUE}`);
    }
    this.inFlight += 1;
    try {
      await this.applier.apply(job.data.commandId);
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
  onFailed(job: Job<ApplyCommandPayload> | undefined, error: Error): void {
    this.logger.warn(`Command ${job?.data.commandId ?? '?'} attempt failed: ${error.message}`);
  }
}
