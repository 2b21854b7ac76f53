import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { JobName } from '../../queue/queue.constants';
import { TimerQueue } from '../../queue/timer-queue.service';
import { type TaskEvent, TaskEvents, type TaskEventListener } from '../tasks/task-events';

/** When a step's timers fire; null when it has none of that kind. */
export interface TimedTask {
  id: string;
  remindAt: Date | null;
  dueAt: Date | null;
}

/**
 * Keeps each open step's reminder and escalation as BullMQ delayed jobs: scheduled once the
 * transaction that opened the step commits, removed once the one that closed it does. xstate's own
 * `after` delays are not restored from a persisted snapshot, so deadlines live here instead.
 */
@Injectable()
export class TaskTimers implements TaskEventListener, OnModuleInit {
  constructor(
    private readonly events: TaskEvents,
    private readonly queue: TimerQueue,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.subscribe(this);
  }

  async afterCommit(event: TaskEvent): Promise<void> {
    switch (event.type) {
      case 'opened':
        return this.schedule(event.task);
      case 'closed':
        for (const id of event.taskIds) await this.queue.cancel(id);
        return;
    }
  }

  /** Schedules both timers (a no-op for one that is already in Redis). */
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
