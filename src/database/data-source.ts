import { DataSource } from 'typeorm';
import { validateEnv } from '../config/env.schema';
import { dataSourceOptions, requireDatabaseUrl } from './data-source-options';

/**
 * The data source the TypeORM CLI and the stand-alone scripts use (`npm run migrate`): the owner's
 * (DATABASE_OWNER_URL when set), since migrations change the schema.
 */
const env = validateEnv(process.env);
export default new DataSource(
  dataSourceOptions(requireDatabaseUrl(env.DATABASE_OWNER_URL ?? env.DATABASE_URL), {
    poolSize: 2,
    statementTimeoutMs: 0,
  }),
);
