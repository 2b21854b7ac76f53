import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigService } from '../config/app-config.service';
import { AfterCommitModule } from './after-commit.module';
import { dataSourceOptions, requireDatabaseUrl } from './data-source-options';

/**
 * The connection: the serving role's URL, or the owner's for setup and migrations. Bounded
 * statements (`DATABASE_STATEMENT_TIMEOUT_MS`, API and worker processes) stop a heavy query when
 * its client has long given up; scripts (migrations, seed) run unbounded.
 */
function connection(as: 'serving' | 'owner', boundStatements: boolean): DynamicModule {
  return TypeOrmModule.forRootAsync({
    inject: [AppConfigService],
    useFactory: (config: AppConfigService) => ({
      ...dataSourceOptions(
        requireDatabaseUrl(as === 'owner' ? ownerUrl(config) : config.get('DATABASE_URL')),
        {
          poolSize: config.get('DATABASE_POOL_SIZE'),
          statementTimeoutMs: boundStatements ? config.get('DATABASE_STATEMENT_TIMEOUT_MS') : 0,
        },
      ),
      // Start-up must not hang forever on a database that is down; terminus reports it.
      retryAttempts: 3,
      retryDelay: 1000,
    }),
  });
}

export function ownerUrl(config: Pick<AppConfigService, 'get'>): string | undefined {
  return config.get('DATABASE_OWNER_URL') ?? config.get('DATABASE_URL');
}

export interface DatabaseModuleOptions {
  boundStatements: boolean;
}

@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [connection('serving', options.boundStatements), AfterCommitModule],
    };
  }
}

/** For `npm run setup`: migrations, seeding and grants run as the tables' owner. */
@Module({ imports: [connection('owner', false), AfterCommitModule] })
export class OwnerDatabaseModule {}
