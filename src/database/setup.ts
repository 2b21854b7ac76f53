import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type DataSource } from 'typeorm';
import { AppConfigService } from '../config/app-config.service';
import { AppConfigModule } from '../config/config.module';
import { DefinitionsModule } from '../modules/definitions/definitions.module';
import { DefinitionsService } from '../modules/definitions/definitions.service';
import { OrgUnitsModule } from '../modules/org-units/org-units.module';
import { OrgUnitsService } from '../modules/org-units/org-units.service';
import { findReportingBoard } from '../modules/periodic-reports/reporting-board';
import { BUILT_IN_DEFINITIONS } from '../workflows/definitions/built-in-definitions';
import { validateEnv } from '../config/env.schema';
import { DatabaseModule } from './database.module';
import { requireDatabaseUrl } from './data-source-options';
import { withDatabase } from './embedded-database';
import { ensureDatabase } from './ensure-database';
import { DEMO_UNIT_KINDS, DEMO_UNITS, DEMO_USERS } from './seed/demo-organisation';
import { seedOrganisation } from './seed/seed-organisation';
import { seedSystemUser } from './seed/seed-system-user';

@Module({
  imports: [
    AppConfigModule,
    DatabaseModule.forRoot({ boundStatements: false }),
    OrgUnitsModule,
    DefinitionsModule,
  ],
})
class SetupModule {}

export interface SetupOptions {
  /** Seed only a database that has no users yet (`npm start` on its embedded database). */
  seedOnlyWhenEmpty?: boolean;
}

/**
 * `npm run setup`: migrate, then seed the demo organisation, users and the built-in workflows.
 * Every step is an upsert or a no-op when already done, so running it twice changes nothing.
 */
export async function setup(options: SetupOptions = {}): Promise<void> {
  const databaseUrl = requireDatabaseUrl(validateEnv(process.env).DATABASE_URL);
  if (await ensureDatabase(databaseUrl)) console.log('database created');
  const app = await NestFactory.createApplicationContext(SetupModule, {
    logger: ['error', 'warn'],
  });
  try {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const migrations = await dataSource.runMigrations({ transaction: 'each' });
    console.log(`migrations applied: ${migrations.length}`);
    if (options.seedOnlyWhenEmpty) {
      const [{ users }] = await dataSource.query<Array<{ users: number }>>(
        'SELECT count(*)::int AS users FROM users',
      );
      if (users > 0) return;
    }

    const password = app.get(AppConfigService).get('SEED_PASSWORD');
    const seeded = await dataSource.transaction((manager) =>
      seedOrganisation(
        manager,
        { kinds: DEMO_UNIT_KINDS, units: DEMO_UNITS, users: DEMO_USERS },
        password,
      ),
    );
    console.log(`organisation: ${seeded.units} units, ${seeded.users} users`);

    const board = await findReportingBoard(
      dataSource.manager,
      await app.get(OrgUnitsService).directory(),
    );
    if (board) await seedSystemUser(dataSource.manager, board);

    const definitions = app.get(DefinitionsService);
    for (const document of BUILT_IN_DEFINITIONS) {
      const result = await definitions.publish(document, null);
      console.log(
        `definition ${result.key} v${result.version} ${result.created ? 'published' : 'unchanged'}`,
      );
    }
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  const run = async (): Promise<void> => {
    // Without DATABASE_URL: set up the embedded database `npm start` will use.
    const embedded = await withDatabase(validateEnv(process.env), console.log);
    try {
      await setup();
    } finally {
      await embedded?.stop();
    }
  };
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
