import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { HistoryModule } from '../history/history.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { TasksModule } from '../tasks/tasks.module';
import { UsersModule } from '../users/users.module';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { CopiesRepository } from '../copies/copies.repository';
import { InstanceDiagramService } from './instance-diagram.service';
import { InstanceTransitionWriter } from './instance-transition-writer.service';
import { InstancesController } from './instances.controller';
import { InstancesRepository } from './instances.repository';
import { InstancesService } from './instances.service';
import { HolidaysModule } from '../holidays/holidays.module';
import { HeavyWorkModule } from '../heavy-work/heavy-work.module';

@Module({
  imports: [
    HolidaysModule,
    HeavyWorkModule,
    DefinitionsModule,
    OrgUnitsModule,
    HistoryModule,
    TasksModule,
    DelegationsModule,
    UsersModule,
  ],
  controllers: [InstancesController],
  // CampaignsRepository and CopiesRepository are stateless and provided here too: their modules
  // import this one.
  providers: [
    CampaignsRepository,
    CopiesRepository,
    InstancesRepository,
    InstancesService,
    InstanceDiagramService,
    InstanceTransitionWriter,
  ],
  exports: [InstancesService, InstanceTransitionWriter, InstancesRepository],
})
export class InstancesModule {}
