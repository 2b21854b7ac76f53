import { Module } from '@nestjs/common';
import { AdminHistoryModule } from '../admin-history/admin-history.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { HistoryModule } from '../history/history.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { TransparencyLogModule } from '../transparency-log/transparency-log.module';
import { AuditController } from './audit.controller';
import { AuditEventsService } from './audit-events.service';
import { AuditExportService } from './audit-export.service';
import { AuditTimelineService } from './audit-timeline.service';
import { AuditRepository } from './audit.repository';

@Module({
  imports: [
    DefinitionsModule,
    HistoryModule,
    OrgUnitsModule,
    AdminHistoryModule,
    TransparencyLogModule,
  ],
  controllers: [AuditController],
  providers: [AuditEventsService, AuditExportService, AuditTimelineService, AuditRepository],
})
export class AuditModule {}
