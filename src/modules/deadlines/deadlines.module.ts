import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { TasksModule } from '../tasks/tasks.module';
import { DeadlineHandler } from './deadline-handler.service';
import { TaskTimerSweeper } from './task-timer-sweeper.service';
import { TaskTimersRepository } from './task-timers.repository';
import { TaskTimers } from './task-timers.service';

/**
 * Deadlines, reminders and escalation: kept in PostgreSQL, put into the queue by the timer sweep
 * only when due within its horizon, handled by the time worker.
 */
@Module({
  imports: [TasksModule, NotificationsModule, OrgUnitsModule],
  providers: [TaskTimers, TaskTimersRepository, DeadlineHandler, TaskTimerSweeper],
  exports: [DeadlineHandler, TaskTimerSweeper, TaskTimers],
})
export class DeadlinesModule {}
