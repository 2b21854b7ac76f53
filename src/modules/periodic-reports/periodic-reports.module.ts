import { Module } from '@nestjs/common';
import { HistoryModule } from '../history/history.module';
import { InstancesModule } from '../instances/instances.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { PeriodicReportService } from './periodic-report.service';
import { PeriodicReportsRepository } from './periodic-reports.repository';
import { PeriodicReportsController } from './periodic-reports.controller';

@Module({
  imports: [InstancesModule, OrgUnitsModule, HistoryModule],
  controllers: [PeriodicReportsController],
  providers: [PeriodicReportService, PeriodicReportsRepository],
  exports: [PeriodicReportService],
})
export class PeriodicReportsModule {}
