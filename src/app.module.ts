import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConditionalModule } from '@nestjs/config';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { AppLoggerModule } from './common/http/logging.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { AuthModule } from './modules/auth/auth.module';
import { CommandsModule } from './modules/commands/commands.module';
import { DefinitionsModule } from './modules/definitions/definitions.module';
import { HealthModule } from './modules/health/health.module';
import { InstancesModule } from './modules/instances/instances.module';
import { AuditModule } from './modules/audit/audit.module';
import { InboxModule } from './modules/inbox/inbox.module';
import { OrgUnitsModule } from './modules/org-units/org-units.module';
import { UsersModule } from './modules/users/users.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';
import { CommandWorkerModule } from './workflows/processors/command-worker.module';

@Module({
  imports: [
    AppConfigModule,
    AppLoggerModule,
    DatabaseModule,
    RedisModule,
    QueueModule,
    AuthModule,
    UsersModule,
    OrgUnitsModule,
    HealthModule,
    DefinitionsModule,
    InstancesModule,
    CommandsModule,
    InboxModule,
    AuditModule,
    // Workers run inside the API process unless RUN_WORKERS=false (then run `npm run start:worker`).
    ConditionalModule.registerWhen(
      CommandWorkerModule,
      (env) => env.RUN_WORKERS !== 'false' && env.RUN_WORKERS !== '0',
    ),
  ],
  providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
})
export class AppModule {}
