import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfigService } from '../config/app-config.service';
import { CommandQueue } from './command-queue.service';
import { NotificationQueue } from './notification-queue.service';
import { COMMANDS_QUEUE, NOTIFICATIONS_QUEUE, TIMERS_QUEUE } from './queue.constants';
import { redisConnectionOptions } from './redis-connection';
import { TimerQueue } from './timer-queue.service';

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => ({
        connection: redisConnectionOptions(config.get('REDIS_URL')),
        prefix: config.get('QUEUE_PREFIX'),
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
