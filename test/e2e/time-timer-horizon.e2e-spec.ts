import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type DataSource } from 'typeorm';
import { TaskTimerSweeper } from '../../src/modules/deadlines/task-timer-sweeper.service';
import {
  COMMANDS_QUEUE,
  JobName,
  NOTIFICATIONS_QUEUE,
  TIMERS_QUEUE,
} from '../../src/queue/queue.constants';
import { TimerQueue } from '../../src/queue/timer-queue.service';
import { ControlledClock } from '../utils/controlled-clock';
import { QUEUE_BACKEND, createTestApp, type TestApp } from '../utils/test-app';
import { TimeFixtures } from './time-fixtures';

/** The Queue methods the app calls as a producer; a worker takes jobs through its own class. */
const QUEUE_METHODS = [
  'add',
  'addBulk',
  'remove',
  'getJob',
  'getJobs',
  'getJobCounts',
  'upsertJobScheduler',
  'getJobScheduler',
] as const;

describe(`time: timers off the hot path (queues on ${QUEUE_BACKEND})`, () => {
  const clock = new ControlledClock();
  let t: TestApp;
  let f: TimeFixtures;
  let sweeper: TaskTimerSweeper;
  let timers: TimerQueue;
  const calls = new Map<string, number>();

  beforeAll(async () => {
    // Sweeps run only when the test says so; the default horizon (5 min) applies.
    t = await createTestApp({ TIMER_SWEEP_INTERVAL_MS: '3600000' }, { clock });
    f = new TimeFixtures(t);
    sweeper = t.app.get(TaskTimerSweeper);
    timers = t.app.get(TimerQueue);
    for (const name of [COMMANDS_QUEUE, TIMERS_QUEUE, NOTIFICATIONS_QUEUE]) {
      const queue = t.app.get<Queue>(getQueueToken(name));
      for (const method of QUEUE_METHODS) {
        // A spy that calls through: the real BullMQ still does the work, the test counts it.
        const original = (queue[method] as (...args: unknown[]) => unknown).bind(queue);
        jest.spyOn(queue, method).mockImplementation(((...args: unknown[]) => {
          calls.set(name, (calls.get(name) ?? 0) + 1);
          return original(...args);
        }) as never);
      }
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  function counted(): Record<string, number> {
    return Object.fromEntries(
      [COMMANDS_QUEUE, TIMERS_QUEUE, NOTIFICATIONS_QUEUE].map((n) => [n, calls.get(n) ?? 0]),
    );
  }

  it('opens and closes steps with deadlines without one call to the timer queue', async () => {
    const drafts = [];
    for (const commune of ['an-binh', 'phu-hoa', 'tan-loc']) {
      drafts.push({
        commune,
        id: (await f.wf.create(`mttq.${commune}`, 'annual-summary', `${commune}.mttq`)).id,
      });
    }
    await f.settled();
    await sweeper.sweep();
    calls.clear();
    const submit = await f.wf.sample('annual-summary.SUBMIT');
    let commands = 0;
    for (const { commune, id } of drafts) {
      // Closes the draft step and opens the commune review, both with deadlines days away.
      await f.wf.act(`mttq.${commune}`, id, 'SUBMIT', submit);
      await f.wf.act(`dangu.${commune}`, id, 'RETURN', {}, 'Bổ sung số liệu.');
      commands += 2;
    }
    await f.settled();
    const perCommand = counted();
    console.log(
      `queue calls for ${commands} commands (${QUEUE_BACKEND}): ` +
        Object.entries(perCommand)
          .map(([name, n]) => `${name} ${n} (${(n / commands).toFixed(2)}/command)`)
          .join(', '),
    );
    expect(perCommand[TIMERS_QUEUE]).toBe(0);
    // One enqueue per command, nothing else.
    expect(perCommand[COMMANDS_QUEUE]).toBe(commands);
  });

  it('queues a timer once it enters the horizon, and removes it once its step closed', async () => {
    const draft = await f.wf.create('mttq.tan-loc', 'annual-summary', 'tan-loc.mttq');
    const step = await f.openStep(draft.id);
    const remindAt = step.remind_at?.getTime() ?? 0;
    expect(await sweeper.sweep()).toMatchObject({ queued: 0 });
    expect(await timers.state(JobName.TaskReminder, step.id)).toBeNull();

    // Two minutes before the reminder: within the 5-minute horizon, the escalation a day later not.
    clock.set(new Date(remindAt - 120_000));
    // (The first test's drafts, opened at the same time, enter the horizon with it.)
    expect((await sweeper.sweep()).queued).toBeGreaterThanOrEqual(1);
    expect(await timers.state(JobName.TaskReminder, step.id)).toBe('delayed');
    expect(await timers.state(JobName.TaskEscalation, step.id)).toBeNull();
    // Queued once: the next sweep adds nothing.
    expect(await sweeper.sweep()).toMatchObject({ queued: 0, recreated: 0 });

    await f.wf.act('mttq.tan-loc', draft.id, 'SUBMIT', await f.wf.sample('annual-summary.SUBMIT'));
    await f.settled();
    expect(await timers.state(JobName.TaskReminder, step.id)).toBe('delayed');
    expect(await sweeper.sweep()).toMatchObject({ cancelled: 1 });
    expect(await timers.state(JobName.TaskReminder, step.id)).toBeNull();
  });

  it(`keeps the jobs where the configuration says (${QUEUE_BACKEND})`, async () => {
    const db = t.app.get<DataSource>(getDataSourceToken());
    const [{ schema }] = await db.query<Array<{ schema: string | null }>>(
      `SELECT to_regnamespace('bullmq')::text AS schema`,
    );
    expect(schema).toBe(QUEUE_BACKEND === 'postgres' ? 'bullmq' : null);
  });
});
