import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { COMMANDS_QUEUE, NOTIFICATIONS_QUEUE, TIMERS_QUEUE } from '../../queue/queue.constants';
import { MetricsRepository } from './metrics.repository';

/** The queue states an operator watches: a backlog, work in hand, timers waiting, failures. */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** Seconds; from a few milliseconds (a cached read) to the command wait's upper range. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export type CommandOutcome = 'applied' | 'rejected';

/** The pg pool behind TypeORM's PostgreSQL driver (its public counters only). */
interface PoolCounters {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * The process's Prometheus metrics, in a registry of its own (not prom-client's global one, so
 * two apps in one test process do not collide). Counters and histograms are recorded as things
 * happen; queue sizes, due timers and the pool are read when scraped.
 */
@Injectable()
export class AppMetrics {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly commandLatency = new Histogram({
    name: 'workflow_command_latency_seconds',
    help: 'From a command accepted by the API to its outcome committed, by definition and event',
    labelNames: ['definition', 'event', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly commands = new Counter({
    name: 'workflow_commands_total',
    help: 'Commands decided by this process, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(
    @InjectDataSource() dataSource: DataSource,
    clock: Clock,
    @InjectQueue(COMMANDS_QUEUE) commandsQueue: Queue,
    @InjectQueue(TIMERS_QUEUE) timersQueue: Queue,
    @InjectQueue(NOTIFICATIONS_QUEUE) notificationsQueue: Queue,
    repository: MetricsRepository,
  ) {
    collectDefaultMetrics({ register: this.registry });
    const queues = [commandsQueue, timersQueue, notificationsQueue];
    new Gauge({
      name: 'workflow_queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const queue of queues) {
          const counts = await queue.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) {
            this.set({ queue: queue.name, state }, counts[state] ?? 0);
          }
        }
      },
    });
    new Gauge({
      name: 'workflow_timers_due',
      help: 'Reminders and escalations whose time has come and that have not run yet',
      labelNames: ['timer'] as const,
      registers: [this.registry],
      async collect() {
        const due = await repository.timersDue(dataSource.manager, clock.now());
        this.set({ timer: 'reminder' }, due.reminders);
        this.set({ timer: 'escalation' }, due.escalations);
      },
    });
    const pool = (): PoolCounters =>
      (dataSource.driver as unknown as { master: PoolCounters }).master;
    new Gauge({
      name: 'pg_pool_connections',
      help: 'PostgreSQL connections of this process: in use, idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const { totalCount, idleCount, waitingCount } = pool();
        this.set({ state: 'in_use' }, totalCount - idleCount);
        this.set({ state: 'idle' }, idleCount);
        this.set({ state: 'waiting' }, waitingCount);
      },
    });
  }

  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  /** A command's outcome committed `seconds` after the API accepted it. */
  observeCommand(
    definition: string,
    event: string,
    outcome: CommandOutcome,
    seconds: number,
  ): void {
    this.commands.inc({ outcome });
    this.commandLatency.observe({ definition, event, outcome }, Math.max(0, seconds));
  }
}
