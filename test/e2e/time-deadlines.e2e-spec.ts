import { TaskTimerSweeper } from '../../src/modules/deadlines/task-timer-sweeper.service';
import { DeadlineHandler } from '../../src/modules/deadlines/deadline-handler.service';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { JobName, TIMERS_QUEUE } from '../../src/queue/queue.constants';
import { TimerQueue } from '../../src/queue/timer-queue.service';
import { ControlledClock } from '../utils/controlled-clock';
import { createTestApp, type TestApp } from '../utils/test-app';
import { DAY_MS, eventually, type NotificationBody, TimeFixtures } from './time-fixtures';

const HOUR_MS = 3_600_000;
// annual-summary: the draft has 10 working days, about two weeks; starting the clock a month back
// puts the first draft's deadline well before the real now.
const DRAFT_DEADLINE_MS = 30 * DAY_MS;

describe('time: deadlines, reminders and escalation (moved clock, real BullMQ)', () => {
  // The clock starts so that the first draft falls due before the real now: once the test moves
  // the clock past the deadline, PostgreSQL's now() agrees that it is overdue.
  const clock = new ControlledClock(new Date(Date.now() - DRAFT_DEADLINE_MS - 2 * HOUR_MS));
  let t: TestApp;
  let f: TimeFixtures;
  let timers: TimerQueue;
  let sweeper: TaskTimerSweeper;
  let deadlines: DeadlineHandler;

  beforeAll(async () => {
    // Sweeps run only when the test says so, and queue every timer of the next 60 days.
    t = await createTestApp(
      {
        TIMER_SWEEP_INTERVAL_MS: '3600000',
        TIMER_QUEUE_HORIZON_MS: String(60 * DAY_MS),
        LOGIN_RATE_LIMIT: '1000',
      },
      { clock },
    );
    f = new TimeFixtures(t);
    timers = t.app.get(TimerQueue);
    sweeper = t.app.get(TaskTimerSweeper);
    deadlines = t.app.get(DeadlineHandler);
  });
  afterAll(async () => {
    await t.close();
  });

  async function timerStates(taskId: string): Promise<[string | null, string | null]> {
    await f.settled();
    return Promise.all([
      timers.state(JobName.TaskReminder, taskId),
      timers.state(JobName.TaskEscalation, taskId),
    ]);
  }

  async function waitForKind(
    username: string,
    instanceId: string,
    kind: NotificationBody['kind'],
  ): Promise<NotificationBody> {
    return eventually(`${kind} for ${username}`, async () =>
      (await f.notificationsAbout(username, instanceId)).find((n) => n.kind === kind),
    );
  }

  it('reminds before the deadline, then escalates to the unit above once it passes', async () => {
    const draft = await f.wf.create('mttq.an-binh', 'annual-summary', 'an-binh.mttq', {
      title: 'Sơ kết 6 tháng phối hợp liên tịch — xã An Bình',
    });
    const step = await f.openStep(draft.id);
    expect(step.due_at?.getTime()).toBeLessThan(Date.now());
    expect(step.remind_at?.getTime()).toBe((step.due_at?.getTime() ?? 0) - DAY_MS);
    // Opening the step left the queue alone; the sweep queued both timers, being within its
    // horizon, as delayed jobs with deterministic ids.
    expect(await timerStates(step.id)).toEqual([null, null]);
    expect(await sweeper.sweep()).toMatchObject({ queued: 2, fired: 0 });
    expect(await timerStates(step.id)).toEqual(['delayed', 'delayed']);

    // A timer that runs early (clock skew, a moved deadline) goes back to wait for its time.
    await timers.fireNow(JobName.TaskEscalation, step.id);
    await eventually('the early escalation back among the delayed jobs', async () =>
      (await timers.state(JobName.TaskEscalation, step.id)) === 'delayed' ? true : undefined,
    );
    expect((await f.openStep(draft.id)).overdue_at).toBeNull();
    const queue = t.app.get<Queue>(getQueueToken(TIMERS_QUEUE));
    expect((await queue.getJob(`escalation-${step.id}`))?.attemptsStarted).toBe(1);

    // A day before the deadline: the reminder fires, nothing is overdue yet.
    clock.set(new Date((step.remind_at?.getTime() ?? 0) + 60_000));
    expect((await sweeper.sweep()).fired).toBe(1);
    const reminder = await waitForKind('mttq.an-binh', draft.id, 'reminder');
    expect(reminder.title).toContain('Sắp đến hạn');
    expect(reminder.body).toContain('Dự thảo');
    expect(await f.openStep(draft.id)).toMatchObject({ overdue_at: null });
    expect((await f.openStep(draft.id)).reminded_at).not.toBeNull();
    expect(await f.notificationsAbout('dangu.an-binh', draft.id)).toEqual([]);

    // Past the deadline: the escalation marks it overdue and opens a task for the unit above.
    clock.set(new Date(Date.now() + 60_000));
    expect((await sweeper.sweep()).fired).toBe(1);
    const overdue = await waitForKind('mttq.an-binh', draft.id, 'overdue');
    expect(overdue.body).toContain('Đảng ủy xã An Bình');
    const escalated = await waitForKind('dangu.an-binh', draft.id, 'escalated');
    expect(escalated.body).toContain('Ủy ban MTTQ Việt Nam xã An Bình');

    const tasks = await f.tasks(draft.id);
    const original = tasks.find((task) => task.id === step.id);
    const escalation = tasks.find((task) => task.kind === 'escalation');
    expect(original?.overdue_at).not.toBeNull();
    expect(escalation).toMatchObject({
      status: 'open',
      escalated_from_id: step.id,
      assignee_unit_id: await t.unitId('an-binh.dang-uy'),
    });
    expect(escalated.taskId).toBe(escalation?.id);

    // Both inboxes show it overdue, and the unit above may now read the instance.
    const own = await f.wf.inbox('mttq.an-binh', { overdue: 'true' });
    expect(own.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ instanceId: draft.id, overdue: true })]),
    );
    // The escalation copy is a follow-up (đôn đốc), apart from the tasks the unit acts on.
    const above = await f.wf.inbox('dangu.an-binh', { overdue: 'true', kind: 'escalation' });
    expect(above.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ instanceId: draft.id, overdue: true })]),
    );
    await f.wf.read('dangu.an-binh', draft.id);

    // Running either timer again changes nothing.
    expect(await deadlines.escalate(step.id)).toBe('skipped');
    expect(await deadlines.remind(step.id)).toBe('skipped');
    expect((await f.tasks(draft.id)).filter((task) => task.kind === 'escalation')).toHaveLength(1);
    expect(await f.notificationsAbout('mttq.an-binh', draft.id)).toHaveLength(2);
    expect(await f.notificationsAbout('dangu.an-binh', draft.id)).toHaveLength(1);
  });

  it('lists notifications unread first and marks them read, one user’s only', async () => {
    const before = await f.notifications('mttq.an-binh');
    expect(before.unread).toBeGreaterThanOrEqual(2);
    const [first] = before.items;
    const marked = await f.markRead('mttq.an-binh', first.id);
    expect(marked.status).toBe(200);
    expect(marked.body.readAt).toEqual(expect.any(String));
    const again = await f.markRead('mttq.an-binh', first.id);
    expect(again.body.readAt).toBe(marked.body.readAt);

    const after = await f.notifications('mttq.an-binh');
    expect(after.unread).toBe(before.unread - 1);
    expect(after.items.at(-1)?.id).toBe(first.id);
    expect((await f.notifications('mttq.an-binh', '?unread=true')).items).toHaveLength(
      after.unread,
    );
    expect((await f.markRead('dangu.an-binh', first.id)).status).toBe(404);
  });

  it('cancels the timers when the state is left, and notifies the next step and a return', async () => {
    const draft = await f.wf.create('mttq.an-binh', 'annual-summary', 'an-binh.mttq');
    const step = await f.openStep(draft.id);
    await sweeper.sweep();
    expect(await timerStates(step.id)).toEqual(['delayed', 'delayed']);

    await f.wf.act('mttq.an-binh', draft.id, 'SUBMIT', await f.wf.sample('annual-summary.SUBMIT'));
    await f.settled();
    // Closing the draft left the queue alone; the next sweep removes its timers and queues the
    // commune review's.
    expect(await timerStates(step.id)).toEqual(['delayed', 'delayed']);
    expect(await sweeper.sweep()).toMatchObject({ queued: 2, cancelled: 1 });
    // The closed draft's timers are gone; the commune review has its own.
    await eventually('timers removed', async () => {
      const states = await timerStates(step.id);
      return states.every((state) => state === null) ? states : undefined;
    });
    const review = await f.openStep(draft.id);
    expect(review.state).toBe('communeReview');
    expect(await timerStates(review.id)).toEqual(['delayed', 'delayed']);

    // A timer that fires anyway (it was already running, or Redis re-delivered it) does nothing.
    clock.set(new Date(Date.now() + 30 * DAY_MS));
    expect(await deadlines.remind(step.id)).toBe('skipped');
    expect(await deadlines.escalate(step.id)).toBe('skipped');
    expect(await f.tasks(draft.id)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ kind: 'escalation' })]),
    );

    const newTask = await waitForKind('dangu.an-binh', draft.id, 'new-task');
    expect(newTask.taskId).toBe(review.id);
    // The drafter created and submitted it: nobody tells them about their own step.
    expect((await f.notificationsAbout('mttq.an-binh', draft.id)).map((n) => n.kind)).not.toContain(
      'new-task',
    );

    await f.wf.act('dangu.an-binh', draft.id, 'RETURN', {}, 'Bổ sung số liệu mô hình');
    const returned = await waitForKind('mttq.an-binh', draft.id, 'returned');
    expect(returned.title).toContain('trả lại');
    expect(returned.body).toContain('Bổ sung số liệu mô hình');
  });
});
