import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { HistoryModule } from '../history/history.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { TasksModule } from '../tasks/tasks.module';
import { InstancesController } from './instances.controller';
import { InstancesService } from './instances.service';

@Module({
  imports: [DefinitionsModule, OrgUnitsModule, HistoryModule, TasksModule],
  controllers: [InstancesController],
  providers: [InstancesService],
  exports: [InstancesService],
})
export class InstancesModule {}
