import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const KEPT_CHUNKS = 200;

/**
 * One of the product's entry points (`src/main.ts`, `src/worker.ts`) in a process of its own, run
 * from source through ts-node so a test never depends on a stale build. Keeps the last output for
 * failure messages, and stops by SIGTERM or SIGKILL as a fault test needs.
 */
export abstract class SourceProcess {
  private readonly output: string[] = [];
  private exited = false;

  protected constructor(private readonly child: ChildProcess) {
    const keep = (chunk: Buffer): void => {
      this.output.push(chunk.toString());
      if (this.output.length > KEPT_CHUNKS) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      this.exited = true;
    });
  }

  protected static spawnEntry(
    entry: string,
    env: Record<string, string | undefined>,
  ): ChildProcess {
    return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join('src', entry)], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** SIGKILL: no shutdown hook runs, in-flight jobs and transactions are cut off. */
  async kill(): Promise<void> {
    await this.stop(0);
  }

  /** SIGTERM, then SIGKILL if it has not stopped within `graceMs` (at once when 0). */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited) return;
    const exit = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exit;
    clearTimeout(timer);
  }

  /** The last lines the process wrote, for a failure message. */
  tail(): string {
    return this.output.join('').split('\n').slice(-30).join('\n');
  }

  protected wrote(pattern: RegExp): boolean {
    return pattern.test(this.output.join(''));
  }
}
