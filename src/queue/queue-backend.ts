import {
  createPostgresBackend,
  createRedisBackend,
  type PostgresPoolConfig,
  type QueueOptions,
  runMigrations,
  setDefaultBackendFactory,
} from 'bullmq';
import { escapeIdentifier, type PoolClient } from 'pg';
import { type DataSource } from 'typeorm';
import { QUEUE_JOBS } from './queue.constants';
import { redisConnectionOptions } from './redis-connection';

/** Where BullMQ keeps its queues: Redis when `REDIS_URL` is set, else PostgreSQL. */
export type QueueBackendKind = 'redis' | 'postgres';

/** The schema of BullMQ's PostgreSQL backend, beside the product's tables in `public`. */
export const QUEUE_SCHEMA = 'bullmq';

export interface QueueBackendSettings {
  REDIS_URL?: string;
  DATABASE_URL?: string;
  QUEUE_PREFIX: string;
  QUEUE_POSTGRES_POOL_SIZE: number;
}

export function queueBackendKind(
  settings: Pick<QueueBackendSettings, 'REDIS_URL'>,
): QueueBackendKind {
  return settings.REDIS_URL ? 'redis' : 'postgres';
}

/**
 * BullMQ's shared options for this process, and its process-wide backend factory: @nestjs/bullmq
 * builds every Queue and Worker without a factory argument, so the default is what selects the
 * datastore. The PostgreSQL backend only checks its schema here (setup creates it as the owner);
 * each queue and worker gets a small pool of its own plus one LISTEN connection.
 */
export function bullRootOptions(settings: QueueBackendSettings): QueueOptions {
  if (queueBackendKind(settings) === 'redis') {
    setDefaultBackendFactory(createRedisBackend);
    return {
      connection: redisConnectionOptions(settings.REDIS_URL as string),
      prefix: settings.QUEUE_PREFIX,
    };
  }
  if (!settings.DATABASE_URL) throw new Error('The PostgreSQL queue backend needs DATABASE_URL');
  setDefaultBackendFactory(createPostgresBackend);
  const connection: PostgresPoolConfig = {
    connectionString: settings.DATABASE_URL,
    schema: QUEUE_SCHEMA,
    max: settings.QUEUE_POSTGRES_POOL_SIZE,
    application_name: 'dwf-queue',
  };
  // The factory set above reads PostgreSQL options; Nest's option type only knows Redis's.
  return { connection: connection };
}

/**
 * Creates or upgrades BullMQ's PostgreSQL schema when the queues live in PostgreSQL (idempotent;
 * BullMQ serialises concurrent starters with an advisory lock). Run by setup and migrate as the
 * owner, on one session of its own. Returns the schema for the serving role's grants, or
 * undefined on Redis.
 */
export async function migrateQueueSchema(
  owner: DataSource,
  settings: Pick<QueueBackendSettings, 'REDIS_URL'>,
): Promise<string | undefined> {
  if (queueBackendKind(settings) === 'redis') return undefined;
  const runner = owner.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    await runMigrations(client, QUEUE_SCHEMA);
    // BullMQ creates a queue's job-id sequence on its first add without a job id; made here, as
    // the owner, the serving role needs no CREATE on the schema.
    const schema = escapeIdentifier(QUEUE_SCHEMA);
    for (const name of Object.keys(QUEUE_JOBS)) {
      const { rows } = await client.query<{ seq: string }>(
        `SELECT ${schema}.job_id_seq_name($1) AS seq`,
        [name],
      );
      await client.query(
        `CREATE SEQUENCE IF NOT EXISTS ${schema}.${escapeIdentifier(rows[0].seq)}`,
      );
    }
    return QUEUE_SCHEMA;
  } finally {
    await runner.release();
  }
}
