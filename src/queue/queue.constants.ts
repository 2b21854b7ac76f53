/** Every queue and job name, and the payload each job carries: ids only, never state. */
export const COMMANDS_QUEUE = 'workflow-commands';

/** Reminders, escalations and the periodic report's opening: timers that live outside xstate. */
export const TIMERS_QUEUE = 'workflow-timers';
/** Deliveries of notifications to channels beyond the in-app list (email). */
export const NOTIFICATIONS_QUEUE = 'notifications';

export const JobName = {
  ApplyCommand: 'apply-command',
  TaskReminder: 'task-reminder',
  TaskEscalation: 'task-escalation',
  OpenPeriodicReport: 'open-periodic-report',
  DeliverNotification: 'deliver-notification',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** The jobs each queue carries; its processor must handle every one (checked at start-up). */
export const QUEUE_JOBS = {
  [COMMANDS_QUEUE]: [JobName.ApplyCommand],
  [TIMERS_QUEUE]: [JobName.TaskReminder, JobName.TaskEscalation, JobName.OpenPeriodicReport],
  [NOTIFICATIONS_QUEUE]: [JobName.DeliverNotification],
} as const;
export type QueueName = keyof typeof QUEUE_JOBS;
export type JobOf<Q extends QueueName> = (typeof QUEUE_JOBS)[Q][number];

/** The two timers every open step with a deadline has. */
export type TaskTimerJob = typeof JobName.TaskReminder | typeof JobName.TaskEscalation;

/** The job scheduler (BullMQ ≥ 5.16) that opens the periodic report each period. */
export const PERIODIC_REPORT_SCHEDULER_ID = 'periodic-report';

export interface ApplyCommandPayload {
  commandId: string;
}

export interface TaskTimerPayload {
  taskId: string;
}

/** The scheduler's job carries nothing: the period is the one that ended when it runs. */
export type OpenPeriodicReportPayload = Record<string, never>;

export interface DeliverNotificationPayload {
  notificationId: string;
}

export interface JobPayloads {
  [JobName.ApplyCommand]: ApplyCommandPayload;
  [JobName.TaskReminder]: TaskTimerPayload;
  [JobName.TaskEscalation]: TaskTimerPayload;
  [JobName.OpenPeriodicReport]: OpenPeriodicReportPayload;
  [JobName.DeliverNotification]: DeliverNotificationPayload;
}

/**
 * A handler for every job of a queue, or start-up fails: the type catches a missing one at compile
 * time and {@link assertHandlesEveryJob} again when the processor starts (Immich does the same).
 */
export type JobHandlers<Q extends QueueName> = {
  [J in JobOf<Q>]: (data: JobPayloads[J]) => Promise<void>;
};

export function assertHandlesEveryJob<Q extends QueueName>(
  queue: Q,
  handlers: Partial<Record<string, unknown>>,
): void {
  const missing = QUEUE_JOBS[queue].filter((name: string) => typeof handlers[name] !== 'function');
  if (missing.length > 0) {
    throw new Error(`Queue ${queue} has no handler for job(s): ${missing.join(', ')}`);
  }
}
