import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { InfrastructureModule } from './infrastructure.module';
import { CommandWorkerModule } from './workers/command-worker.module';

/** Workers only: the same modules as the API, without HTTP. Run any number of these. */
@Module({
  imports: [InfrastructureModule, CommandWorkerModule],
})
class WorkerModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  logger.log(`Command worker started (pid ${process.pid})`, 'Worker');
}

void bootstrap();
