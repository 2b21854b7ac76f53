import { Module } from '@nestjs/common';
import { ClockModule } from './common/clock/clock.module';
import { AppLoggerModule } from './common/http/logging.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';

/**
 * What every process stands on, the API and the stand-alone workers alike: validated
 * configuration, structured logs, the clock, PostgreSQL, Redis and the queues (all global).
 */
@Module({
  imports: [
    AppConfigModule,
    AppLoggerModule,
    ClockModule,
    DatabaseModule,
    RedisModule,
    QueueModule,
  ],
})
export class InfrastructureModule {}
