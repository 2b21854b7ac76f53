import { Module } from '@nestjs/common';
import { ClockModule } from './common/clock/clock.module';
import { AppLoggerModule } from './common/http/logging.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { MetricsCoreModule } from './modules/metrics/metrics-core.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';

/**
 * What every process stands on, the API and the stand-alone workers alike: validated
 * configuration, structured logs, the clock, PostgreSQL, Redis, the queues and the metrics
 * registry (all global).
 */
@Module({
  imports: [
    AppConfigModule,
    AppLoggerModule,
    ClockModule,
    DatabaseModule.forRoot({ boundStatements: true }),
    RedisModule,
    QueueModule,
    MetricsCoreModule,
  ],
})
export class InfrastructureModule {}
