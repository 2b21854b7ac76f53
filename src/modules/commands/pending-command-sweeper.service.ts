import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { CommandQueue } from '../../queue/command-queue.service';

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
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM workflow_commands
        WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1 / 1000.0)
        ORDER BY seq LIMIT ${SWEEP_BATCH}`,
      [this.config.get('SWEEP_GRACE_MS')],
    );
    for (const { id } of rows) await this.queue.enqueue(id);
    return rows.length;
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
