import { type ChildProcess } from 'node:child_process';
import { SourceProcess } from './source-process';

// As the fault harness allows: a worker boots its whole module graph, slowly on a shared machine.
const READY_TIMEOUT_MS = 90_000;

/**
 * A separate command-worker process (`src/worker.ts`, run from source through ts-node so a test
 * never depends on a stale build), as `npm run start:worker` runs it in production.
 */
export class WorkerProcess extends SourceProcess {
  /** How long it took to boot, in milliseconds. */
  bootMs = 0;

  private constructor(
    readonly name: string,
    child: ChildProcess,
  ) {
    super(child);
  }

  /**
   * Starts a worker with the test's environment and waits until it has booted (every module,
   * the BullMQ worker and the sweeper started).
   */
  static async start(
    name: string,
    env: Record<string, string>,
    readyTimeoutMs = READY_TIMEOUT_MS,
  ): Promise<WorkerProcess> {
    const child = SourceProcess.spawnEntry('worker.ts', {
      ...env,
      LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    });
    const begun = Date.now();
    const worker = new WorkerProcess(name, child);
    await worker.waitForOutput(/Command worker started/, readyTimeoutMs);
    worker.bootMs = Date.now() - begun;
    return worker;
  }

  private async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.wrote(pattern)) return;
      if (!this.alive) throw new Error(`Worker ${this.name} exited:\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.kill();
    throw new Error(`Worker ${this.name} did not start:\n${this.tail()}`);
  }
}
