import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { type ApplyCommandPayload, COMMANDS_QUEUE, JobName } from './queue.constants';

/**
 * The one producer of command jobs. The job id is the command id, so enqueueing a command that is
 * already queued is a no-op, and nothing ever deduplicates two different commands.
 */
@Injectable()
export class CommandQueue {
  constructor(@InjectQueue(COMMANDS_QUEUE) private readonly queue: Queue<ApplyCommandPayload>) {}

  async enqueue(commandId: string): Promise<void> {
    await this.queue.add(
      JobName.ApplyCommand,
      { commandId },
      {
        jobId: commandId,
        attempts: 8,
        backoff: { type: 'exponential', delay: 100 },
        // Finished jobs leave Redis at once: PostgreSQL keeps the outcome, and a freed job id lets
        // the sweeper re-enqueue a command whose job was lost.
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }
}
