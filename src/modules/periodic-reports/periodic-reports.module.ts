import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { PeriodicReportService } from './periodic-report.service';
import { PeriodicReportsController } from './periodic-reports.controller';

@Module({
  imports: [InstancesModule, OrgUnitsModule],
  controllers: [PeriodicReportsController],
  providers: [PeriodicReportService],
  exports: [PeriodicReportService],
})
export class PeriodicReportsModule {}
