import { type Logger } from '@nestjs/common';

/**
 * Runs `work` every `intervalMs`, never two runs at once, logging (not throwing) a failed run:
 * the shape every sweeper shares.
 */
export class RepeatingTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.runOnce(), this.intervalMs);
  }

  /** Runs now unless a run is under way (then waits for that one). */
  runOnce(): Promise<void> {
    this.running ??= this.work()
      .catch((error: unknown) =>
        this.logger.warn(`${this.name} failed: ${(error as Error).message}`),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops the interval and waits for a run under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
