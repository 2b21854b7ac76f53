import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { extname, join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { DomainError } from '../../common/errors/domain-error';
import { currentLanguage } from '../../common/i18n/language';
import { AppConfigService } from '../../config/app-config.service';
import { type HeavyResult, type HeavyTask } from './heavy-work.tasks';
import { type HeavyWorkMessage } from './heavy-work.worker';

/** Who is at fault when a task overruns: the service (503, try later) or the input (422). */
export type OverrunBlame = 'service' | 'input';

// How long a task may wait for a thread (and for a new thread to load the task code) before the
// pool counts as saturated: four budgets, and never under a minute.
const QUEUE_WAIT_FACTOR = 4;
const MIN_QUEUE_WAIT_MS = 60_000;

// Under ts-jest and ts-node the code runs from TypeScript sources, which a bare worker cannot load.
const RUNS_FROM_SOURCE = extname(__filename) === '.ts';

/**
 * A pool of worker threads for CPU-heavy work (diagram layout, Stately import, validation), so no
 * request holds the event loop that answers `/health` and the inbox. Each task has a time budget
 * (queueing included); past it the thread running it is terminated and the caller gets a clear
 * refusal. Threads run at a lower priority than the event loop.
 */
class OverrunError extends Error {
  override name = 'AbortError';
}

@Injectable()
export class HeavyWorkService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly pool: Piscina<HeavyWorkMessage, unknown>;
  private readonly timeoutMs: number;

  constructor(config: AppConfigService) {
    const threads = config.get('HEAVY_WORK_THREADS');
    this.timeoutMs = config.get('HEAVY_WORK_TIMEOUT_MS');
    this.pool = new Piscina({
      filename: join(__dirname, `heavy-work.worker${RUNS_FROM_SOURCE ? '.ts' : '.js'}`),
      execArgv: RUNS_FROM_SOURCE ? ['-r', 'ts-node/register/transpile-only'] : [],
      minThreads: 1,
      maxThreads: threads,
      // A queue longer than this many tasks per thread could not finish within the budget anyway.
      maxQueue: threads * 8,
      idleTimeout: 60_000,
      // A pathological document takes down its thread, not the process.
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
  }

  /**
   * Runs a task on a worker thread.
   *
   * @throws DomainError `unavailable` (503) when the pool is saturated or, with `service` blame, the
   *   budget ran out; `validation-failed` (422) when it ran out on an input at fault
   */
  async run<T extends HeavyTask>(
    task: T,
    blame: OverrunBlame,
    what: string,
  ): Promise<HeavyResult<T['kind']>> {
    const { port1, port2 } = new MessageChannel();
    const overrun = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    port1.once('message', () => {
      timer = setTimeout(() => overrun.abort(new OverrunError()), this.timeoutMs);
    });
    const waitedTooLong = AbortSignal.timeout(
      Math.max(MIN_QUEUE_WAIT_MS, this.timeoutMs * QUEUE_WAIT_FACTOR),
    );
    try {
      return (await this.pool.run(
        { task, language: currentLanguage(), started: port2 },
        { transferList: [port2], signal: AbortSignal.any([overrun.signal, waitedTooLong]) },
      )) as HeavyResult<T['kind']>;
    } catch (error) {
      throw this.refusal(error, overrun.signal.aborted ? blame : 'service', what);
    } finally {
      clearTimeout(timer);
      port1.close();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.destroy();
  }

  /**
   * Has a thread load the task code now, so the first request does not wait for it. Start-up does
   * not wait for it in turn; a thread that fails to load fails the tasks that need it.
   */
  onApplicationBootstrap(): void {
    this.pool.run({ task: { kind: 'ping' }, language: 'en', started: null }).catch(() => undefined);
  }

  private refusal(error: unknown, blame: OverrunBlame, what: string): unknown {
    const name = error instanceof Error ? error.name : '';
    const message = error instanceof Error ? error.message : '';
    const seconds = this.timeoutMs / 1000;
    if (name === 'AbortError' || name === 'TimeoutError') {
      return blame === 'input'
        ? new DomainError(
            'validation-failed',
            `${what} needs more than ${seconds} s of computation: make it smaller`,
            [
              {
                path: '',
                message: `Quá ${seconds} giây xử lý: hãy thu gọn nội dung (${what} is too large to process in ${seconds} s)`,
                // Each language on its own, for a client that shows one (the web app).
                messages: {
                  vi: `Quá ${seconds} giây xử lý: hãy thu gọn nội dung`,
                  en: `${what} is too large to process in ${seconds} s`,
                },
              },
            ],
          )
        : new DomainError(
            'unavailable',
            `Hệ thống đang bận, vui lòng thử lại sau. ${what} could not be computed within ${seconds} s; try again later`,
          );
    }
    if (message === 'Task queue is at limit') {
      return new DomainError(
        'unavailable',
        `Hệ thống đang bận, vui lòng thử lại sau. Too much heavy work is waiting; try again later`,
      );
    }
    if (
      'code' in (error as object) &&
      (error as { code: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY'
    ) {
      return new DomainError(
        blame === 'input' ? 'validation-failed' : 'unavailable',
        `Vượt giới hạn bộ nhớ xử lý. ${what} needs more memory than a worker may use`,
        [
          {
            path: '',
            message: `Vượt giới hạn bộ nhớ xử lý (${what} exceeds the memory limit)`,
            messages: {
              vi: 'Vượt giới hạn bộ nhớ xử lý: hãy thu gọn nội dung',
              en: `${what} exceeds the memory limit`,
            },
          },
        ],
      );
    }
    return error;
  }
}
