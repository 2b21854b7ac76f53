import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { CommandQueue } from '../../queue/command-queue.service';
import { CommandsRepository } from './commands.repository';

const SWEEP_BATCH = 500;

/**
 * Re-enqueues commands still pending after a grace period. Redis is transport, not a store: if it
 * lost the job (flushed, restarted without persistence, enqueue failed), PostgreSQL still has the
 * command. The job id is the command id, so re-enqueueing a job that still exists is a no-op, and
 * any number of processes may sweep at once.
 */
@Injectable()
export class PendingCommandSweeper implements OnApplicationShutdown {
  private readonly logger = new Logger(PendingCommandSweeper.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: CommandQueue,
    private readonly config: AppConfigService,
    private readonly commands: CommandsRepository,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.sweepSafely(), this.config.get('SWEEP_INTERVAL_MS'));
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Queues every command pending longer than the grace period; returns how many. */
  async sweep(): Promise<number> {
    const ids = await this.commands.pendingSince(
      this.dataSource.manager,
      this.config.get('SWEEP_GRACE_MS'),
      SWEEP_BATCH,
    );
    for (const id of ids) await this.queue.enqueue(id);
    return ids.length;
  }

  private async sweepSafely(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const count = await this.sweep();
      if (count > 0) this.logger.log(`Re-enqueued ${count} pending command(s)`);
    } catch (error) {
      this.logger.warn(`Sweep failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
