import { TaskTimerSweeper } from '../../src/modules/deadlines/task-timer-sweeper.service';
import { PeriodicReportService } from '../../src/modules/periodic-reports/periodic-report.service';
import { JobName } from '../../src/queue/queue.constants';
import { TimerQueue } from '../../src/queue/timer-queue.service';
import { ControlledClock } from '../utils/controlled-clock';
import { OwnRedisServer } from '../utils/redis-server';
import { createTestApp, type TestApp } from '../utils/test-app';
import { DAY_MS, eventually, TimeFixtures } from './time-fixtures';

describe('time: timers are re-created from PostgreSQL when Redis loses them', () => {
  const clock = new ControlledClock();
  let redis: OwnRedisServer;
  let t: TestApp;
  let f: TimeFixtures;
  let timers: TimerQueue;
  let sweeper: TaskTimerSweeper;
  let reports: PeriodicReportService;

  beforeAll(async () => {
    // A Redis of the test's own: flushing the shared one would break every other test.
    redis = await OwnRedisServer.start();
    t = await createTestApp(
      {
        REDIS_URL: redis.url,
        TIMER_SWEEP_INTERVAL_MS: '3600000',
        TIMER_QUEUE_HORIZON_MS: String(60 * DAY_MS),
      },
      { clock },
    );
    f = new TimeFixtures(t);
    timers = t.app.get(TimerQueue);
    sweeper = t.app.get(TaskTimerSweeper);
    reports = t.app.get(PeriodicReportService);
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  async function timerStates(taskId: string): Promise<Array<string | null>> {
    await f.settled();
    return Promise.all([
      timers.state(JobName.TaskReminder, taskId),
      timers.state(JobName.TaskEscalation, taskId),
    ]);
  }

  it('rebuilds every pending timer and the periodic scheduler after a flush, and still fires', async () => {
    const first = await f.wf.create('mttq.phu-hoa', 'joint-activity-plan', 'phu-hoa.mttq');
    const second = await f.wf.create('mttq.tan-loc', 'annual-summary', 'tan-loc.mttq');
    const steps = [await f.openStep(first.id), await f.openStep(second.id)];
    await f.settled();
    expect((await sweeper.sweep()).queued).toBe(4);
    for (const step of steps) expect(await timerStates(step.id)).toEqual(['delayed', 'delayed']);
    expect(await timers.periodicReportSchedulerPattern()).toBe('0 1 1 1,4,7,10 *');

    await redis.flushAll();
    for (const step of steps) expect(await timerStates(step.id)).toEqual([null, null]);
    expect(await timers.periodicReportSchedulerPattern()).toBeNull();

    // One sweep notices (its marker key went with the data) and re-creates them all.
    await reports.ensureSchedule();
    const report = await sweeper.sweep();
    expect(report.recreated).toBe(4);
    for (const step of steps) expect(await timerStates(step.id)).toEqual(['delayed', 'delayed']);
    expect(await timers.periodicReportSchedulerPattern()).toBe('0 1 1 1,4,7,10 *');
    // Re-created once: the next sweep finds Redis whole and adds nothing.
    expect(await sweeper.sweep()).toEqual({ recreated: 0, fired: 0, queued: 0, cancelled: 0 });

    // The rebuilt timers still work: past the deadline, the step escalates.
    await redis.flushAll();
    clock.set(new Date(Date.now() + 16 * DAY_MS));
    // Overdue timers come back due at once (some may already have run when the sweep looks).
    expect((await sweeper.sweep()).recreated).toBe(4);
    await eventually('escalations', async () => {
      const tasks = [...(await f.tasks(first.id)), ...(await f.tasks(second.id))];
      const overdue = tasks.filter((task) => task.kind === 'step' && task.overdue_at !== null);
      return overdue.length === 2 ? overdue : undefined;
    });
    const notified = await eventually('overdue notification', async () =>
      (await f.notificationsAbout('mttq.tan-loc', second.id)).find((n) => n.kind === 'overdue'),
    );
    expect(notified.taskId).toBe(steps[1].id);
  });
});
