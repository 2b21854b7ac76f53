import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfigService } from '../../config/app-config.service';
import {
  COMMAND_OUTCOME_CHANNEL,
  type CommandOutcome,
  CommandsRepository,
  outcomeOf,
  parseOutcome,
} from './commands.repository';

export { COMMAND_OUTCOME_CHANNEL } from './commands.repository';

const POLL_INTERVAL_MS = 250;
/**
 * While the listener is up the outcome comes by notification; the poll only covers a listener
 * lost mid-wait, so it can be rarer and not add reads to a database that is busy already.
 */
const POLL_INTERVAL_LISTENING_MS = 1000;
const RECONNECT_DELAY_MS = 1000;

/** One request's wait for one command, registered before the command is queued. */
export interface OutcomeWait {
  /**
   * The outcome once the command is no longer pending, or as it stands when `timeoutMs` runs out.
   * `knownPending`: the caller has just recorded the command, so the first read is skipped.
   */
  result(timeoutMs: number, knownPending?: boolean): Promise<CommandOutcome>;
  /** Stops listening (result() does so itself when it returns). */
  cancel(): void;
}

interface Subscription {
  outcome?: CommandOutcome;
  /** A notification (perhaps id-only) came while no sleep was waiting for it. */
  notified?: boolean;
  wake?: () => void;
}

/**
 * Waits for a command's outcome as PostgreSQL records it: the worker's NOTIFY at commit carries
 * the outcome itself, so the usual answer costs no read; a poll is the fallback, so a lost
 * notification or a dropped listener costs latency, never an answer.
 */
@Injectable()
export class CommandOutcomeWaiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CommandOutcomeWaiter.name);
  private readonly subscriptions = new Map<string, Set<Subscription>>();
  private listener?: Client;
  private closing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfigService,
    private readonly commands: CommandsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.listener?.end().catch(() => undefined);
  }

  /** The command once it is no longer pending, or as it stands when `timeoutMs` runs out. */
  waitFor(commandId: string, timeoutMs: number): Promise<CommandOutcome> {
    return this.start(commandId).result(timeoutMs);
  }

  /**
   * Starts listening for the command's outcome now, before it is queued, so a worker that decides
   * it at once cannot notify into the gap between the enqueue and the wait.
   */
  start(commandId: string): OutcomeWait {
    const subscription: Subscription = {};
    const set = this.subscriptions.get(commandId) ?? new Set();
    set.add(subscription);
    this.subscriptions.set(commandId, set);
    const cancel = (): void => {
      set.delete(subscription);
      if (set.size === 0 && this.subscriptions.get(commandId) === set) {
        this.subscriptions.delete(commandId);
      }
      subscription.wake?.();
    };
    const result = async (timeoutMs: number, knownPending = false): Promise<CommandOutcome> => {
      const deadline = Date.now() + timeoutMs;
      let read = !knownPending;
      try {
        for (;;) {
          if (subscription.outcome) return subscription.outcome;
          if (read) {
            const command = await this.commands.findById(this.dataSource.manager, commandId);
            if (!command) throw new Error(`Command ${commandId} vanished`);
            if (subscription.outcome) return subscription.outcome;
            if (command.status !== 'pending' || Date.now() >= deadline) return outcomeOf(command);
          } else if (Date.now() >= deadline) {
            return this.current(commandId);
          }
          read = true;
          const interval = this.listener ? POLL_INTERVAL_LISTENING_MS : POLL_INTERVAL_MS;
          await this.sleep(subscription, Math.min(interval, deadline - Date.now()));
        }
      } finally {
        cancel();
      }
    };
    return { result, cancel };
  }

  private async current(commandId: string): Promise<CommandOutcome> {
    const command = await this.commands.findById(this.dataSource.manager, commandId);
    if (!command) throw new Error(`Command ${commandId} vanished`);
    return outcomeOf(command);
  }

  /** Resolves on a notification for the command or after `ms`, whichever comes first. */
  private sleep(subscription: Subscription, ms: number): Promise<void> {
    if (subscription.notified) {
      subscription.notified = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(ms, 0));
      function done(): void {
        clearTimeout(timer);
        subscription.wake = undefined;
        resolve();
      }
      subscription.wake = done;
    });
  }

  private deliver(payload: string): void {
    const outcome = parseOutcome(payload);
    const subscriptions = this.subscriptions.get(outcome?.id ?? payload);
    subscriptions?.forEach((subscription) => {
      if (outcome) subscription.outcome = outcome;
      if (subscription.wake) subscription.wake();
      else subscription.notified = true;
    });
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.get('DATABASE_URL') });
    client.on('notification', (message) => {
      if (message.payload) this.deliver(message.payload);
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
