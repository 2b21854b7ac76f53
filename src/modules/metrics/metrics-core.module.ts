import { Global, Module } from '@nestjs/common';
import { AppMetrics } from './app-metrics.service';

/** The metrics registry of every process (API and workers record into it). */
@Global()
@Module({
  providers: [AppMetrics],
  exports: [AppMetrics],
})
export class MetricsCoreModule {}
