import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfigService } from '../config/app-config.service';
import { CommandQueue } from './command-queue.service';
import { COMMANDS_QUEUE } from './queue.constants';
import { redisConnectionOptions } from './redis-connection';

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
    BullModule.registerQueue({ name: COMMANDS_QUEUE }),
  ],
  providers: [CommandQueue],
  exports: [BullModule, CommandQueue],
})
export class QueueModule {}
