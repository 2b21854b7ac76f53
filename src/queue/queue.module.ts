import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfigService } from '../config/app-config.service';
import { CommandQueue } from './command-queue.service';
import { NotificationQueue } from './notification-queue.service';
import { COMMANDS_QUEUE, NOTIFICATIONS_QUEUE, TIMERS_QUEUE } from './queue.constants';
import { bullRootOptions } from './queue-backend';
import { TimerQueue } from './timer-queue.service';

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) =>
        bullRootOptions({
          REDIS_URL: config.get('REDIS_URL'),
          DATABASE_URL: config.get('DATABASE_URL'),
          QUEUE_PREFIX: config.get('QUEUE_PREFIX'),
          QUEUE_POSTGRES_POOL_SIZE: config.get('QUEUE_POSTGRES_POOL_SIZE'),
        }),
    }),
    BullModule.registerQueue(
      { name: COMMANDS_QUEUE },
      { name: TIMERS_QUEUE },
      { name: NOTIFICATIONS_QUEUE },
    ),
  ],
  providers: [CommandQueue, TimerQueue, NotificationQueue],
  exports: [BullModule, CommandQueue, TimerQueue, NotificationQueue],
})
export class QueueModule {}
