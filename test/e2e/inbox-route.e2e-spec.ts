import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { WorkflowFactory, ok } from '../factories/workflow-factory';
import { type InboxItemBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';

const DAY = 86_400_000;

describe('inbox (HTTP against real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let api: WorkflowFactory;
  let sql: TestSql;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    api = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
  });
  afterAll(async () => {
    await sql.close();
    await t.close();
  });

  it('moves along a whole route: commune approver after SUBMIT, Dân vận Board only after the commune approves', async () => {
    const instance = await api.startRegulation(
      'an-binh',
      'Rà soát quy chế phối hợp — tuyến đầy đủ',
    );
    expect(await api.inboxIds('mttq.an-binh')).toContain(instance.id);
    expect(await api.inboxIds('dangu.an-binh')).not.toContain(instance.id);

    await api.submit('mttq.an-binh', instance);
    expect(await api.inboxIds('mttq.an-binh')).not.toContain(instance.id);
    const communeItems = await api.wholeInbox('dangu.an-binh');
    const communeItem = communeItems.find((item) => item.instanceId === instance.id);
    expect(communeItem).toEqual(
      expect.objectContaining({
        definitionKey: 'regulation-review',
        state: 'communeReview',
        orgUnitId: await t.unitId('an-binh.mttq'),
        overdue: false,
        claimedBy: null,
        onBehalfOf: null,
      }),
    );
    // communeReview has a deadline of 5 working days (counted on the holiday calendar).
    expect(communeItem?.remainingWorkingDays).toBe(5);
    expect(Date.parse(communeItem?.dueAt ?? '') - Date.now()).toBeGreaterThan(5 * DAY);
    expect(await api.inboxIds('danvan')).not.toContain(instance.id);
    expect(await api.inboxIds('dangu.phu-hoa')).not.toContain(instance.id);

    await api.act('dangu.an-binh', instance.id, 'APPROVE', sampleForm('regulation-review.APPROVE'));
    expect(await api.inboxIds('dangu.an-binh')).not.toContain(instance.id);
    expect(await api.inboxIds('danvan')).toContain(instance.id);
    expect(await api.inboxIds('btv')).not.toContain(instance.id);

    await api.act('danvan', instance.id, 'APPROVE', {});
    expect(await api.inboxIds('danvan')).not.toContain(instance.id);
    expect(await api.inboxIds('btv')).toContain(instance.id);

    await api.act('btv', instance.id, 'APPROVE', {});
    for (const user of ['mttq.an-binh', 'dangu.an-binh', 'danvan', 'btv']) {
      expect(await api.inboxIds(user)).not.toContain(instance.id);
    }
  });

  it('shows the information exchange’s acknowledgement and reply deadlines to the recipient', async () => {
    const recipient = await t.unitId('an-binh.dang-uy');
    const exchange = await api.start(
      'mttq.an-binh',
      'information-exchange',
      'an-binh.mttq',
      'Trao đổi tình hình đất đai',
    );
    await api.submit('mttq.an-binh', exchange, {
      ...sampleForm('information-exchange.SUBMIT'),
      recipientUnitId: recipient,
    });
    const ack = (await api.wholeInbox('dangu.an-binh')).find((i) => i.instanceId === exchange.id);
    expect(ack?.state).toBe('awaitingAcknowledgement');
    expect(ack?.remainingWorkingDays).toBe(2);

    await api.act('dangu.an-binh', exchange.id, 'ACKNOWLEDGE');
    const reply = (await api.wholeInbox('dangu.an-binh')).find((i) => i.instanceId === exchange.id);
    expect(reply?.state).toBe('awaitingReply');
    expect(reply?.remainingWorkingDays).toBe(7);

    await api.act('dangu.an-binh', exchange.id, 'REPLY', sampleForm('information-exchange.REPLY'));
    expect(await api.inboxIds('dangu.an-binh')).not.toContain(exchange.id);
  });

  describe('filters, search and pagination', () => {
    const drafter = 'mttq.tan-loc';
    let regulations: string[];
    let exchanges: string[];
    let overdueIds: string[];
    let noDeadlineId: string;

    beforeAll(async () => {
      regulations = [];
      exchanges = [];
      for (let n = 0; n < 14; n++) {
        regulations.push(
          (await api.startRegulation('tan-loc', `Kế hoạch phối hợp tuyên truyền số ${n}`)).id,
        );
      }
      for (let n = 0; n < 9; n++) {
        exchanges.push(
          (await api.start(drafter, 'information-exchange', 'tan-loc.mttq', `Trao đổi số ${n}`)).id,
        );
      }
      // A few past their deadline, one with none (sorted last, as 'infinity'), so the due sort
      // has more than one shape of key to page over.
      overdueIds = [regulations[3], exchanges[2]];
      await sql.rows(
        `UPDATE workflow_tasks SET due_at = now() - interval '2 days' WHERE instance_id = ANY($1) AND status = 'open'`,
        [overdueIds],
      );
      noDeadlineId = regulations[5];
      await sql.rows(
        `UPDATE workflow_tasks SET due_at = NULL WHERE instance_id = $1 AND status = 'open'`,
        [noDeadlineId],
      );
    });

    it('filters by workflow, state, unit, overdue and due date', async () => {
      const all = await api.inboxIds(drafter, { limit: 100 });
      expect(all).toHaveLength(23);
      expect(
        new Set(await api.inboxIds(drafter, { definitionKey: 'information-exchange' })),
      ).toEqual(new Set(exchanges));
      expect(await api.inboxIds(drafter, { state: 'draft' })).toHaveLength(23);
      expect(await api.inboxIds(drafter, { state: 'communeReview' })).toEqual([]);
      expect(await api.inboxIds(drafter, { orgUnitId: await t.unitId('tan-loc') })).toHaveLength(
        23,
      );
      expect(await api.inboxIds(drafter, { orgUnitId: await t.unitId('an-binh') })).toEqual([]);
      const overdue = await api.wholeInbox(drafter, { overdue: 'true' });
      expect(new Set(overdue.map((i) => i.instanceId))).toEqual(new Set(overdueIds));
      expect(overdue.every((i) => i.overdue)).toBe(true);
      expect(await api.inboxIds(drafter, { overdue: 'false' })).toHaveLength(21);
      // Exchanges are due in 7 days, regulations in 15.
      const in10Days = new Date(Date.now() + 10 * DAY).toISOString();
      expect(new Set(await api.inboxIds(drafter, { dueBefore: in10Days }))).toEqual(
        new Set([...exchanges, regulations[3]]),
      );
      expect(new Set(await api.inboxIds(drafter, { dueWithinHours: 240 }))).toEqual(
        new Set([...exchanges, regulations[3]]),
      );
    });

    it('finds Vietnamese text with or without diacritics', async () => {
      const plain = await api.inboxIds(drafter, { q: 'phoi hop tuyen truyen' });
      const marked = await api.inboxIds(drafter, { q: 'PHỐI HỢP tuyên truyền' });
      expect(new Set(plain)).toEqual(new Set(regulations));
      expect(new Set(marked)).toEqual(new Set(regulations));
      expect(
        await api.inboxIds(drafter, { q: 'so 1', definitionKey: 'information-exchange' }),
      ).toEqual([exchanges[1]]);
      expect(await api.inboxIds(drafter, { q: '100%_\\' })).toEqual([]);
    });

    it.each(['due', 'age'])(
      'pages by %s without gaps or repeats, also while new work arrives',
      async (sort) => {
        // 23 to start with, and one more for each sort already paged (work arriving meanwhile).
        const full = await api.wholeInbox(drafter, { sort, limit: 100 });
        expect(full.length).toBeGreaterThanOrEqual(23);
        expect(isSorted(full, sort)).toBe(true);
        if (sort === 'due') {
          expect(
            full
              .slice(0, 2)
              .map((i) => i.instanceId)
              .sort(),
          ).toEqual([...overdueIds].sort());
          expect(full.at(-1)?.instanceId).toBe(noDeadlineId);
        }

        const seen: InboxItemBody[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: { items: InboxItemBody[]; nextCursor: string | null } = await api.inbox(
            drafter,
            { sort, limit: 4, ...(cursor ? { cursor } : {}) },
          );
          seen.push(...page.items);
          cursor = page.nextCursor;
          pages += 1;
          // Work arriving while paging lands after the cursor (it is newest and due latest)
          // or before it; either way nothing already listed repeats and nothing is skipped.
          if (pages === 2) await api.startRegulation('tan-loc', `Hồ sơ đến trong lúc xem ${sort}`);
        } while (cursor);
        const ids = seen.map((i) => i.taskId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const item of full) expect(ids).toContain(item.taskId);
        expect(isSorted(seen, sort)).toBe(true);
      },
    );

    it('refuses a cursor of the other sort or a forged one with 400', async () => {
      const page = await api.inbox(drafter, { sort: 'due', limit: 2 });
      const res = await api.get(drafter, '/api/inbox', { sort: 'age', cursor: page.nextCursor });
      expect(res.status).toBe(400);
      const forged = Buffer.from(JSON.stringify(['due', "x'; --", 'y'])).toString('base64url');
      expect((await api.get(drafter, '/api/inbox', { cursor: forged })).status).toBe(400);
    });

    it('counts for badges: total, overdue, due soon, per workflow and state', async () => {
      const counts = ok<{
        total: number;
        overdue: number;
        dueSoon: number;
        unclaimed: number;
        claimedByMe: number;
        delegated: number;
        byDefinition: Array<{
          definitionKey: string;
          total: number;
          overdue: number;
          dueSoon: number;
        }>;
        byState: Array<{ definitionKey: string; state: string; total: number }>;
      }>(await api.get(drafter, '/api/inbox/counts', { dueSoonHours: 24 * 8 }), 200, 'counts');
      const total = (await api.wholeInbox(drafter)).length;
      expect(counts.total).toBe(total);
      expect(counts.overdue).toBe(2);
      expect(counts.unclaimed).toBe(total);
      expect(counts.claimedByMe).toBe(0);
      expect(counts.delegated).toBe(0);
      // Exchanges not overdue are due within 8 days; regulations are due in 15.
      expect(counts.dueSoon).toBe(8);
      expect(counts.byDefinition).toEqual(
        expect.arrayContaining([
          { definitionKey: 'information-exchange', total: 9, overdue: 1, dueSoon: 8 },
          { definitionKey: 'regulation-review', total: total - 9, overdue: 1, dueSoon: 0 },
        ]),
      );
      expect(counts.byState).toEqual(
        expect.arrayContaining([
          { definitionKey: 'information-exchange', state: 'draft', total: 9 },
        ]),
      );
      const filtered = ok<{ total: number }>(
        await api.get(drafter, '/api/inbox/counts', {
          definitionKey: 'information-exchange',
          overdue: 'true',
        }),
        200,
        'filtered counts',
      );
      expect(filtered.total).toBe(1);
    });
  });

  describe('saved views', () => {
    let privateView: string;
    let unitView: string;
    let roleView: string;

    it('stores named filter sets, private or shared with a unit or a role', async () => {
      const create = async (username: string, body: object): Promise<string> =>
        ok<{ id: string }>(await api.post(username, '/api/inbox/views', body), 201, 'create view')
          .id;
      privateView = await create('mttq.tan-loc', {
        name: 'Trao đổi quá hạn',
        filters: { definitionKey: 'information-exchange', overdue: true, sort: 'age' },
      });
      unitView = await create('mttq.tan-loc', {
        name: 'Quy chế của đơn vị',
        filters: { definitionKey: 'regulation-review' },
        sharedWithUnitId: await t.unitId('tan-loc.mttq'),
      });
      roleView = await create('danvan', {
        name: 'Chờ phê duyệt',
        filters: { q: 'phoi hop' },
        sharedWithRole: 'approver',
      });

      const dup = await api.post('mttq.tan-loc', '/api/inbox/views', {
        name: 'Trao đổi quá hạn',
        filters: {},
      });
      expect(dup.status).toBe(409);
      const invalid = await api.post('mttq.tan-loc', '/api/inbox/views', {
        name: 'x',
        filters: { sort: 'sideways' },
      });
      expect(invalid.status).toBe(400);
    });

    it('lists own views and those shared with the caller', async () => {
      const names = async (username: string): Promise<Array<{ id: string; mine: boolean }>> =>
        ok(await api.get(username, '/api/inbox/views'), 200, 'views');
      const owner = await names('mttq.tan-loc');
      expect(owner.map((v) => v.id)).toEqual(expect.arrayContaining([privateView, unitView]));
      expect(owner.map((v) => v.id)).not.toContain(roleView);
      expect(owner.every((v) => v.mine)).toBe(true);
      // An approver elsewhere sees the role-shared view only.
      const approver = (await names('dangu.phu-hoa')).map((v) => v.id);
      expect(approver).toContain(roleView);
      expect(approver).not.toContain(privateView);
      expect(approver).not.toContain(unitView);
      // A drafter of another unit sees none of them.
      const other = (await names('mttq.phu-hoa')).map((v) => v.id);
      expect(other).not.toContain(privateView);
      expect(other).not.toContain(unitView);
      expect(other).not.toContain(roleView);
    });

    it('applies a view’s filters to the inbox and its counts', async () => {
      const viaView = await api.inboxIds('mttq.tan-loc', { view: privateView });
      expect(viaView).toHaveLength(1);
      const counts = ok<{ total: number }>(
        await api.get('mttq.tan-loc', '/api/inbox/counts', { view: unitView }),
        200,
        'counts',
      );
      expect(counts.total).toBe(
        (await api.inboxIds('mttq.tan-loc', { definitionKey: 'regulation-review' })).length,
      );
      // Someone who cannot see the view cannot use it.
      expect((await api.get('mttq.phu-hoa', '/api/inbox', { view: privateView })).status).toBe(404);
    });

    it('lets only the owner delete a view', async () => {
      expect((await api.del('dangu.phu-hoa', `/api/inbox/views/${roleView}`)).status).toBe(403);
      expect((await api.del('mttq.phu-hoa', `/api/inbox/views/${privateView}`)).status).toBe(404);
      expect((await api.del('danvan', `/api/inbox/views/${roleView}`)).status).toBe(204);
      const left = ok<Array<{ id: string }>>(
        await api.get('dangu.phu-hoa', '/api/inbox/views'),
        200,
        'views',
      );
      expect(left.map((v) => v.id)).not.toContain(roleView);
    });
  });

  it('searches open tasks through rows that follow their instance’s text, unit and status', async () => {
    // Open tasks are searched through `inbox_search` (migrations NarrowSearch,
    // InboxSearchCarriesTask), kept by triggers: whatever the writing path, each open task has
    // exactly one row, with its instance's current search text and the task's unit, kind,
    // capability, state, deadline, creation time and claimant, and a closed task none.
    const strays = async (): Promise<number> =>
      (await sql.count(
        `SELECT count(*) FROM workflow_tasks t JOIN workflow_instances i ON i.id = t.instance_id
          WHERE t.status = 'open' AND NOT EXISTS (
                  SELECT 1 FROM inbox_search s WHERE s.task_id = t.id
                     AND s.search_text = i.search_text
                     AND (s.assignee_unit_id, s.kind, s.capability, s.state, s.due_at, s.created_at,
                          s.claimed_by) IS NOT DISTINCT FROM (t.assignee_unit_id, t.kind,
                          t.capability, t.state, t.due_at, t.created_at, t.claimed_by))`,
      )) +
      (await sql.count(
        `SELECT count(*) FROM inbox_search s JOIN workflow_tasks t ON t.id = s.task_id
          WHERE t.status <> 'open'`,
      ));
    const drafter = 'mttq.thi-tran-chau-thanh';
    const approver = 'dangu.thi-tran-chau-thanh';
    const instance = await api.startRegulation('thi-tran-chau-thanh', 'Quy chế tìm kiếm hẹp');
    expect(await api.inboxIds(drafter, { q: 'tim kiem hep' })).toEqual([instance.id]);
    expect(await strays()).toBe(0);

    // The step changes the instance's text (the form is in it) and moves the work to another
    // unit: the new task is found by the form's words, the closed one no more.
    await api.submit(drafter, instance, {
      ...sampleForm('regulation-review.SUBMIT'),
      regulationNumber: '07/QCPH-Kiểm-thử-hẹp',
    });
    expect(await api.inboxIds(approver, { q: 'kiem-thu-hep' })).toEqual([instance.id]);
    expect(await api.inboxIds(approver, { q: 'tìm kiếm hẹp' })).toEqual([instance.id]);
    expect(await api.inboxIds(drafter, { q: 'tim kiem hep' })).toEqual([]);
    expect(await strays()).toBe(0);
    // Counts with `q` read the same rows.
    const counts = ok<{ total: number }>(
      await api.get(approver, '/api/inbox/counts', { q: 'kiem-thu-hep' }),
      200,
      'counts',
    );
    expect(counts.total).toBe(1);

    // A claim and its release are followed too: the claim filter reads the narrow row.
    ok(await api.post(approver, `/api/instances/${instance.id}/claim`), 200, 'claim');
    expect(await strays()).toBe(0);
    expect(await api.inboxIds(approver, { q: 'kiem-thu-hep', claim: 'mine' })).toEqual([
      instance.id,
    ]);
    expect(await api.inboxIds(approver, { q: 'kiem-thu-hep', claim: 'unclaimed' })).toEqual([]);
    ok(await api.post(approver, `/api/instances/${instance.id}/release`), 200, 'release');
    expect(await strays()).toBe(0);
    expect(await api.inboxIds(approver, { q: 'kiem-thu-hep', claim: 'mine' })).toEqual([]);
    expect(await api.inboxIds(approver, { q: 'kiem-thu-hep', claim: 'unclaimed' })).toEqual([
      instance.id,
    ]);
  });
});

function isSorted(items: readonly InboxItemBody[], sort: string): boolean {
  const key = (item: InboxItemBody): number =>
    sort === 'due'
      ? item.dueAt
        ? Date.parse(item.dueAt)
        : Number.POSITIVE_INFINITY
      : Date.parse(item.createdAt);
  return items.every((item, i) => i === 0 || key(items[i - 1]) <= key(item));
}
