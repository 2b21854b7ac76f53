import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** A sign-in counter after one more attempt: hits in the window and how long the window lasts. */
export interface AttemptCount {
  hits: number;
  expiresInMs: number;
}

/** The one place `app_secrets` and `login_attempts` are read and written. */
@Injectable()
export class AuthRepository {
  /**
   * The stored secret of that name, storing `candidate` first when there is none. Two processes
   * starting together both insert; the first wins and both read its value.
   */
  async secret(manager: EntityManager, name: string, candidate: string): Promise<string> {
    await manager.query(
      `INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
      [name, candidate],
    );
    const [row] = await manager.query<Array<{ value: string }>>(
      `SELECT value FROM app_secrets WHERE name = $1`,
      [name],
    );
    return row.value;
  }

  /**
   * Counts an attempt under `key` in a fixed window of `windowMs`, restarting the window once it
   * has passed; the same statement drops rows whose window ended long ago, so the table stays as
   * small as the traffic of the last minutes. Null if nothing was counted.
   */
  async countAttempt(
    manager: EntityManager,
    key: string,
    windowMs: number,
  ): Promise<AttemptCount | null> {
    const rows = await manager.query<Array<{ hits: number; expires_in_ms: number }>>(
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
      [key, windowMs],
    );
    const row = rows[0];
    return row ? { hits: row.hits, expiresInMs: row.expires_in_ms } : null;
  }
}
