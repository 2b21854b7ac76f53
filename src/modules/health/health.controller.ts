import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { QueueHealthIndicator } from './queue.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly queue: QueueHealthIndicator,
  ) {}

  /**
   * 200 when PostgreSQL and the queue's datastore (Redis, when configured) answer, 503 otherwise
   * (api.md's health route).
   */
  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.dependencies();
  }

  /**
   * Liveness: the process serves HTTP. It never looks at dependencies, so an orchestrator does not
   * restart a healthy process because PostgreSQL or Redis is briefly away.
   */
  @Public()
  @Get('live')
  @ApiOkResponse({ description: '`{ "status": "ok" }` while the process serves HTTP' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: send traffic here only while every dependency answers (503 otherwise). */
  @Public()
  @Get('ready')
  @HealthCheck()
  @ApiServiceUnavailableResponse({ description: 'A dependency does not answer' })
  ready() {
    return this.dependencies();
  }

  private dependencies() {
    return this.health.check([
      () => this.database.pingCheck('postgres', { timeout: 1500 }),
      () => this.queue.isHealthy(),
    ]);
  }
}
