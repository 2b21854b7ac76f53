import { Module } from '@nestjs/common';
import { CopiesModule } from '../copies/copies.module';
import { AdminHistoryModule } from '../admin-history/admin-history.module';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { DocumentsModule } from '../documents/documents.module';
import { HistoryModule } from '../history/history.module';
import { InboxModule } from '../inbox/inbox.module';
import { InstancesModule } from '../instances/instances.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { TasksModule } from '../tasks/tasks.module';
import { UsersModule } from '../users/users.module';
import { AdminOrgController } from './admin-org.controller';
import { AdminOrgService } from './admin-org.service';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';

/** Admin management of the organisation and users; every change lands in the admin audit store. */
@Module({
  imports: [
    OrgUnitsModule,
    UsersModule,
    AdminHistoryModule,
    HistoryModule,
    InstancesModule,
    TasksModule,
    CampaignsModule,
    InboxModule,
    DocumentsModule,
    CopiesModule,
  ],
  controllers: [AdminOrgController, AdminUsersController],
  providers: [AdminOrgService, AdminUsersService],
})
export class AdminModule {}
