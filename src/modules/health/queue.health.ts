import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { COMMANDS_QUEUE } from '../../queue/queue.constants';
import { REDIS_CLIENT } from '../../redis/redis.module';

/**
 * Whether the queue's datastore answers: Redis's PING when `REDIS_URL` is set (reported as
 * `redis`), else one read of BullMQ's PostgreSQL schema (reported as `queue`).
 */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
    @InjectQueue(COMMANDS_QUEUE) private readonly queue: Queue,
    private readonly indicator: HealthIndicatorService,
  ) {}

  get key(): 'redis' | 'queue' {
    return this.redis ? 'redis' : 'queue';
  }

  async isHealthy(timeoutMs = 1000): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(this.key);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.redis ? this.redis.ping() : this.queue.getJobCounts('waiting'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
        }),
      ]);
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}
