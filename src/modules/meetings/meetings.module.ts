import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { DirectivesModule } from '../directives/directives.module';
import { InstancesModule } from '../instances/instances.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { MeetingsController } from './meetings.controller';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';

/** Joint meetings (giao ban) of point 2, with their minutes. */
@Module({
  imports: [AttachmentsModule, DirectivesModule, InstancesModule, OrgUnitsModule],
  controllers: [MeetingsController],
  providers: [MeetingsRepository, MeetingsService],
})
export class MeetingsModule {}
