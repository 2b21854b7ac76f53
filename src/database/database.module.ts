import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigService } from '../config/app-config.service';
import { AfterCommitModule } from './after-commit.module';
import { dataSourceOptions } from './data-source-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => ({
        ...dataSourceOptions(config.get('DATABASE_URL'), config.get('DATABASE_POOL_SIZE')),
        // Start-up must not hang forever on a database that is down; terminus reports it.
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
    AfterCommitModule,
  ],
})
export class DatabaseModule {}
