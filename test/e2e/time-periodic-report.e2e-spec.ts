import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import request from 'supertest';
import { PeriodicReportService } from '../../src/modules/periodic-reports/periodic-report.service';
import { JobName, TIMERS_QUEUE } from '../../src/queue/queue.constants';
import { TimerQueue } from '../../src/queue/timer-queue.service';
import { ControlledClock } from '../utils/controlled-clock';
import { createTestApp, type TestApp } from '../utils/test-app';
import { eventually, TimeFixtures } from './time-fixtures';
import { type JsonObject } from '../../src/common/json/json.types';

type ResultStatus = 'done' | 'partly-done' | 'not-done';

describe('time: the periodic reporting cycle', () => {
  // The fourth quarter of 2025, Vietnam time; the test walks into 2026.
  const clock = new ControlledClock(new Date('2025-11-03T09:00:00+07:00'));
  let t: TestApp;
  let f: TimeFixtures;
  let reports: PeriodicReportService;

  beforeAll(async () => {
    t = await createTestApp(
      {
        TIMER_SWEEP_INTERVAL_MS: '3600000',
        PERIODIC_REPORT_PERIOD: 'quarter',
        LOGIN_RATE_LIMIT: '1000',
      },
      { clock },
    );
    f = new TimeFixtures(t);
    reports = t.app.get(PeriodicReportService);
  });
  afterAll(async () => {
    await t.close();
  });

  async function summary(
    statuses: ResultStatus[],
    models: string[],
    exemplars: string[],
  ): Promise<JsonObject> {
    return {
      ...(await f.wf.sample('annual-summary.SUBMIT')),
      items: statuses.map((resultStatus, i) => ({
        content: `Nội dung phối hợp số ${i + 1} trong kỳ`,
        resultStatus,
      })),
      replicatedModels: models.map((name) => ({
        name,
        field: 'economy',
        replicatedAt: ['Ấp Bình An'],
        householdsBenefited: 40,
      })),
      exemplars: exemplars.map((name) => ({
        name,
        unit: 'Chi hội Nông dân ấp Bình An',
        achievement: 'Vận động nhân dân hiến đất làm đường giao thông nông thôn.',
      })),
    };
  }

  async function openReport(username: string): Promise<request.Response> {
    return request(t.http)
      .post('/api/periodic-reports/open')
      .set('Authorization', `Bearer ${await t.login(username)}`);
  }

  it('opens once per period, pre-filled from the approved summaries, beside the previous period', async () => {
    // 2025-Q4: An Bình reports on time; Phú Hòa submits after its draft's deadline.
    await f.approve(
      'an-binh',
      'annual-summary',
      await summary(['done', 'done', 'partly-done'], ['Đường hoa'], []),
    );
    const late = await f.wf.create('mttq.phu-hoa', 'annual-summary', 'phu-hoa.mttq');
    clock.set(new Date('2025-11-20T09:00:00+07:00'));
    await f.wf.act(
      'mttq.phu-hoa',
      late.id,
      'SUBMIT',
      await summary(['not-done'], [], ['Ông Lê Văn Ba']),
    );
    for (const who of ['dangu.phu-hoa', 'danvan', 'btv']) await f.wf.act(who, late.id, 'APPROVE');

    // 2026-Q1: An Bình and Tân Lộc report, An Bình's plan is approved, Phú Hòa's summary is still
    // under review and the township sends nothing.
    clock.set(new Date('2026-02-10T09:00:00+07:00'));
    await f.approve(
      'an-binh',
      'annual-summary',
      await summary(
        ['done', 'not-done'],
        ['Tổ tự quản môi trường'],
        ['Bà Nguyễn Thị Lan', 'Chi đoàn ấp 3'],
      ),
    );
    await f.approve(
      'tan-loc',
      'annual-summary',
      await summary(['done', 'done', 'done'], [], ['Ông Trần Văn Tư']),
    );
    await f.approve(
      'an-binh',
      'joint-activity-plan',
      await f.wf.sample('joint-activity-plan.SUBMIT'),
    );
    const pending = await f.wf.create('mttq.phu-hoa', 'annual-summary', 'phu-hoa.mttq');
    await f.wf.act('mttq.phu-hoa', pending.id, 'SUBMIT', await summary(['done'], [], []));

    // 1 April 2026, 02:00 in Vietnam: the first quarter's report is due.
    clock.set(new Date('2026-04-01T02:00:00+07:00'));
    expect((await openReport('danvan')).status).toBe(403);
    const opened = await openReport('admin');
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ periodKey: '2026-Q1', created: true });
    const instanceId = (opened.body as { instanceId: string }).instanceId;

    // Once per period, whoever asks: the admin again, the scheduler's job, the catch-up sweep.
    const again = await openReport('admin');
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ periodKey: '2026-Q1', instanceId, created: false });
    expect(await reports.openDue('schedule')).toEqual({
      periodKey: '2026-Q1',
      instanceId,
      created: false,
    });
    expect(await reports.catchUp()).toBeNull();
    const runs = await f.db.query<Array<{ period_key: string; trigger: string }>>(
      `SELECT period_key, trigger FROM periodic_report_runs`,
    );
    expect(runs).toEqual([{ period_key: '2026-Q1', trigger: 'admin' }]);

    const report = await f.wf.read('danvan', instanceId);
    expect(report).toMatchObject({
      definitionKey: 'periodic-report',
      orgUnitId: await t.unitId('ban-dan-van-huyen-uy'),
      state: 'draft',
      title: expect.stringContaining('quý I năm 2026') as string,
    });
    expect(report.availableActions.map((a) => a.type)).toContain('SUBMIT');
    const data = report.data as {
      aggregate: { current: Record<string, unknown>; previous: Record<string, unknown> };
    } & Record<string, unknown>;
    expect(data).toMatchObject({
      period: { kind: 'quarter', year: 2026, number: 1 },
      communesReported: 2,
      itemsDone: 4,
      itemsPartlyDone: 0,
      itemsNotDone: 1,
      modelsReplicated: 1,
      exemplarsRecognized: 3,
    });
    expect(data.aggregate.current).toMatchObject({
      period: { key: '2026-Q1' },
      communesTotal: 4,
      communesReported: 2,
      communesReportedLate: 0,
      summariesApproved: 2,
      plansApproved: 1,
      plannedItems: 2,
      notReported: ['Xã Phú Hòa', 'Thị trấn Châu Thành'],
      reportedLate: [],
    });
    expect(data.aggregate.current.exemplars).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Bà Nguyễn Thị Lan', commune: 'Xã An Bình' }),
        expect.objectContaining({ name: 'Ông Trần Văn Tư', commune: 'Xã Tân Lộc' }),
      ]),
    );
    expect(data.aggregate.previous).toMatchObject({
      period: { key: '2025-Q4' },
      communesReported: 2,
      communesReportedLate: 1,
      reportedLate: ['Xã Phú Hòa'],
      notReported: ['Xã Tân Lộc', 'Thị trấn Châu Thành'],
      itemsDone: 2,
      itemsPartlyDone: 1,
      itemsNotDone: 1,
      modelsReplicated: 1,
      exemplarsRecognized: 1,
      plansApproved: 0,
    });

    // Opened by the system user, who exists but cannot sign in; the Board is told.
    const history = await f.wf.history('auditor', instanceId);
    expect(history[0]).toMatchObject({ type: 'CREATED', actor: { username: 'he-thong' } });
    await request(t.http)
      .post('/api/auth/login')
      .send({ username: 'he-thong', password: 'demo' })
      .expect(401);
    const told = await eventually('new-task for danvan', async () =>
      (await f.notificationsAbout('danvan', instanceId)).find((n) => n.kind === 'new-task'),
    );
    expect(told.title).toContain('quý I năm 2026');

    // The pre-filled figures are the SUBMIT form's own fields: the Board completes and sends it.
    const form = { ...data } as JsonObject;
    delete form.aggregate;
    const submitted = await f.wf.act('danvan', instanceId, 'SUBMIT', {
      ...form,
      assessment: 'Các xã cơ bản thực hiện tốt nội dung phối hợp liên tịch trong quý.',
      directions: 'Đôn đốc xã Phú Hòa và thị trấn Châu Thành báo cáo.',
    });
    expect(submitted.state).toBe('standingBoardReview');
  });

  it('catches up a period whose scheduled opening was lost, but never one before the cycle began', async () => {
    // The cycle began in 2025-Q4 (when the app first started): 2025-Q4's report is owed.
    clock.set(new Date('2026-01-02T08:00:00+07:00'));
    const caughtUp = await reports.catchUp();
    expect(caughtUp).toMatchObject({ periodKey: '2025-Q4', created: true });
    expect(await reports.catchUp()).toBeNull();
    const q4 = await f.wf.read('danvan', caughtUp?.instanceId ?? '');
    expect(q4.data).toMatchObject({ period: { year: 2025, number: 4 }, communesReported: 2 });

    // 2025-Q3 ended before the cycle began: nothing is opened for it.
    clock.set(new Date('2025-11-05T08:00:00+07:00'));
    expect(await reports.catchUp()).toBeNull();
  });

  it('keeps a job scheduler in Redis whose job opens the report through the timer worker', async () => {
    expect(await t.app.get(TimerQueue).periodicReportSchedulerPattern()).toBe('0 1 1 1,4,7,10 *');
    // What the scheduler adds at 01:00 on 1 July, run now by the real worker.
    clock.set(new Date('2026-07-01T01:00:00+07:00'));
    const queue = t.app.get<Queue>(getQueueToken(TIMERS_QUEUE));
    await queue.add(JobName.OpenPeriodicReport, {});
    const run = await eventually('the 2026-Q2 run', async () => {
      const [row] = await f.db.query<Array<{ trigger: string; instance_id: string }>>(
        `SELECT trigger, instance_id FROM periodic_report_runs WHERE period_key = '2026-Q2'`,
      );
      return row;
    });
    expect(run.trigger).toBe('schedule');
    const q2 = await f.wf.read('danvan', run.instance_id);
    expect(q2.data).toMatchObject({
      period: { kind: 'quarter', year: 2026, number: 2 },
      communesReported: 0,
      aggregate: { previous: { period: { key: '2026-Q1' }, communesReported: 2 } },
    });
  });
});
