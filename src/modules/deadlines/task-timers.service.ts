import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { JobName } from '../../queue/queue.constants';
import { TimerQueue } from '../../queue/timer-queue.service';

/** When a step's timers fire; null when it has none of that kind (or none to queue now). */
export interface TimedTask {
  id: string;
  remindAt: Date | null;
  dueAt: Date | null;
}

/**
 * Puts a step's reminder and escalation into the queue as delayed jobs. Only the timer sweep calls
 * it, for the timers due within its horizon: deadlines live in PostgreSQL (xstate's own `after`
 * delays are not restored from a persisted snapshot), and opening or closing a step never touches
 * the queue.
 */
@Injectable()
export class TaskTimers {
  constructor(
    private readonly queue: TimerQueue,
    private readonly clock: Clock,
  ) {}

  /** Schedules the given timers (a no-op for one that is already in the queue). */
  async schedule(task: TimedTask): Promise<void> {
    const now = this.clock.now().getTime();
    if (task.remindAt) {
      await this.queue.schedule(JobName.TaskReminder, task.id, task.remindAt.getTime() - now);
    }
    if (task.dueAt) {
      await this.queue.schedule(JobName.TaskEscalation, task.id, task.dueAt.getTime() - now);
    }
  }
}
