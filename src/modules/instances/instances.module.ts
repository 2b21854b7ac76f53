import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { HistoryModule } from '../history/history.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { TasksModule } from '../tasks/tasks.module';
import { UsersModule } from '../users/users.module';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
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
  // CampaignsRepository is stateless and provided here too: the campaigns module imports this one.
  providers: [
    CampaignsRepository,
    InstancesRepository,
    InstancesService,
    InstanceDiagramService,
    InstanceTransitionWriter,
  ],
  exports: [InstancesService, InstanceTransitionWriter, InstancesRepository],
})
export class InstancesModule {}
