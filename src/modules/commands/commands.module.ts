import { Module } from '@nestjs/common';
import { CopiesModule } from '../copies/copies.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { DocumentsModule } from '../documents/documents.module';
import { DraftsModule } from '../drafts/drafts.module';
import { HistoryModule } from '../history/history.module';
import { InstancesModule } from '../instances/instances.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { TasksModule } from '../tasks/tasks.module';
import { CommandApplier } from './command-applier.service';
import { CommandOutcomeWaiter } from './command-outcome-waiter.service';
import { CommandsController } from './commands.controller';
import { CommandsRepository } from './commands.repository';
import { CommandsService } from './commands.service';
import { PendingCommandSweeper } from './pending-command-sweeper.service';
import { HolidaysModule } from '../holidays/holidays.module';
import { HeavyWorkModule } from '../heavy-work/heavy-work.module';

@Module({
  imports: [
    HolidaysModule,
    HeavyWorkModule,
    DefinitionsModule,
    InstancesModule,
    OrgUnitsModule,
    HistoryModule,
    TasksModule,
    DelegationsModule,
    DraftsModule,
    DocumentsModule,
    CopiesModule,
  ],
  controllers: [CommandsController],
  providers: [
    CommandsRepository,
    CommandsService,
    CommandOutcomeWaiter,
    CommandApplier,
    PendingCommandSweeper,
  ],
  exports: [CommandApplier, PendingCommandSweeper, CommandsService],
})
export class CommandsModule {}
