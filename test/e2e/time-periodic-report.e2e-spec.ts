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

  /** A summary declaring its own period: the year's final review unless told otherwise. */
  async function summary(
    statuses: ResultStatus[],
    models: string[],
    exemplars: string[],
    declared: { periodKind: 'half-year' | 'year'; year: number } = {
      periodKind: 'year',
      year: 2025,
    },
  ): Promise<JsonObject> {
    return {
      ...(await f.wf.sample('annual-summary.SUBMIT')),
      ...declared,
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

  const FIRST_HALF_2026 = { periodKind: 'half-year', year: 2026 } as const;
  /** The Phú Hòa summary of the first half of 2026, still under review when the Q1 report opens. */
  let pendingSummaryId = '';

  async function openReport(username: string): Promise<request.Response> {
    return request(t.http)
      .post('/api/periodic-reports/open')
      .set('Authorization', `Bearer ${await t.login(username)}`);
  }

  it('opens once per period, pre-filled from the summaries by the period they declare, beside the previous period', async () => {
    // 2025-Q4: An Bình sends its 2025 final review on time; Phú Hòa submits after its draft's
    // deadline.
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

    // 2026-Q1: Tân Lộc's 2025 final review is approved only now — it still counts for 2025 —,
    // An Bình's 2026 plan is approved, Phú Hòa's first-half summary is still under review and the
    // township sends nothing.
    clock.set(new Date('2026-02-10T09:00:00+07:00'));
    await f.approve(
      'tan-loc',
      'annual-summary',
      await summary(['done', 'done', 'done'], [], ['Ông Trần Văn Tư']),
    );
    await f.approve('an-binh', 'joint-activity-plan', {
      ...(await f.wf.sample('joint-activity-plan.SUBMIT')),
      year: 2026,
    });
    const pending = await f.wf.create('mttq.phu-hoa', 'annual-summary', 'phu-hoa.mttq');
    await f.wf.act(
      'mttq.phu-hoa',
      pending.id,
      'SUBMIT',
      await summary(['done'], [], [], FIRST_HALF_2026),
    );
    pendingSummaryId = pending.id;

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
    // Nothing declares a period ending in 2026-Q1: the summaries approved in it are 2025's.
    expect(data).toMatchObject({
      period: { kind: 'quarter', year: 2026, number: 1 },
      communesReported: 0,
      itemsDone: 0,
      itemsPartlyDone: 0,
      itemsNotDone: 0,
      modelsReplicated: 0,
      exemplarsRecognized: 0,
    });
    expect(data.aggregate.current).toMatchObject({
      period: { key: '2026-Q1', label: 'quý I năm 2026' },
      communesTotal: 4,
      communesReported: 0,
      summariesApproved: 0,
      plansApproved: 1,
      plannedItems: 2,
      notReported: ['Xã An Bình', 'Xã Phú Hòa', 'Xã Tân Lộc', 'Thị trấn Châu Thành'],
      reportedLate: [],
    });
    // The district's own organisations are accounted for beside the communes, in Vietnamese.
    expect(data.aggregate.current).toMatchObject({
      organisationsTotal: 7,
      organisationsReported: 0,
    });
    const organisations = data.aggregate.current.organisations as Array<Record<string, unknown>>;
    expect(organisations.map((o) => o.name)).toEqual(
      expect.arrayContaining(['Ban Dân vận Huyện ủy', 'Hội Nông dân huyện']),
    );
    expect(new Set(organisations.map((o) => o.statusLabel))).toEqual(new Set(['Chưa báo cáo']));
    expect(data.aggregate.previous).toMatchObject({
      period: { key: '2025-Q4', label: 'quý IV năm 2025' },
      communesReported: 3,
      communesReportedLate: 1,
      reportedLate: ['Xã Phú Hòa'],
      notReported: ['Thị trấn Châu Thành'],
      itemsDone: 5,
      itemsPartlyDone: 1,
      itemsNotDone: 1,
      modelsReplicated: 1,
      exemplarsRecognized: 2,
      plansApproved: 0,
    });
    expect(data.aggregate.previous.exemplars).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Ông Lê Văn Ba', commune: 'Xã Phú Hòa' }),
        expect.objectContaining({ name: 'Ông Trần Văn Tư', commune: 'Xã Tân Lộc' }),
      ]),
    );
    expect(
      (data.aggregate.previous.communes as Array<{ name: string; statusLabel: string }>).map(
        (c) => [c.name, c.statusLabel],
      ),
    ).toEqual([
      ['Xã An Bình', 'Đã báo cáo'],
      ['Xã Phú Hòa', 'Báo cáo trễ hạn'],
      ['Xã Tân Lộc', 'Đã báo cáo'],
      ['Thị trấn Châu Thành', 'Chưa báo cáo'],
    ]);

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

  it('refuses to refresh what is not a report it drafts, or a report already sent', async () => {
    const [run] = await f.db.query<Array<{ instance_id: string }>>(
      `SELECT instance_id FROM periodic_report_runs WHERE period_key = '2026-Q1'`,
    );
    const refresh = (who: string, id: string): Promise<request.Response> =>
      f.wf.post(who, `/api/periodic-reports/${id}/refresh`);
    // Sent to the Standing Board: the figures stand as sent.
    const sent = await refresh('danvan', run.instance_id);
    expect(sent.status).toBe(409);
    expect(sent.body).toMatchObject({
      statusCode: 409,
      message: expect.stringContaining('đã gửi') as string,
    });
    // Other units neither read nor refresh it; a commune's summary is not a report.
    expect((await refresh('mttq.an-binh', run.instance_id)).status).toBe(403);
    expect((await refresh('admin', pendingSummaryId)).status).toBe(422);
    expect((await refresh('danvan', 'not-a-uuid')).status).toBe(400);
    expect((await refresh('danvan', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('catches up a period whose scheduled opening was lost, but never one before the cycle began', async () => {
    // The cycle began in 2025-Q4 (when the app first started): 2025-Q4's report is owed.
    clock.set(new Date('2026-01-02T08:00:00+07:00'));
    const caughtUp = await reports.catchUp();
    expect(caughtUp).toMatchObject({ periodKey: '2025-Q4', created: true });
    expect(await reports.catchUp()).toBeNull();
    const q4 = await f.wf.read('danvan', caughtUp?.instanceId ?? '');
    // Counted by the period the summaries declare: Tân Lộc's, approved in 2026, is in.
    expect(q4.data).toMatchObject({ period: { year: 2025, number: 4 }, communesReported: 3 });

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
      aggregate: {
        previous: { period: { key: '2026-Q1' }, communesReported: 0, plansApproved: 1 },
      },
    });
  });

  it('refreshes the figures of a draft report until it is sent, keeping what the Board wrote', async () => {
    const [run] = await f.db.query<Array<{ instance_id: string }>>(
      `SELECT instance_id FROM periodic_report_runs WHERE period_key = '2026-Q2'`,
    );
    const id = run.instance_id;
    const refresh = (who: string): Promise<request.Response> =>
      f.wf.post(who, `/api/periodic-reports/${id}/refresh`);
    // Approved after the report opened: Phú Hòa's first half, and the district Front's own.
    clock.set(new Date('2026-07-03T09:00:00+07:00'));
    for (const who of ['dangu.phu-hoa', 'danvan', 'btv']) {
      await f.wf.act(who, pendingSummaryId, 'APPROVE');
    }
    const front = await f.wf.create('mttq.huyen', 'annual-summary', 'mttq-huyen');
    await f.wf.act(
      'mttq.huyen',
      front.id,
      'SUBMIT',
      await summary(['done', 'partly-done'], ['Chợ an toàn'], [], FIRST_HALF_2026),
    );
    for (const who of ['danvan', 'btv']) await f.wf.act(who, front.id, 'APPROVE');
    expect((await f.wf.read('danvan', id)).data).toMatchObject({
      communesReported: 0,
      itemsDone: 0,
    });

    // Only the reporting Board (or an admin) refreshes; the Standing Board and communes do not.
    expect((await refresh('mttq.phu-hoa')).status).toBe(403);
    expect((await refresh('thuongtruc')).status).toBe(403);
    const refreshed = await refresh('danvan');
    expect(refreshed.status).toBe(200);
    const body = refreshed.body as {
      state: string;
      data: { aggregate: { current: Record<string, unknown> } } & Record<string, unknown>;
    };
    expect(body.state).toBe('draft');
    expect(body.data).toMatchObject({
      period: { kind: 'quarter', year: 2026, number: 2 },
      communesReported: 1,
      itemsDone: 2,
      itemsPartlyDone: 1,
      modelsReplicated: 1,
    });
    expect(body.data.aggregate.current).toMatchObject({
      period: { key: '2026-Q2', label: 'quý II năm 2026' },
      communesReported: 1,
      organisationsReported: 1,
      organisationsNotReported: 6,
      summariesApproved: 2,
    });
    const organisations = body.data.aggregate.current.organisations as Array<
      Record<string, unknown>
    >;
    expect(organisations).toContainEqual(
      expect.objectContaining({
        unitId: await t.unitId('mttq-huyen'),
        status: 'reported',
        statusLabel: 'Đã báo cáo',
        summaries: 1,
      }),
    );
    expect(body.data.aggregate.current.models).toContainEqual({
      name: 'Chợ an toàn',
      commune: 'Ủy ban MTTQ Việt Nam huyện Châu Thành',
    });
    // Recorded in the report's hash-chained history, which still verifies.
    const history = await f.wf.history('auditor', id);
    expect(history[history.length - 1]).toMatchObject({
      type: 'REPORT_REFRESHED',
      fromState: 'draft',
      toState: 'draft',
      actor: { username: 'danvan' },
    });
    expect(await f.wf.verify(id)).toMatchObject({ ok: true });

    // Sent, returned for revision, refreshed again: the Board's own text stays.
    const form = { ...body.data } as JsonObject;
    delete form.aggregate;
    await f.wf.act('danvan', id, 'SUBMIT', {
      ...form,
      assessment: 'Sơ kết 6 tháng đầu năm đạt yêu cầu.',
      directions: 'Tiếp tục nhân rộng mô hình.',
    });
    const sent = await refresh('danvan');
    expect(sent.status).toBe(409);
    expect((sent.body as { details: unknown[] }).details).toEqual([
      expect.objectContaining({ path: '/state' }),
    ]);
    await f.wf.act('thuongtruc', id, 'RETURN', {}, 'Bổ sung số liệu các tổ chức huyện.');
    const again = await refresh('danvan');
    expect(again.status).toBe(200);
    expect((again.body as { data: Record<string, unknown> }).data).toMatchObject({
      assessment: 'Sơ kết 6 tháng đầu năm đạt yêu cầu.',
      communesReported: 1,
    });
  });
});
