import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const READY_TIMEOUT_MS = 30_000;

/**
 * A separate command-worker process (`src/worker.ts`, run from source through ts-node so a test
 * never depends on a stale build), as `npm run start:worker` runs it in production.
 */
export class WorkerProcess {
  private readonly output: string[] = [];
  private exited = false;
  /** How long it took to boot, in milliseconds. */
  bootMs = 0;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer): void => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      this.exited = true;
    });
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
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join('src', 'worker.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const begun = Date.now();
    const worker = new WorkerProcess(name, child);
    await worker.waitForOutput(/Command worker started/, readyTimeoutMs);
    worker.bootMs = Date.now() - begun;
    return worker;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** SIGKILL: no shutdown hook runs, in-flight jobs and transactions are cut off. */
  async kill(): Promise<void> {
    if (this.exited) return;
    const exit = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exit;
  }

  /** SIGTERM, then SIGKILL if it has not stopped within `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited) return;
    const exit = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exit;
    clearTimeout(timer);
  }

  /** The last lines the process wrote, for a failure message. */
  tail(): string {
    return this.output.join('').split('\n').slice(-30).join('\n');
  }

  private async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (pattern.test(this.output.join(''))) return;
      if (this.exited) throw new Error(`Worker ${this.name} exited:\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.kill();
    throw new Error(`Worker ${this.name} did not start:\n${this.tail()}`);
  }
}
