import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigService } from '../config/app-config.service';
import { AfterCommitModule } from './after-commit.module';
import { dataSourceOptions, requireDatabaseUrl } from './data-source-options';

export interface DatabaseModuleOptions {
  /**
   * Bound every statement by `DATABASE_STATEMENT_TIMEOUT_MS` (API and worker processes): a heavy
   * query stops when its client has long given up. Scripts (migrations, seed) run unbounded.
   */
  boundStatements: boolean;
}

@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfigService],
          useFactory: (config: AppConfigService) => ({
            ...dataSourceOptions(requireDatabaseUrl(config.get('DATABASE_URL')), {
              poolSize: config.get('DATABASE_POOL_SIZE'),
              statementTimeoutMs: options.boundStatements
                ? config.get('DATABASE_STATEMENT_TIMEOUT_MS')
                : 0,
            }),
            // Start-up must not hang forever on a database that is down; terminus reports it.
            retryAttempts: 3,
            retryDelay: 1000,
          }),
        }),
        AfterCommitModule,
      ],
    };
  }
}
