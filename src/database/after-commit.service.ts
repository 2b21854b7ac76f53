import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';

export type AfterCommitEffect = () => Promise<void>;

const EFFECTS = Symbol('afterCommitEffects');
const SHUTDOWN_GRACE_MS = 5_000;

type QueryRunnerData = Record<PropertyKey, unknown> & { [EFFECTS]?: AfterCommitEffect[] };

/**
 * Side effects that must wait for a transaction to commit — scheduling timers, sending
 * notifications — and must never run for one that rolls back (Vendure's event bus works the same
 * way). Effects start after COMMIT and are not awaited by the committing code: Redis being slow or
 * down must not hold a database connection or fail work that PostgreSQL already holds. Every effect
 * is therefore best-effort, and each caller has a sweeper that restores from PostgreSQL what an
 * effect failed to do.
 */
@Injectable()
export class AfterCommit implements EntitySubscriberInterface, BeforeApplicationShutdown {
  private readonly logger = new Logger(AfterCommit.name);
  private readonly inFlight = new Set<Promise<void>>();

  constructor(@InjectDataSource() dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  /** Runs `effect` once the transaction of `manager` commits; at once when it has none. */
  defer(manager: EntityManager, effect: AfterCommitEffect): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      this.start(effect);
      return;
    }
    const data = runner.data as QueryRunnerData;
    (data[EFFECTS] ??= []).push(effect);
  }

  /** Resolves once every started effect has settled (tests and shutdown wait on this). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A released savepoint is not the commit: wait for the outermost transaction.
    if (event.queryRunner.isTransactionActive) return;
    for (const effect of take(event.queryRunner)) this.start(effect);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) take(event.queryRunner);
  }

  /** Lets started effects finish (bounded) before connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.race([this.idle(), new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS).unref())]);
  }

  private start(effect: AfterCommitEffect): void {
    const running = effect()
      .catch((error: unknown) =>
        this.logger.warn(`After-commit effect failed: ${(error as Error).message}`),
      )
      .finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }
}

function take(runner: QueryRunner): AfterCommitEffect[] {
  const data = runner.data as QueryRunnerData;
  const effects = data[EFFECTS] ?? [];
  delete data[EFFECTS];
  return effects;
}
