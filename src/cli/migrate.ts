import { validateEnv } from '../config/env.schema';
import dataSource from '../database/data-source';
import { requireDatabaseUrl } from '../database/data-source-options';
import { describeServingRole, grantServingRole } from '../database/serving-role';
import { migrateQueueSchema } from '../queue/queue-backend';

/** Applies every pending migration and exits: `npm run migrate`. */
async function migrate(): Promise<void> {
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(`migrations applied: ${applied.length}`);
    const env = validateEnv(process.env);
    const queueSchema = await migrateQueueSchema(dataSource, env);
    if (queueSchema) console.log(`queue schema ${queueSchema} ready (BullMQ on PostgreSQL)`);
    const outcome = await grantServingRole(
      dataSource,
      requireDatabaseUrl(env.DATABASE_URL),
      queueSchema,
    );
    console.log(describeServingRole(outcome));
  } finally {
    await dataSource.destroy();
  }
}

migrate().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
