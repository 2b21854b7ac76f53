import { Module } from '@nestjs/common';
import { HistoryModule } from '../history/history.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { HolidaysModule } from '../holidays/holidays.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { InboxViewsController } from './inbox-views.controller';
import { InboxViewsRepository } from './inbox-views.repository';
import { InboxViewsService } from './inbox-views.service';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';
import { InboxRepository } from './inbox.repository';

@Module({
  imports: [DelegationsModule, OrgUnitsModule, HistoryModule, HolidaysModule],
  controllers: [InboxViewsController, InboxController],
  providers: [InboxService, InboxRepository, InboxViewsRepository, InboxViewsService],
  exports: [InboxViewsRepository],
})
export class InboxModule {}
