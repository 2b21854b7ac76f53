import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { MonitoringController } from './monitoring.controller';
import { MonitoringService } from './monitoring.service';

@Module({
  imports: [OrgUnitsModule, DefinitionsModule],
  controllers: [MonitoringController],
  providers: [MonitoringService],
})
export class MonitoringModule {}
