import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { WorkflowCommand } from './workflow-command.entity';

/** The channel the worker notifies, in the same transaction that records a command's outcome. */
export const COMMAND_OUTCOME_CHANNEL = 'workflow_command_outcome';

const POLL_INTERVAL_MS = 250;
const RECONNECT_DELAY_MS = 1000;

/**
 * Waits for a command's outcome as PostgreSQL records it: LISTEN/NOTIFY for speed, with a poll
 * as the fallback, so a lost notification or a dropped listener costs latency, never an answer.
 */
@Injectable()
export class CommandOutcomeWaiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CommandOutcomeWaiter.name);
  private readonly waiters = new Map<string, Set<() => void>>();
  private listener?: Client;
  private closing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfigService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.listener?.end().catch(() => undefined);
  }

  /** The command once it is no longer pending, or as it stands when `timeoutMs` runs out. */
  async waitFor(commandId: string, timeoutMs: number): Promise<WorkflowCommand> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const wake = this.nextWake(commandId, Math.min(POLL_INTERVAL_MS, deadline - Date.now()));
      const command = await this.load(commandId);
      if (command.status !== 'pending' || Date.now() >= deadline) {
        wake.cancel();
        return command;
      }
      await wake.promise;
    }
  }

  private load(commandId: string): Promise<WorkflowCommand> {
    return this.dataSource.getRepository(WorkflowCommand).findOneByOrFail({ id: commandId });
  }

  /** Resolves on a notification for the command or after `ms`, whichever comes first. */
  private nextWake(commandId: string, ms: number): { promise: Promise<void>; cancel: () => void } {
    let cancel = (): void => undefined;
    const promise = new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        const set = this.waiters.get(commandId);
        set?.delete(done);
        if (set?.size === 0) this.waiters.delete(commandId);
        resolve();
      };
      const timer = setTimeout(done, Math.max(ms, 0));
      const set = this.waiters.get(commandId) ?? new Set();
      set.add(done);
      this.waiters.set(commandId, set);
      cancel = done;
    });
    return { promise, cancel };
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.get('DATABASE_URL') });
    client.on('notification', (message) => {
      if (message.payload) this.waiters.get(message.payload)?.forEach((wake) => wake());
    });
    client.on('error', (error) => {
      this.logger.warn(`Outcome listener lost: ${error.message}; polling until it is back`);
      void client.end().catch(() => undefined);
      this.reconnectLater();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${COMMAND_OUTCOME_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn(`Outcome listener failed to start: ${(error as Error).message}`);
      await client.end().catch(() => undefined);
      this.reconnectLater();
    }
  }

  private reconnectLater(): void {
    if (this.closing) return;
    this.listener = undefined;
    setTimeout(() => void this.listen(), RECONNECT_DELAY_MS).unref();
  }
}
