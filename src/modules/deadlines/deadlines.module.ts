import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { TasksModule } from '../tasks/tasks.module';
import { DeadlineHandler } from './deadline-handler.service';
import { TaskTimerSweeper } from './task-timer-sweeper.service';
import { TaskTimers } from './task-timers.service';

/**
 * Deadlines, reminders and escalation. Load it wherever tasks are written (API and workers), so
 * every opened step gets its timers as soon as it commits.
 */
@Module({
  imports: [TasksModule, NotificationsModule, OrgUnitsModule],
  providers: [TaskTimers, DeadlineHandler, TaskTimerSweeper],
  exports: [DeadlineHandler, TaskTimerSweeper, TaskTimers],
})
export class DeadlinesModule {}
