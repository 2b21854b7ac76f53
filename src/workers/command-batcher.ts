import { Injectable } from '@nestjs/common';
import { AppConfigService } from '../config/app-config.service';
import { CommandApplier } from '../modules/commands/command-applier.service';

interface Waiting {
  commandId: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the command jobs the worker runs at once into batches for
 * {@link CommandApplier.applyBatch}: open-source BullMQ hands out jobs one by one, so each job
 * waits here until COMMAND_BATCH_SIZE have come or COMMAND_BATCH_WAIT_MS have passed, and settles
 * with its own command's result. The worker's concurrency bounds how many can gather.
 */
@Injectable()
export class CommandBatcher {
  private readonly size: number;
  private readonly waitMs: number;
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly applier: CommandApplier,
    config: AppConfigService,
  ) {
    this.size = config.get('COMMAND_BATCH_SIZE');
    this.waitMs = config.get('COMMAND_BATCH_WAIT_MS');
  }

  /** Resolves once the command is decided (or was already); rejects when it could not be. */
  submit(commandId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ commandId, resolve, reject });
      if (this.waiting.length >= this.size) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.waitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.waiting.splice(0, this.size);
    if (this.waiting.length > 0) this.timer = setTimeout(() => this.flush(), this.waitMs);
    if (batch.length === 0) return;
    this.applier.applyBatch(batch.map((w) => w.commandId)).then(
      (failures) => {
        for (const w of batch) {
          if (failures.has(w.commandId)) w.reject(failures.get(w.commandId));
          else w.resolve();
        }
      },
      (error: unknown) => {
        for (const w of batch) w.reject(error);
      },
    );
  }
}
