import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { InstancesModule } from '../instances/instances.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { CopiesController } from './copies.controller';
import { CopiesRepository } from './copies.repository';
import { CopiesService } from './copies.service';

@Module({
  imports: [DefinitionsModule, InstancesModule, NotificationsModule, OrgUnitsModule],
  controllers: [CopiesController],
  providers: [CopiesRepository, CopiesService],
  exports: [CopiesRepository, CopiesService],
})
export class CopiesModule {}
