import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfigService } from '../config/app-config.service';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/**
 * One general-purpose Redis connection per process (health checks, start-up checks), or null when
 * `REDIS_URL` is unset and the queues live in PostgreSQL. BullMQ opens its own connections.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [AppConfigService],
      useFactory: (config: AppConfigService): Redis | null => {
        const url = config.get('REDIS_URL');
        if (!url) return null;
        return new Redis(url, {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          lazyConnect: false,
        });
      },
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');

  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis | null) {
    // Without a listener ioredis reports connection errors as unhandled; health reports them.
    this.redis?.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    try {
      await waitForReady(this.redis, 5000);
      const reply = (await this.redis.config('GET', 'maxmemory-policy')) as string[];
      const policy = reply[1];
      if (policy !== 'noeviction') {
        this.logger.warn(
          `Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction" or queued jobs may be evicted`,
        );
      }
    } catch (error) {
      this.logger.warn(`Could not check Redis maxmemory-policy: ${(error as Error).message}`);
    }
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}

function waitForReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Redis not ready')), timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
