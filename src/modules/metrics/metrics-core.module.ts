import { Global, Module } from '@nestjs/common';
import { AppMetrics } from './app-metrics.service';
import { MetricsRepository } from './metrics.repository';

/** The metrics registry of every process (API and workers record into it). */
@Global()
@Module({
  providers: [MetricsRepository, AppMetrics],
  exports: [AppMetrics],
})
export class MetricsCoreModule {}
