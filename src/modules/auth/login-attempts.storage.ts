import { type ThrottlerStorage } from '@nestjs/throttler';
import { type DataSource } from 'typeorm';
import { AuthRepository } from './auth.repository';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The sign-in limiter's counters in PostgreSQL, so every API process counts against the same
 * limit (PostgreSQL rather than Redis: Redis is optional). A fixed window per key: one upsert
 * counts the attempt, restarting the window once it has passed; the same statement drops rows
 * whose window ended long ago, so the table stays as small as the traffic of the last minutes.
 */
export class LoginAttemptsStorage implements ThrottlerStorage {
  private readonly repository = new AuthRepository();

  constructor(private readonly dataSource: DataSource) {}

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const row = await this.repository.countAttempt(this.dataSource.manager, key, ttl);
    if (!row) throw new Error('The sign-in attempt was not counted');
    const timeToExpire = Math.max(0, Math.ceil(row.expiresInMs / 1000));
    const isBlocked = row.hits > limit;
    return {
      totalHits: row.hits,
      timeToExpire,
      isBlocked,
      timeToBlockExpire: isBlocked ? timeToExpire : 0,
    };
  }
}
