import { type DataSourceOptions } from 'typeorm';
import { join } from 'node:path';

/**
 * One description of the database for the app, the migration script and the tests. Entities and
 * migrations are found by glob so a new module only has to add its files.
 */
export interface PoolOptions {
  poolSize: number;
  /** `statement_timeout` of every connection, in ms; 0 leaves statements unbounded. */
  statementTimeoutMs: number;
}

/** The configured database; only `npm start` and `npm run setup` may do without (embedded). */
export function requireDatabaseUrl(url: string | undefined): string {
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set: `npm start` and `npm run setup` then run an embedded PostgreSQL, ' +
        'but workers and other scripts need the URL of the database the API uses',
    );
  }
  return url;
}

export function dataSourceOptions(
  databaseUrl: string,
  { poolSize, statementTimeoutMs }: PoolOptions = { poolSize: 20, statementTimeoutMs: 0 },
): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: {
      max: poolSize,
      application_name: 'directive-workflow',
      ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
    },
  };
}
