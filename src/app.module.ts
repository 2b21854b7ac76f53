import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConditionalModule } from '@nestjs/config';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { InfrastructureModule } from './infrastructure.module';
import { AttachmentsModule } from './modules/attachments/attachments.module';
import { AuthModule } from './modules/auth/auth.module';
import { ClaimsModule } from './modules/claims/claims.module';
import { CommentsModule } from './modules/comments/comments.module';
import { CopiesModule } from './modules/copies/copies.module';
import { CommandsModule } from './modules/commands/commands.module';
import { DeadlinesModule } from './modules/deadlines/deadlines.module';
import { CampaignsModule } from './modules/campaigns/campaigns.module';
import { ExchangesModule } from './modules/exchanges/exchanges.module';
import { MeetingsModule } from './modules/meetings/meetings.module';
import { DefinitionsModule } from './modules/definitions/definitions.module';
import { DirectivesModule } from './modules/directives/directives.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { DelegationsModule } from './modules/delegations/delegations.module';
import { DraftsModule } from './modules/drafts/drafts.module';
import { HealthModule } from './modules/health/health.module';
import { HolidaysModule } from './modules/holidays/holidays.module';
import { VersionUpgradesModule } from './modules/version-upgrades/version-upgrades.module';
import { InstancesModule } from './modules/instances/instances.module';
import { AuditModule } from './modules/audit/audit.module';
import { TransparencyLogModule } from './modules/transparency-log/transparency-log.module';
import { AdminModule } from './modules/admin/admin.module';
import { InboxModule } from './modules/inbox/inbox.module';
import { FollowUpsModule } from './modules/follow-ups/follow-ups.module';
import { MyCasesModule } from './modules/my-cases/my-cases.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { ScorecardModule } from './modules/scorecard/scorecard.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { OrgUnitsModule } from './modules/org-units/org-units.module';
import { PeriodicReportsModule } from './modules/periodic-reports/periodic-reports.module';
import { UsersModule } from './modules/users/users.module';
import { WebAppModule } from './modules/web-app/web-app.module';
import { CommandWorkerModule } from './workers/command-worker.module';

@Module({
  imports: [
    InfrastructureModule,
    AuthModule,
    UsersModule,
    OrgUnitsModule,
    HealthModule,
    HolidaysModule,
    MetricsModule,
    DefinitionsModule,
    InstancesModule,
    VersionUpgradesModule,
    CommandsModule,
    InboxModule,
    MyCasesModule,
    FollowUpsModule,
    // The official's daily work around the inbox.
    DelegationsModule,
    ClaimsModule,
    DraftsModule,
    AttachmentsModule,
    CommentsModule,
    CopiesModule,
    ScorecardModule,
    // Time: deadlines, reminders, escalation, notifications and the periodic reporting cycle.
    DeadlinesModule,
    NotificationsModule,
    PeriodicReportsModule,
    // The work cycle around a letter: the directive as a record, campaigns sent from its points.
    DirectivesModule,
    CampaignsModule,
    ExchangesModule,
    MeetingsModule,
    DocumentsModule,
    AuditModule,
    // One Merkle log over all history, its signed checkpoints and its sequencer.
    TransparencyLogModule,
    AdminModule,
    // The web application at `/`; its catch-all route is added after the controllers' routes.
    WebAppModule,
    // Workers run inside the API process unless RUN_WORKERS=false (then run `npm run start:worker`).
    ConditionalModule.registerWhen(
      CommandWorkerModule,
      (env) => env.RUN_WORKERS !== 'false' && env.RUN_WORKERS !== '0',
    ),
  ],
  providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
})
export class AppModule {}
