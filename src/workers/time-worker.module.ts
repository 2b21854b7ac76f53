import { Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RepeatingTask } from '../common/scheduling/repeating-task';
import { AppConfigService } from '../config/app-config.service';
import { DeadlinesModule } from '../modules/deadlines/deadlines.module';
import { TaskTimerSweeper } from '../modules/deadlines/task-timer-sweeper.service';
import { NotificationsModule } from '../modules/notifications/notifications.module';
import { PeriodicReportService } from '../modules/periodic-reports/periodic-report.service';
import { PeriodicReportsModule } from '../modules/periodic-reports/periodic-reports.module';
import { NotificationsProcessor } from './notifications.processor';
import { TimersProcessor } from './timers.processor';

/**
 * The time workers: reminders, escalations, the periodic report and notification deliveries, and
 * the sweep that keeps Redis's timers in step with PostgreSQL (and catches up a periodic report
 * whose firing Redis lost). Runs wherever the command worker runs.
 */
@Module({
  imports: [DeadlinesModule, NotificationsModule, PeriodicReportsModule],
  providers: [TimersProcessor, NotificationsProcessor],
})
export class TimeWorkerModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TimeSweep');
  private readonly sweep: RepeatingTask;

  constructor(
    private readonly timers: TaskTimerSweeper,
    private readonly reports: PeriodicReportService,
    config: AppConfigService,
  ) {
    this.sweep = new RepeatingTask(
      'Time sweep',
      config.get('TIMER_SWEEP_INTERVAL_MS'),
      () => this.sweepOnce(),
      this.logger,
    );
  }

  onApplicationBootstrap(): void {
    this.sweep.start();
    void this.sweep.runOnce();
  }

  /** Before the database and Redis connections close, so a sweep under way can finish. */
  async onModuleDestroy(): Promise<void> {
    await this.sweep.stop();
  }

  private async sweepOnce(): Promise<void> {
    await this.reports.ensureSchedule();
    const { recreated, fired, queued, cancelled } = await this.timers.sweep();
    if (recreated > 0) this.logger.log(`Re-created ${recreated} timer(s) the queue had lost`);
    if (queued > 0) this.logger.log(`Queued ${queued} timer(s) entering the horizon`);
    if (cancelled > 0) this.logger.log(`Removed the queued timers of ${cancelled} closed step(s)`);
    if (fired > 0) this.logger.log(`Ran ${fired} due timer(s)`);
    const caughtUp = await this.reports.catchUp();
    if (caughtUp) this.logger.log(`Opened the missed periodic report for ${caughtUp.periodKey}`);
  }
}
