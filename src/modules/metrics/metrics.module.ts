import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { UsersModule } from '../users/users.module';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsGuard } from './metrics.guard';

/** `GET /metrics` and the timing of every HTTP request (the registry is MetricsCoreModule's). */
@Module({
  imports: [UsersModule],
  controllers: [MetricsController],
  providers: [MetricsGuard, JwtAuthGuard],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
