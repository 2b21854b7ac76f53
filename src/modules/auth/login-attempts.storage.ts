import { type ThrottlerStorage } from '@nestjs/throttler';
import { type DataSource } from 'typeorm';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface AttemptRow {
  hits: number;
  expires_in_ms: number;
}

/**
 * The sign-in limiter's counters in PostgreSQL, so every API process counts against the same
 * limit (PostgreSQL rather than Redis: Redis is optional). A fixed window per key: one upsert
 * counts the attempt, restarting the window once it has passed; the same statement drops rows
 * whose window ended long ago, so the table stays as small as the traffic of the last minutes.
 */
export class LoginAttemptsStorage implements ThrottlerStorage {
  constructor(private readonly dataSource: DataSource) {}

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const rows = await this.dataSource.query<AttemptRow[]>(
      `WITH expired AS (
         DELETE FROM login_attempts
          WHERE expires_at < now() - interval '1 hour' AND key <> $1
       )
       INSERT INTO login_attempts AS a (key, hits, expires_at)
       VALUES ($1, 1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN a.expires_at <= now() THEN 1 ELSE a.hits + 1 END,
         expires_at = CASE WHEN a.expires_at <= now() THEN EXCLUDED.expires_at ELSE a.expires_at END
       RETURNING hits, ceil(extract(epoch FROM a.expires_at - now()) * 1000)::int AS expires_in_ms`,
      [key, ttl],
    );
    const row = rows[0];
    if (!row) throw new Error('The sign-in attempt was not counted');
    const timeToExpire = Math.max(0, Math.ceil(row.expires_in_ms / 1000));
    const isBlocked = row.hits > limit;
    return {
      totalHits: row.hits,
      timeToExpire,
      isBlocked,
      timeToBlockExpire: isBlocked ? timeToExpire : 0,
    };
  }
}
