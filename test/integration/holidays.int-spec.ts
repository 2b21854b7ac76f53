import request from 'supertest';
import { dueAtFor, type WorkingCalendar } from '../../src/workflows/calendar/working-calendar';
import { petitionV1 } from '../e2e/definitions-fixtures';
import { WorkflowFactory, expectStatus } from '../factories/workflow-factory';
import { createTestApp, type TestApp } from '../utils/test-app';
import { type components } from '../../web/src/api/schema';

type HolidayBody = components['schemas']['HolidayDto'];

describe('holiday calendar and working-day deadlines (HTTP, real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let wf: WorkflowFactory;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    wf = new WorkflowFactory(t);
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  async function holidays(year: number, username = 'dangu.an-binh'): Promise<HolidayBody[]> {
    const res = await wf.get(username, `/api/holidays?year=${year}`);
    expectStatus(res, 200, `holidays of ${year}`);
    return res.body as HolidayBody[];
  }

  async function admin(
    method: 'post' | 'put' | 'delete',
    path: string,
    body?: object,
    username = 'admin',
  ) {
    const req = request(t.http)
      [method](path)
      .set('Authorization', `Bearer ${await wf.token(username)}`);
    return body ? req.send(body) : req;
  }

  it('lists the seeded days off of a year to any signed-in user, Tết 2027 resolved from the lunar calendar', async () => {
    const days = await holidays(2027);
    expect(days.filter((day) => day.date.startsWith('2027-02')).map((day) => day.date)).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
    ]);
    expect(days).toContainEqual({
      date: '2027-04-16',
      name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
      kind: 'holiday',
    });
    expect(days.every((day) => /^\d{4}-\d{2}-\d{2}$/.test(day.date))).toBe(true);
    const res = await wf.get('dangu.an-binh', '/api/holidays');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((await request(t.http).get('/api/holidays?year=2027')).status).toBe(401);
  });

  it('lets admins add, edit and remove days (compensatory days, make-up Saturdays); others may not', async () => {
    const created = await admin('post', '/api/admin/holidays', {
      date: '2026-09-04',
      name: 'Nghỉ bù Quốc khánh',
      kind: 'compensatory-day-off',
    });
    expectStatus(created, 201, 'add a compensatory day');
    expect((await holidays(2026)).map((day) => day.date)).toContain('2026-09-04');

    const makeUp = await admin('post', '/api/admin/holidays', {
      date: '2026-09-12',
      name: 'Làm bù cho ngày 4/9',
      kind: 'make-up-working-day',
    });
    expectStatus(makeUp, 201, 'add a make-up Saturday');
    // A make-up day is not a day off: the public list leaves it out, the admin list has it.
    expect((await holidays(2026)).map((day) => day.date)).not.toContain('2026-09-12');
    const all = await wf.get('admin', '/api/admin/holidays?year=2026');
    expect((all.body as HolidayBody[]).map((day) => day.date)).toContain('2026-09-12');

    expect(
      (await admin('post', '/api/admin/holidays', { date: '2026-09-04', name: 'Lần hai' })).status,
    ).toBe(409);
    expect(
      (await admin('post', '/api/admin/holidays', { date: '2026-02-30', name: 'Không có' })).status,
    ).toBe(422);
    expect(
      (
        await admin(
          'post',
          '/api/admin/holidays',
          { date: '2026-09-05', name: 'X' },
          'dangu.an-binh',
        )
      ).status,
    ).toBe(403);

    const edited = await admin('put', '/api/admin/holidays/2026-09-04', {
      name: 'Nghỉ bù (sửa)',
      kind: 'compensatory-day-off',
    });
    expectStatus(edited, 200, 'edit');
    expect(edited.body).toEqual({
      date: '2026-09-04',
      name: 'Nghỉ bù (sửa)',
      kind: 'compensatory-day-off',
    });
    expectStatus(await admin('delete', '/api/admin/holidays/2026-09-12'), 204, 'remove');
    expect((await admin('delete', '/api/admin/holidays/2026-09-12')).status).toBe(404);
  });

  it('counts a workingDays deadline on the calendar and shows the working days left in the inbox', async () => {
    const doc = petitionV1();
    doc.key = 'petition-working-days';
    doc.machine.id = doc.key;
    doc.states.draft.deadline = { workingDays: 3 };
    expectStatus(await admin('post', '/api/definitions', doc), 201, 'publish');

    const instance = await wf.create('mttq.an-binh', doc.key, 'an-binh.mttq');
    const createdAt = new Date((instance as unknown as { createdAt: string }).createdAt);
    const year = createdAt.getUTCFullYear();
    const days = [...(await holidays(year)), ...(await holidays(year + 1))];
    const calendar: WorkingCalendar = {
      timeZone: 'Asia/Ho_Chi_Minh',
      officeDayEnd: '17:00',
      daysOff: new Set(days.map((day) => day.date)),
      extraWorkingDays: new Set(),
    };
    const page = await wf.inbox('mttq.an-binh', { definitionKey: doc.key });
    const item = page.items.find((candidate) => candidate.instanceId === instance.id) as
      { dueAt: string; remainingWorkingDays: number } | undefined;
    expect(item?.dueAt).toBe(dueAtFor(createdAt, { workingDays: 3 }, calendar).toISOString());
    expect(item?.remainingWorkingDays).toBe(3);
  }, 300_000);
});
