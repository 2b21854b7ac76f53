import {
  assertHandlesEveryJob,
  JobName,
  NOTIFICATIONS_QUEUE,
  TIMERS_QUEUE,
} from './queue.constants';

describe('assertHandlesEveryJob', () => {
  const handler = async (): Promise<void> => undefined;

  it('passes when every job of the queue has a handler', () => {
    expect(() =>
      assertHandlesEveryJob(TIMERS_QUEUE, {
        [JobName.TaskReminder]: handler,
        [JobName.TaskEscalation]: handler,
        [JobName.OpenPeriodicReport]: handler,
      }),
    ).not.toThrow();
  });

  it('fails start-up naming the jobs left without one', () => {
    expect(() => assertHandlesEveryJob(TIMERS_QUEUE, { [JobName.TaskReminder]: handler })).toThrow(
      /workflow-timers has no handler for job\(s\): task-escalation, open-periodic-report/,
    );
    expect(() => assertHandlesEveryJob(NOTIFICATIONS_QUEUE, {})).toThrow(/deliver-notification/);
  });
});
