import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleInit } from '@nestjs/common';
import { type Job } from 'bullmq';
import { AppConfigService } from '../../config/app-config.service';
import { CommandApplier } from '../../modules/commands/command-applier.service';
import { type ApplyCommandPayload, COMMANDS_QUEUE, JobName } from '../../queue/queue.constants';

/** Thin: hands each command job to the applier, which is safe to run twice. */
@Processor(COMMANDS_QUEUE)
export class ApplyCommandProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(ApplyCommandProcessor.name);

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
    await this.applier.apply(job.data.commandId);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<ApplyCommandPayload> | undefined, error: Error): void {
    this.logger.warn(`Command ${job?.data.commandId ?? '?'} attempt failed: ${error.message}`);
  }
}
