import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { WorkflowFactory, ok } from '../factories/workflow-factory';
import { type InstanceBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';
import { type components } from '../../web/src/api/schema';

type ClaimView = components['schemas']['ClaimDto'];
type HistoryView = components['schemas']['HistoryEventDto'];

const HOUR = 3_600_000;

describe('claims, delegation and drafts (HTTP against real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let api: WorkflowFactory;
  let sql: TestSql;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    api = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
    // A second approver in An Bình's Party committee, to claim against.
    const res = await api.post('admin', '/api/admin/users', {
      username: 'phobithu.an-binh',
      fullName: 'Phó Bí thư Đảng ủy xã An Bình',
      roles: ['official'],
      capabilities: ['approver'],
      orgUnitId: await t.unitId('an-binh.dang-uy'),
      password: 'demo-password',
    });
    ok(res, 201, 'create colleague');
    // Office staff of the same committee without the approver capability: delegates stay within
    // the delegator's unit, and a delegation lends the capability.
    for (const username of ['vanphong.an-binh', 'vanthu.an-binh']) {
      const staff = await api.post('admin', '/api/admin/users', {
        username,
        fullName: `Cán bộ văn phòng ${username}`,
        roles: ['official'],
        capabilities: [],
        orgUnitId: await t.unitId('an-binh.dang-uy'),
        password: 'demo-password',
      });
      ok(staff, 201, `create ${username}`);
      await t.login(username, 'demo-password');
    }
  });
  afterAll(async () => {
    await sql.close();
    await t.close();
  });

  const colleague = (): Promise<string> => t.login('phobithu.an-binh', 'demo-password');

  async function submitted(commune: string): Promise<InstanceBody> {
    const instance = await api.startRegulation(commune);
    return api.submit(`mttq.${commune}`, instance);
  }

  describe('claim and release', () => {
    let instance: InstanceBody;

    beforeAll(async () => {
      instance = await submitted('an-binh');
      await colleague();
    });

    it('lets an assignee of the current task claim it, and shows who in the inbox', async () => {
      const claim = ok<ClaimView>(
        await api.post('dangu.an-binh', `/api/instances/${instance.id}/claim`),
        200,
        'claim',
      );
      expect(claim).toEqual(
        expect.objectContaining({
          instanceId: instance.id,
          state: 'communeReview',
          claimedBy: expect.objectContaining({ username: 'dangu.an-binh' }),
          claimedAt: expect.any(String),
        }),
      );
      // Claiming again is a no-op.
      const again = ok<ClaimView>(
        await api.post('dangu.an-binh', `/api/instances/${instance.id}/claim`),
        200,
        'claim again',
      );
      expect(again.claimedAt).toBe(claim.claimedAt);

      for (const viewer of ['dangu.an-binh', 'phobithu.an-binh']) {
        const item = (await api.wholeInbox(viewer)).find((i) => i.instanceId === instance.id);
        expect(item?.claimedBy?.username).toBe('dangu.an-binh');
      }
      const mine = await api.inboxIds('dangu.an-binh', { claim: 'mine' });
      expect(mine).toContain(instance.id);
      expect(await api.inboxIds('phobithu.an-binh', { claim: 'others' })).toContain(instance.id);
      expect(await api.inboxIds('phobithu.an-binh', { claim: 'unclaimed' })).not.toContain(
        instance.id,
      );
    });

    it('refuses a claim by a non-assignee (403) and over a colleague’s claim (409)', async () => {
      expect((await api.post('mttq.an-binh', `/api/instances/${instance.id}/claim`)).status).toBe(
        403,
      );
      expect((await api.post('danvan', `/api/instances/${instance.id}/claim`)).status).toBe(403);
      const taken = await api.post('phobithu.an-binh', `/api/instances/${instance.id}/claim`);
      expect(taken.status).toBe(409);
      expect(taken.body.claim.claimedBy.username).toBe('dangu.an-binh');
    });

    it('releases, then a colleague claims, and an approver still acts on the claimed task', async () => {
      const released = ok<ClaimView>(
        await api.post('dangu.an-binh', `/api/instances/${instance.id}/release`),
        200,
        'release',
      );
      expect(released.claimedBy).toBeNull();
      ok(await api.post('phobithu.an-binh', `/api/instances/${instance.id}/claim`), 200, 'claim');

      const approved = await api.act(
        'dangu.an-binh',
        instance.id,
        'APPROVE',
        sampleForm('regulation-review.APPROVE'),
      );
      expect(approved.state).toBe('boardReview');
      // The claim ended with the task; the Dân vận Board's new task is unclaimed.
      const item = (await api.wholeInbox('danvan')).find((i) => i.instanceId === instance.id);
      expect(item?.claimedBy).toBeNull();
      expect(
        (await api.post('phobithu.an-binh', `/api/instances/${instance.id}/release`)).status,
      ).toBe(403);
    });
  });

  describe('delegation (ủy quyền)', () => {
    let delegationId: string;

    it('lets a delegate see, and act on, the delegator’s tasks; history records both names', async () => {
      const instance = await api.submit(
        'mttq.an-binh',
        await api.startRegulation('an-binh', 'Quy chế ủy quyền tìm kiếm'),
      );
      const before = ok<InstanceBody>(
        await api.get('vanphong.an-binh', `/api/instances/${instance.id}`),
        200,
        'read before',
      );
      expect(before.availableActions.map((a) => a.type)).not.toContain('APPROVE');
      expect(await api.inboxIds('vanphong.an-binh')).not.toContain(instance.id);

      const delegation = ok<{ id: string; active: boolean; delegate: { username: string } }>(
        await api.post('dangu.an-binh', '/api/delegations', {
          delegateUsername: 'vanphong.an-binh',
          startsAt: new Date(Date.now() - HOUR).toISOString(),
          endsAt: new Date(Date.now() + 24 * HOUR).toISOString(),
          reason: 'Đi học lớp bồi dưỡng',
        }),
        201,
        'delegate',
      );
      delegationId = delegation.id;
      expect(delegation.active).toBe(true);
      expect(delegation.delegate.username).toBe('vanphong.an-binh');

      const item = (await api.wholeInbox('vanphong.an-binh')).find(
        (i) => i.instanceId === instance.id,
      );
      expect(item?.onBehalfOf?.username).toBe('dangu.an-binh');
      // A search reads the tasks' narrow rows, over the delegator's unit too, and still says whose.
      const found = await api.wholeInbox('vanphong.an-binh', { q: 'uy quyen tim kiem' });
      expect(found.map((i) => [i.instanceId, i.onBehalfOf?.username])).toEqual([
        [instance.id, 'dangu.an-binh'],
      ]);
      const searchedCounts = ok<{ total: number; delegated: number }>(
        await api.get('vanphong.an-binh', '/api/inbox/counts', { q: 'ủy quyền tìm' }),
        200,
        'counts with q',
      );
      expect(searchedCounts).toMatchObject({ total: 1, delegated: 1 });
      const counts = ok<{ delegated: number }>(
        await api.get('vanphong.an-binh', '/api/inbox/counts'),
        200,
        'counts',
      );
      expect(counts.delegated).toBeGreaterThanOrEqual(1);
      const seen = ok<InstanceBody>(
        await api.get('vanphong.an-binh', `/api/instances/${instance.id}`),
        200,
        'read as delegate',
      );
      expect(seen.availableActions.map((a) => a.type)).toContain('APPROVE');

      await api.act('vanphong.an-binh', instance.id, 'APPROVE', {});
      const history = ok<HistoryView[]>(
        await api.get('vanphong.an-binh', `/api/instances/${instance.id}/history`),
        200,
        'history',
      );
      const last = history.at(-1);
      expect(last?.type).toBe('APPROVE');
      expect(last?.actor.username).toBe('vanphong.an-binh');
      expect(last?.onBehalfOf?.username).toBe('dangu.an-binh');
      const verify = ok<{ ok: boolean }>(
        await api.get('auditor', '/api/audit/verify', { instanceId: instance.id }),
        200,
        'verify',
      );
      expect(verify.ok).toBe(true);

      // A delegation stays within the delegator's unit: another commune's approver is refused.
      const outside = await api.post('dangu.an-binh', '/api/delegations', {
        delegateUsername: 'dangu.phu-hoa',
        startsAt: new Date(Date.now() - HOUR).toISOString(),
        endsAt: new Date(Date.now() + 24 * HOUR).toISOString(),
      });
      expect(outside.status).toBe(422);
      expect((outside.body as { details: Array<{ path: string }> }).details[0].path).toBe(
        '/delegateUsername',
      );
    });

    it('lists delegations given and received', async () => {
      const given = ok<Array<{ id: string }>>(
        await api.get('dangu.an-binh', '/api/delegations', { direction: 'given', active: 'true' }),
        200,
        'given',
      );
      expect(given.map((d) => d.id)).toContain(delegationId);
      const received = ok<Array<{ id: string }>>(
        await api.get('vanphong.an-binh', '/api/delegations', { direction: 'received' }),
        200,
        'received',
      );
      expect(received.map((d) => d.id)).toContain(delegationId);
      const stranger = ok<Array<{ id: string }>>(
        await api.get('mttq.tan-loc', '/api/delegations'),
        200,
        'stranger',
      );
      expect(stranger.map((d) => d.id)).not.toContain(delegationId);
      expect((await api.del('mttq.tan-loc', `/api/delegations/${delegationId}`)).status).toBe(403);
    });

    it('refuses an expired delegation, in the API and under the worker', async () => {
      const early = await submitted('an-binh');
      const late = await submitted('an-binh');
      await sql.rows(
        `UPDATE delegations SET starts_at = now() - interval '2 days', ends_at = now() - interval '1 day' WHERE id = $1`,
        [delegationId],
      );
      expect(await api.inboxIds('vanphong.an-binh')).not.toContain(early.id);
      const refused = await api.command('vanphong.an-binh', early.id, 'APPROVE', {});
      expect(refused.status).toBe(403);

      // In force at the API's pre-check, over by the time the worker decides: the worker refuses.
      await sql.rows(`UPDATE delegations SET ends_at = now() + interval '1 day' WHERE id = $1`, [
        delegationId,
      ]);
      // Hold the worker off the instance (it locks FOR UPDATE) while letting the API record the
      // command (its foreign key only needs FOR KEY SHARE).
      const holder = await TestSql.connect(t.databaseUrl);
      await holder.rows('BEGIN');
      await holder.rows('SELECT id FROM workflow_instances WHERE id = $1 FOR NO KEY UPDATE', [
        late.id,
      ]);
      const sent = api.command('vanphong.an-binh', late.id, 'APPROVE', {});
      for (let i = 0; i < 200 && (await sql.commandCounts(late.id)).pending !== 1; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect((await sql.commandCounts(late.id)).pending).toBe(1);
      await sql.rows(`UPDATE delegations SET ends_at = now() - interval '1 second' WHERE id = $1`, [
        delegationId,
      ]);
      await holder.rows('ROLLBACK');
      await holder.close();
      expect((await sent).status).toBe(403);
      expect((await sql.commandCounts(late.id)).rejected).toBe(1);
      const read = ok<InstanceBody>(
        await api.get('dangu.an-binh', `/api/instances/${late.id}`),
        200,
        'read',
      );
      expect(read.state).toBe('communeReview');
    });

    it('validates the period and the people, and ends a delegation on DELETE', async () => {
      const bad = async (body: object): Promise<number> =>
        (await api.post('dangu.an-binh', '/api/delegations', body)).status;
      const soon = new Date(Date.now() + HOUR).toISOString();
      const later = new Date(Date.now() + 2 * HOUR).toISOString();
      expect(await bad({ delegateUsername: 'dangu.phu-hoa', startsAt: later, endsAt: soon })).toBe(
        422,
      );
      expect(await bad({ delegateUsername: 'dangu.an-binh', startsAt: soon, endsAt: later })).toBe(
        422,
      );
      expect(await bad({ delegateUsername: 'auditor', startsAt: soon, endsAt: later })).toBe(422);
      expect(await bad({ delegateUsername: 'nobody', startsAt: soon, endsAt: later })).toBe(422);
      const past = new Date(Date.now() - HOUR).toISOString();
      expect(
        await bad({
          delegateUsername: 'dangu.phu-hoa',
          startsAt: past,
          endsAt: new Date(Date.now() - 1000).toISOString(),
        }),
      ).toBe(422);

      const created = ok<{ id: string }>(
        await api.post('dangu.an-binh', '/api/delegations', {
          delegateUsername: 'vanthu.an-binh',
          startsAt: past,
          endsAt: later,
        }),
        201,
        'delegate',
      );
      const instance = await submitted('an-binh');
      expect(await api.inboxIds('vanthu.an-binh')).toContain(instance.id);
      expect((await api.del('dangu.an-binh', `/api/delegations/${created.id}`)).status).toBe(204);
      expect(await api.inboxIds('vanthu.an-binh')).not.toContain(instance.id);
      expect((await api.command('vanthu.an-binh', instance.id, 'APPROVE', {})).status).toBe(403);
      const listed = ok<Array<{ id: string; active: boolean; revokedAt: string | null }>>(
        await api.get('vanthu.an-binh', '/api/delegations'),
        200,
        'list',
      );
      expect(listed.find((d) => d.id === created.id)).toEqual(
        expect.objectContaining({ active: false, revokedAt: expect.any(String) }),
      );
    });
  });

  describe('drafts', () => {
    let instance: InstanceBody;

    beforeAll(async () => {
      instance = await api.startRegulation('tan-loc', 'Dự thảo quy chế lưu tạm');
    });

    it('saves form data without submitting and restores it on return', async () => {
      const partial = {
        regulationNumber: '02/QCPH-MTTQ-UBND',
        regulationTitle: 'Quy chế phối hợp giữa UBND và Ủy ban MTTQ xã Tân Lộc',
      };
      const saved = ok<{ eventType: string; data: object; instanceVersion: number }>(
        await api.put('mttq.tan-loc', `/api/instances/${instance.id}/draft`, {
          eventType: 'SUBMIT',
          data: partial,
          comment: 'Còn thiếu phần rà soát',
        }),
        200,
        'save draft',
      );
      expect(saved.instanceVersion).toBe(1);
      const restored = ok<{ data: object; comment: string }>(
        await api.get('mttq.tan-loc', `/api/instances/${instance.id}/draft`, {
          eventType: 'SUBMIT',
        }),
        200,
        'restore',
      );
      expect(restored.data).toEqual(partial);
      expect(restored.comment).toBe('Còn thiếu phần rà soát');
      const mine = ok<Array<{ instanceId: string }>>(
        await api.get('mttq.tan-loc', '/api/drafts'),
        200,
        'mine',
      );
      expect(mine.map((d) => d.instanceId)).toContain(instance.id);
      // Drafts are per user: a reader of the instance has none.
      expect(
        (await api.get('danvan', `/api/instances/${instance.id}/draft`, { eventType: 'SUBMIT' }))
          .status,
      ).toBe(403);
      expect(
        (await api.get('admin', `/api/instances/${instance.id}/draft`, { eventType: 'SUBMIT' }))
          .status,
      ).toBe(404);
    });

    it('keeps a draft as typed, even malformed; only an unknown event is refused', async () => {
      const typed = { signedDate: '15/03/2021', issuingParties: 'one' };
      ok(
        await api.put('mttq.tan-loc', `/api/instances/${instance.id}/draft`, {
          eventType: 'SUBMIT',
          data: typed,
        }),
        200,
        'save a malformed draft',
      );
      const restored = ok<{ data: object }>(
        await api.get('mttq.tan-loc', `/api/instances/${instance.id}/draft`, {
          eventType: 'SUBMIT',
        }),
        200,
        'restore',
      );
      expect(restored.data).toEqual(typed);
      const unknown = await api.put('mttq.tan-loc', `/api/instances/${instance.id}/draft`, {
        eventType: 'PUBLISH',
        data: {},
      });
      expect(unknown.status).toBe(422);
    });

    it('drops the draft once its author’s command applies, and on DELETE', async () => {
      await api.submit('mttq.tan-loc', instance);
      expect(
        (
          await api.get('mttq.tan-loc', `/api/instances/${instance.id}/draft`, {
            eventType: 'SUBMIT',
          })
        ).status,
      ).toBe(404);

      ok(
        await api.put('dangu.tan-loc', `/api/instances/${instance.id}/draft`, {
          eventType: 'RETURN',
          data: { returnTo: 'draft' },
          comment: 'Bổ sung',
        }),
        200,
        'draft a return',
      );
      expect(
        (
          await api.del('dangu.tan-loc', `/api/instances/${instance.id}/draft`, {
            eventType: 'RETURN',
          })
        ).status,
      ).toBe(204);
      expect(
        (
          await api.get('dangu.tan-loc', `/api/instances/${instance.id}/draft`, {
            eventType: 'RETURN',
          })
        ).status,
      ).toBe(404);
    });
  });
});
