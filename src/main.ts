import { NestFactory } from '@nestjs/core';
import { validateEnv } from './config/env.schema';
import { withDatabase } from './database/embedded-database';

async function bootstrap(): Promise<void> {
  // Without DATABASE_URL the product runs on an embedded PostgreSQL, migrated and (when empty)
  // seeded here, before any module reads configuration.
  const embedded = await withDatabase(validateEnv(process.env), (message) =>
    console.log(`[database] ${message}`),
  );
  if (embedded) {
    const { setup } = await import('./cli/setup');
    await setup();
  }
  const { AppModule } = await import('./app.module');
  const { configureApp } = await import('./common/http/configure-app');
  const { AppConfigService } = await import('./config/app-config.service');
  const app = await NestFactory.create(AppModule, { bufferLogs: true, bodyParser: false });
  configureApp(app);
  const config = app.get(AppConfigService);
  await app.listen(config.get('PORT'), config.get('HOST'));
}

void bootstrap();
