import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type DataSource } from 'typeorm';
import { ClockModule } from '../common/clock/clock.module';
import { AppConfigService } from '../config/app-config.service';
import { AppConfigModule } from '../config/config.module';
import { DefinitionsModule } from '../modules/definitions/definitions.module';
import { DefinitionsRepository } from '../modules/definitions/definitions.repository';
import { DefinitionsService } from '../modules/definitions/definitions.service';
import { OrgUnitsModule } from '../modules/org-units/org-units.module';
import { OrgUnitsRepository } from '../modules/org-units/org-units.repository';
import { OrgUnitsService } from '../modules/org-units/org-units.service';
import { PeriodicReportsRepository } from '../modules/periodic-reports/periodic-reports.repository';
import { findReportingBoard } from '../modules/periodic-reports/reporting-board';
import { BUILT_IN_DEFINITIONS } from '../workflows/definitions/built-in-definitions';
import { validateEnv } from '../config/env.schema';
import { OwnerDatabaseModule } from '../database/database.module';
import { requireDatabaseUrl } from '../database/data-source-options';
import { withDatabase } from '../database/embedded-database';
import { ensureDatabase } from '../database/ensure-database';
import { DirectivesRepository } from '../modules/directives/directives.repository';
import { recordDirective } from '../modules/directives/directives.service';
import { DEMO_DIRECTIVE } from './seed/demo-directive';
import { DEMO_UNIT_KINDS, DEMO_UNITS, DEMO_USERS } from './seed/demo-organisation';
import { seedOrganisation } from './seed/seed-organisation';
import { seedSystemUser } from '../modules/users/seed-system-user';
import { describeServingRole, grantServingRole } from '../database/serving-role';

// The clock stamps published definitions.
@Module({
  imports: [ClockModule, AppConfigModule, OwnerDatabaseModule, OrgUnitsModule, DefinitionsModule],
})
class SetupModule {}

/**
 * `npm run setup`: migrate, then seed the demo organisation, users, letter and the built-in
 * workflows. Demo data goes only into an empty database (or on `SEED_DEMO=force`), and a built-in
 * workflow an admin has published over is left alone, so running it again — as every container
 * start does — changes nothing an admin did.
 */
export async function setup(): Promise<void> {
  const env = validateEnv(process.env);
  if (await ensureDatabase(requireDatabaseUrl(env.DATABASE_OWNER_URL ?? env.DATABASE_URL))) {
    console.log('database created');
  }
  const app = await NestFactory.createApplicationContext(SetupModule, {
    logger: ['error', 'warn'],
  });
  try {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const migrations = await dataSource.runMigrations({ transaction: 'each' });
    console.log(`migrations applied: ${migrations.length}`);
    console.log(
      describeServingRole(await grantServingRole(dataSource, requireDatabaseUrl(env.DATABASE_URL))),
    );

    const config = app.get(AppConfigService);
    const force = config.get('SEED_DEMO') === 'force';
    const units = await app.get(OrgUnitsRepository).count(dataSource.manager);
    // Demo data goes only into an empty database (or on SEED_DEMO=force): a restart never
    // reverts what an admin renamed, moved, merged or re-assigned since.
    if (units === 0 || force) {
      const seeded = await dataSource.transaction((manager) =>
        seedOrganisation(
          manager,
          { kinds: DEMO_UNIT_KINDS, units: DEMO_UNITS, users: DEMO_USERS },
          config.get('SEED_PASSWORD'),
        ),
      );
      console.log(`organisation: ${seeded.units} units, ${seeded.users} users`);
      const [letter] = await dataSource.query<unknown[]>(
        `SELECT 1 FROM directives WHERE symbol = $1`,
        [DEMO_DIRECTIVE.symbol],
      );
      if (!letter) {
        await dataSource.transaction((manager) => recordDirective(new DirectivesRepository(), manager, DEMO_DIRECTIVE, null));
        console.log(`directive ${DEMO_DIRECTIVE.symbol} recorded`);
      }
    } else {
      console.log(`organisation: kept (${units} units; SEED_DEMO=force re-applies the demo data)`);
    }

    const board = await findReportingBoard(
      new PeriodicReportsRepository(),
      dataSource.manager,
      await app.get(OrgUnitsService).directory(),
    );
    if (board) await seedSystemUser(dataSource.manager, board);

    const definitions = app.get(DefinitionsService);
    for (const document of BUILT_IN_DEFINITIONS) {
      // A built-in workflow is upgraded only while its latest version is setup's own: once an
      // admin has published a version over it, theirs stands.
      const latest = await app
        .get(DefinitionsRepository)
        .latest(dataSource.manager, document.key, false);
      if (latest?.publishedBy && !force) {
        console.log(`definition ${document.key} v${latest.version} kept (published by an admin)`);
        continue;
      }
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
