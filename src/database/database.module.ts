import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigService } from '../config/app-config.service';
import { AfterCommitModule } from './after-commit.module';
import { dataSourceOptions } from './data-source-options';

/** The connection: the serving role's URL, or the owner's for setup and migrations. */
function connection(as: 'serving' | 'owner'): DynamicModule {
  return TypeOrmModule.forRootAsync({
    inject: [AppConfigService],
    useFactory: (config: AppConfigService) => ({
      ...dataSourceOptions(
        as === 'owner' ? ownerUrl(config) : config.get('DATABASE_URL'),
        config.get('DATABASE_POOL_SIZE'),
      ),
      // Start-up must not hang forever on a database that is down; terminus reports it.
      retryAttempts: 3,
      retryDelay: 1000,
    }),
  });
}

export function ownerUrl(config: Pick<AppConfigService, 'get'>): string {
  return config.get('DATABASE_OWNER_URL') ?? config.get('DATABASE_URL');
}

@Module({ imports: [connection('serving'), AfterCommitModule] })
export class DatabaseModule {}

/** For `npm run setup`: migrations, seeding and grants run as the tables' owner. */
@Module({ imports: [connection('owner'), AfterCommitModule] })
export class OwnerDatabaseModule {}
