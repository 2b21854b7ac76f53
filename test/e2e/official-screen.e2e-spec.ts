import request from 'supertest';
import { DeadlineHandler } from '../../src/modules/deadlines/deadline-handler.service';
import { expectStatus } from '../factories/workflow-factory';
import { type InboxPageBody } from '../utils/api-types';
import { ControlledClock } from '../utils/controlled-clock';
import { createTestApp, type TestApp } from '../utils/test-app';
import { DAY_MS, TimeFixtures } from './time-fixtures';

const HOUR_MS = 3_600_000;
const DRAFT_DEADLINE_MS = 15 * DAY_MS; // annual-summary: the draft has 15 days

/**
 * The routes behind the official's screen: follow-up copies kept out of the inbox and its counts
 * (with their own tab and a reminder), "my cases", the returned notice, marking all read.
 */
jest.setTimeout(180_000);

describe('official’s screen: follow-ups, my cases, returned notices', () => {
  const clock = new ControlledClock(new Date(Date.now() - DRAFT_DEADLINE_MS - 2 * HOUR_MS));
  let t: TestApp;
  let f: TimeFixtures;

  beforeAll(async () => {
    t = await createTestApp(
      { TIMER_SWEEP_INTERVAL_MS: '3600000', LOGIN_RATE_LIMIT: '1000' },
      { clock },
    );
    f = new TimeFixtures(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function post(username: string, path: string, body: object = {}) {
    return request(t.http)
      .post(path)
      .set('Authorization', `Bearer ${await t.login(username)}`)
      .send(body);
  }

  it('keeps follow-up copies out of the inbox and its counts, in a tab of their own with a reminder', async () => {
    const draft = await f.wf.create('mttq.an-binh', 'annual-summary', 'an-binh.mttq', {
      title: 'Sơ kết 6 tháng — xã An Bình (quá hạn)',
    });
    const step = await f.openStep(draft.id);
    clock.set(new Date((step.due_at?.getTime() ?? 0) + 60_000));
    expect(await t.app.get(DeadlineHandler).escalate(step.id)).toBe('done');
    await f.settled();

    const inbox = await f.wf.inbox('dangu.an-binh');
    expect(inbox.items.map((item) => item.instanceId)).not.toContain(draft.id);
    const counts = await f.wf.get('dangu.an-binh', '/api/inbox/counts');
    expect((counts.body as { total: number }).total).toBe(inbox.items.length);

    const followUps = await f.wf.inbox('dangu.an-binh', { kind: 'escalation' });
    const copy = followUps.items.find((item) => item.instanceId === draft.id);
    expect(copy).toBeDefined();
    const copyTaskId = (copy as unknown as { taskId: string }).taskId;
    const escalationCounts = await f.wf.get('dangu.an-binh', '/api/inbox/counts?kind=escalation');
    expect((escalationCounts.body as { total: number }).total).toBe(1);

    // Only the follow-up's unit may remind; the late unit hears it once per hour.
    expect((await post('dangu.phu-hoa', `/api/follow-ups/${copyTaskId}/remind`)).status).toBe(404);
    const reminded = await post('dangu.an-binh', `/api/follow-ups/${copyTaskId}/remind`, {
      message: 'Đề nghị hoàn thành trước thứ Sáu.',
    });
    expectStatus(reminded, 200, 'remind');
    expect(reminded.body).toEqual({ notified: 1 });
    expect((await post('dangu.an-binh', `/api/follow-ups/${copyTaskId}/remind`)).body).toEqual({
      notified: 0,
    });
    const nudged = (await f.notificationsAbout('mttq.an-binh', draft.id)).find(
      (n) => (n.kind as string) === 'nudged',
    );
    expect(nudged?.title).toContain('Đôn đốc');
    expect(nudged?.body).toContain('Đề nghị hoàn thành trước thứ Sáu.');

    // The followed tab of "my cases" lists it for the Party committee.
    const followed = await f.wf.get('dangu.an-binh', '/api/instances?relation=followed');
    expect((followed.body as InboxPageBody).items.map((i) => i.instanceId)).toContain(draft.id);
  });

  it('lists my cases by relation with filters, paging and a total, and tells a returned case', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const draft = await f.wf.create('mttq.tan-loc', 'regulation-review', 'tan-loc.mttq', {
        title: `Rà soát quy chế phối hợp — xã Tân Lộc, lần ${n}`,
      });
      ids.push(draft.id);
    }
    await f.wf.act('mttq.tan-loc', ids[0], 'SUBMIT', await f.wf.sample('regulation-review.SUBMIT'));
    await f.wf.act('dangu.tan-loc', ids[0], 'RETURN', undefined, 'Bổ sung trách nhiệm giám sát.');

    type Page = {
      items: Array<{
        instanceId: string;
        returned: { comment: string; by: { fullName: string } } | null;
      }>;
      nextCursor: string | null;
      total: number;
    };
    const first = (await f.wf.get('mttq.tan-loc', '/api/instances?relation=created&limit=2'))
      .body as Page;
    expect(first.total).toBe(3);
    expect(first.items).toHaveLength(2);
    const second = (
      await f.wf.get(
        'mttq.tan-loc',
        `/api/instances?relation=created&limit=2&cursor=${first.nextCursor ?? ''}`,
      )
    ).body as Page;
    expect([...first.items, ...second.items].map((i) => i.instanceId).sort()).toEqual(
      [...ids].sort(),
    );
    expect(second.nextCursor).toBeNull();

    const acted = (await f.wf.get('dangu.tan-loc', '/api/instances?relation=acted')).body as Page;
    expect(acted.items.map((i) => i.instanceId)).toEqual([ids[0]]);
    expect(acted.items[0].returned).toMatchObject({
      comment: 'Bổ sung trách nhiệm giám sát.',
      by: { fullName: expect.stringContaining('Bí thư Đảng ủy') as string },
    });
    const searched = (await f.wf.get('mttq.tan-loc', '/api/instances?q=lan%202')).body as Page;
    expect(searched.items.map((i) => i.instanceId)).toEqual([ids[1]]);
    expect((await f.wf.get('mttq.tan-loc', '/api/instances?relation=nobody')).status).toBe(400);

    const returnedInbox = await f.wf.inbox('mttq.tan-loc', { q: 'lan 1' });
    expect(returnedInbox.items[0]).toMatchObject({
      instanceId: ids[0],
      returned: { type: 'RETURN', comment: 'Bổ sung trách nhiệm giám sát.' },
    });
    const instance = (await f.wf.get('mttq.tan-loc', `/api/instances/${ids[0]}`)).body as {
      returned: { comment: string } | null;
    };
    expect(instance.returned?.comment).toBe('Bổ sung trách nhiệm giám sát.');

    expect((await post('mttq.tan-loc', '/api/notifications/read-all')).status).toBe(200);
    expect((await f.notifications('mttq.tan-loc')).unread).toBe(0);
  });
});
