import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandsModule } from '../modules/commands/commands.module';
import { PendingCommandSweeper } from '../modules/commands/pending-command-sweeper.service';
import { ApplyCommandProcessor } from './apply-command.processor';
import { CommandBatcher } from './command-batcher';
import { TimeWorkerModule } from './time-worker.module';

/**
 * The command worker and its sweeper, with the time workers beside them: in the API process by
 * default, or alone in `worker.ts`.
 */
@Module({
  imports: [CommandsModule, TimeWorkerModule],
  providers: [ApplyCommandProcessor, CommandBatcher],
})
export class CommandWorkerModule implements OnApplicationBootstrap {
  constructor(private readonly sweeper: PendingCommandSweeper) {}

  onApplicationBootstrap(): void {
    this.sweeper.start();
  }
}
