import request from 'supertest';
import { type HistoryEventBody, type InstanceBody } from '../utils/api-types';
import { expectStatus, startSuiteApp } from '../factories/workflow-factory';

interface UnitBody {
  id: string;
  slug: string;
  retiredAt: string | null;
  mergedIntoId: string | null;
}

interface HandoverBody {
  action: string;
  unitId: string;
  intoId: string | null;
  steps: Array<{
    fromSlug: string;
    toId: string;
    outcome: string;
    openTasks: number;
    instances: number;
    historyEvents: number;
    campaignItems: number;
    campaignItemsKept: number;
    users: number;
  }>;
}

/**
 * The 2025 reorganisation of communes: Tân Lộc merges into Phú Hòa with its open work, in one
 * audited step, against the real PostgreSQL and Redis.
 */
describe('merging and retiring units, posts in several units (HTTP, real PostgreSQL and Redis)', () => {
  const app = startSuiteApp();

  async function units(): Promise<Map<string, UnitBody>> {
    const res = await app.wf.get('admin', '/api/org-units');
    expectStatus(res, 200, 'list units');
    return new Map((res.body as UnitBody[]).map((unit) => [unit.slug, unit]));
  }

  it('merges a commune into another: sub-units matched, open tasks, cases, campaign items and users handed over, histories and the admin trail record it', async () => {
    // A case under review at Tân Lộc's Party committee, and a draft at its Front.
    const submitted = (await app.wf.create('mttq.tan-loc', 'regulation-review', 'tan-loc.mttq')).id;
    await app.wf.act(
      'mttq.tan-loc',
      submitted,
      'SUBMIT',
      await app.wf.sample('regulation-review.SUBMIT'),
    );
    const draft = (await app.wf.create('mttq.tan-loc', 'regulation-review', 'tan-loc.mttq')).id;
    const finished = (await app.wf.create('mttq.tan-loc', 'regulation-review', 'tan-loc.mttq')).id;
    await app.wf.act('mttq.tan-loc', finished, 'CANCEL', {}, 'Hủy để soạn lại');
    // Two campaigns: one to Tân Lộc only (its item moves), one to both communes (Phú Hòa already
    // answers for it, so Tân Lộc's item stays under its old name).
    const campaign = async (orgUnitIds: string[]): Promise<string> => {
      const res = await app.wf.post('danvan', '/api/campaigns', {
        definitionKey: 'regulation-review',
        title: 'Rà soát quy chế phối hợp sau sắp xếp',
        dueDate: '2099-06-30',
        orgUnitIds,
      });
      expectStatus(res, 201, 'campaign');
      return (res.body as { id: string }).id;
    };
    const tanLocFront = await app.t.unitId('tan-loc.mttq');
    const phuHoaFront = await app.t.unitId('phu-hoa.mttq');
    const alone = await campaign([tanLocFront]);
    const both = await campaign([tanLocFront, phuHoaFront]);

    const tanLoc = await app.t.unitId('tan-loc');
    const phuHoa = await app.t.unitId('phu-hoa');
    const res = await app.wf.post('admin', `/api/admin/org-units/${tanLoc}/merge`, {
      intoId: phuHoa,
      comment: 'Sáp nhập xã Tân Lộc vào xã Phú Hòa theo nghị quyết của Ủy ban Thường vụ Quốc hội',
    });
    expectStatus(res, 200, 'merge');
    const handover = res.body as HandoverBody;
    expect(handover).toMatchObject({ action: 'merge', unitId: tanLoc, intoId: phuHoa });
    expect(handover.steps[0]).toMatchObject({
      fromSlug: 'tan-loc',
      toId: phuHoa,
      outcome: 'merged',
    });
    const front = handover.steps.find((step) => step.fromSlug === 'tan-loc.mttq');
    expect(front).toMatchObject({
      toId: phuHoaFront,
      outcome: 'merged',
      instances: 4, // the draft, the one under review, and the two campaign cases
      campaignItems: 1,
      campaignItemsKept: 1,
      users: 1,
    });
    const committee = handover.steps.find((step) => step.fromSlug === 'tan-loc.dang-uy');
    expect(committee).toMatchObject({ toId: await app.t.unitId('phu-hoa.dang-uy'), openTasks: 1 });

    // The tree: Tân Lộc and its offices are kept, retired, pointing at their successors.
    const after = await units();
    expect(after.get('tan-loc')).toMatchObject({ mergedIntoId: phuHoa });
    expect(after.get('tan-loc')?.retiredAt).not.toBeNull();
    expect(after.get('tan-loc.mttq')).toMatchObject({ mergedIntoId: phuHoaFront });

    // Phú Hòa's Party committee now holds the review and approves it; the case is Phú Hòa's.
    const inbox = await app.wf.inbox('dangu.phu-hoa');
    expect(inbox.items.map((item) => item.instanceId)).toContain(submitted);
    const approved = await app.wf.act(
      'dangu.phu-hoa',
      submitted,
      'APPROVE',
      await app.wf.sample('regulation-review.APPROVE'),
    );
    expect(approved.state).toBe('boardReview');
    const moved = (await app.wf.read('auditor', draft)) as InstanceBody & { orgUnitId: string };
    expect(moved.orgUnitId).toBe(phuHoaFront);
    // The withdrawn case keeps the unit that did the work.
    expect(
      ((await app.wf.read('auditor', finished)) as InstanceBody & { orgUnitId: string }).orgUnitId,
    ).toBe(tanLocFront);

    // Each case touched records the handover in its chain, which still verifies.
    const events: HistoryEventBody[] = await app.wf.history('auditor', draft);
    const handed = events.find((event) => event.type === 'UNIT_HANDED_OVER');
    expect(handed).toMatchObject({ fromState: 'draft', toState: 'draft' });
    expect(handed?.data).toMatchObject({
      reason: 'merge',
      fromUnitId: tanLocFront,
      toUnitId: phuHoaFront,
    });
    expect((await app.wf.consistency(draft)).verified.ok).toBe(true);
    expect((await app.wf.consistency(submitted)).verified.ok).toBe(true);

    // The Front official of Tân Lộc now works at Phú Hòa's Front and can act on the draft.
    const login = await request(app.t.http)
      .post('/api/auth/login')
      .send({ username: 'mttq.tan-loc', password: 'demo' });
    expectStatus(login, 200, 'login after merge');
    expect((login.body as { user: { orgUnitId: string } }).user.orgUnitId).toBe(phuHoaFront);

    // Campaign items: the lone one followed its case, the shared one kept its old unit.
    const items = await app.sql.rows<{ campaign_id: string; org_unit_id: string }>(
      `SELECT campaign_id, org_unit_id FROM campaign_items WHERE campaign_id = ANY($1::uuid[]) ORDER BY campaign_id`,
      [[alone, both]],
    );
    expect(
      items.filter((item) => item.campaign_id === alone).map((item) => item.org_unit_id),
    ).toEqual([phuHoaFront]);
    expect(
      items
        .filter((item) => item.campaign_id === both)
        .map((item) => item.org_unit_id)
        .sort(),
    ).toEqual([tanLocFront, phuHoaFront].sort());

    // One admin record of the whole step.
    const trail = await app.wf.get(
      'admin',
      `/api/audit/admin-events?action=org-unit.merge&targetId=${tanLoc}`,
    );
    expectStatus(trail, 200, 'admin trail');
    expect(JSON.stringify(trail.body)).toContain('tan-loc.mttq');

    // A retired unit starts nothing, and is not merged twice; nothing goes into one's own sub-unit.
    const start = await app.wf.createRequest('mttq.tan-loc', 'regulation-review', 'tan-loc.mttq');
    expect(start.status).toBe(422);
    expect(
      (await app.wf.post('admin', `/api/admin/org-units/${tanLoc}/merge`, { intoId: phuHoa }))
        .status,
    ).toBe(409);
    expect(
      (await app.wf.post('admin', `/api/admin/org-units/${phuHoa}/merge`, { intoId: phuHoaFront }))
        .status,
    ).toBe(422);
    expect(
      (await app.wf.post('admin', `/api/admin/org-units/${phuHoa}/merge`, { intoId: 'x' })).status,
    ).toBe(400);
    expect(
      (await app.wf.post('danvan', `/api/admin/org-units/${phuHoa}/merge`, { intoId: tanLoc }))
        .status,
    ).toBe(403);
  }, 120_000);

  it('retires a unit with nothing open, refuses one with open work unless it names where the work goes', async () => {
    const dept = await app.t.unitId('phong-lao-dong');
    const refused = await app.wf.post(
      'admin',
      `/api/admin/org-units/${await app.t.unitId('an-binh.mttq')}/retire`,
      {},
    );
    expectStatus(refused, 409, 'retire with open work');
    expect(JSON.stringify(refused.body)).toContain('activeUsers');
    const retired = await app.wf.post('admin', `/api/admin/org-units/${dept}/retire`, {
      comment: 'Giải thể, chức năng chuyển về Phòng Nội vụ',
    });
    expectStatus(retired, 200, 'retire an empty department');
    expect((retired.body as HandoverBody).steps).toEqual([]);
    expect((await units()).get('phong-lao-dong')?.retiredAt).not.toBeNull();
    // No new unit goes under a retired one.
    const child = await app.wf.post('admin', '/api/admin/org-units', {
      slug: 'phong-lao-dong.to-1',
      name: 'Tổ 1',
      kind: 'department',
      parentId: dept,
    });
    expect(child.status).toBe(422);

    // With a successor named, the Front of An Bình hands its user over and is retired, not merged.
    const anBinhFront = await app.t.unitId('an-binh.mttq');
    const handed = await app.wf.post('admin', `/api/admin/org-units/${anBinhFront}/retire`, {
      handOverToId: await app.t.unitId('an-binh.dang-uy'),
    });
    expectStatus(handed, 200, 'retire with a successor');
    expect((handed.body as HandoverBody).steps[0]).toMatchObject({ users: 1, outcome: 'merged' });
    expect((await units()).get('an-binh.mttq')?.mergedIntoId).toBeNull();
  }, 60_000);

  it('lets one person hold posts in several units and sign in for each', async () => {
    const [user] = await app.sql.rows<{ id: string }>(
      `SELECT id FROM users WHERE username = 'mttq.huyen'`,
    );
    const front = await app.t.unitId('hoi-nong-dan-huyen');
    const home = await app.t.unitId('mttq-huyen');
    const set = await app.wf.put('admin', `/api/admin/users/${user.id}/posts`, {
      orgUnitIds: [front],
    });
    expectStatus(set, 200, 'set posts');
    expect(set.body).toEqual({ userId: user.id, orgUnitId: home, posts: [home, front] });
    expect(
      (
        await app.wf.put('admin', `/api/admin/users/${user.id}/posts`, {
          orgUnitIds: [await app.t.unitId('tan-loc')],
        })
      ).status,
    ).toBe(422);

    const login = await request(app.t.http)
      .post('/api/auth/login')
      .send({ username: 'mttq.huyen', password: 'demo', orgUnitId: front });
    expectStatus(login, 200, 'sign in for the second post');
    const token = (login.body as { accessToken: string; user: { orgUnitId: string } }).accessToken;
    expect((login.body as { user: { orgUnitId: string; posts: string[] } }).user).toMatchObject({
      orgUnitId: front,
      posts: [home, front],
    });
    // Acting for the Farmers' Association, they draft its document, which their home token could not.
    const created = await request(app.t.http)
      .post('/api/instances')
      .set('Authorization', `Bearer ${token}`)
      .send({
        definitionKey: 'regulation-review',
        orgUnitId: front,
        title: 'Quy chế phối hợp (kiêm nhiệm)',
      });
    expectStatus(created, 201, 'draft for the second post');
    const home403 = await app.wf.createRequest(
      'mttq.huyen',
      'regulation-review',
      'hoi-nong-dan-huyen',
    );
    expect(home403.status).toBe(403);

    const notHeld = await request(app.t.http)
      .post('/api/auth/login')
      .send({
        username: 'mttq.huyen',
        password: 'demo',
        orgUnitId: await app.t.unitId('phu-hoa.mttq'),
      });
    expect(notHeld.status).toBe(403);
    const audit = await app.wf.get(
      'admin',
      `/api/audit/admin-events?action=user.posts&targetId=${user.id}`,
    );
    expect(JSON.stringify(audit.body)).toContain(front);
  }, 60_000);

  it('lets the district Front read its communes’ Front documents along the Front’s own chain', async () => {
    const { id } = await app.wf.create(
      'mttq.thi-tran-chau-thanh',
      'regulation-review',
      'thi-tran-chau-thanh.mttq',
      { title: 'Quy chế phối hợp của Ủy ban MTTQ thị trấn' },
    );
    expect((await app.wf.get('mttq.huyen', `/api/instances/${id}`)).status).toBe(200);
    expect((await app.wf.get('mttq.huyen', `/api/instances/${id}/history`)).status).toBe(200);
    // Downward only, and only along the Front: another commune's Front and the Party board do not.
    expect((await app.wf.get('mttq.phu-hoa', `/api/instances/${id}`)).status).toBe(403);
    const kinds = await app.wf.get('admin', '/api/org-unit-kinds');
    expect(kinds.body).toContainEqual(
      expect.objectContaining({ key: 'fatherland-front', readsOwnChain: true }),
    );
    // The district Front's own documents stay out of the commune Fronts' reach.
    const district = await app.wf.create('mttq.huyen', 'regulation-review', 'mttq-huyen');
    expect(
      (await app.wf.get('mttq.thi-tran-chau-thanh', `/api/instances/${district.id}`)).status,
    ).toBe(403);
  }, 60_000);
});
