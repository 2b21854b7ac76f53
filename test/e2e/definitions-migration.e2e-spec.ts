import { BUILT_IN_DEFINITIONS } from '../../src/workflows/definitions/built-in-definitions';
import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import {
  type ErrorBody,
  type HistoryEventBody,
  type InboxPageBody,
  type InstanceBody,
  type VerifyBody,
} from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import {
  asText,
  type Caller,
  callerFor,
  edge,
  PETITION_KEY,
  PETITION_SUMMARY,
  petitionV1,
  petitionV2,
  stateNode,
  wellFormedSvg,
} from './definitions-fixtures';
import { type components } from '../../web/src/api/schema';

type MigrationBody = components['schemas']['MigrationReportDto'];

describe('definitions: migration and diagrams (HTTP against real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let admin: Caller;
  const as = async (username: string): Promise<Caller> =>
    callerFor(t.http, await t.login(username));

  beforeAll(async () => {
    t = await createTestApp();
    admin = await as('admin');
  });
  afterAll(async () => {
    await t.close();
  });

  async function start(
    key: string,
    username = 'mttq.an-binh',
    unitSlug = 'an-binh.mttq',
  ): Promise<InstanceBody> {
    const res = await (
      await as(username)
    )
      .post('/api/instances', {
        definitionKey: key,
        orgUnitId: await t.unitId(unitSlug),
        title: `Kiểm thử ${key}`,
      })
      .expect(201);
    return res.body as InstanceBody;
  }

  async function act(
    username: string,
    id: string,
    type: string,
    data?: object,
  ): Promise<InstanceBody> {
    const res = await (
      await as(username)
    ).post(`/api/instances/${id}/commands`, { type, ...(data ? { data } : {}) });
    expect({ status: res.status, body: res.body as unknown }).toEqual({
      status: 200,
      body: expect.anything(),
    });
    return res.body as InstanceBody;
  }

  async function read(id: string): Promise<InstanceBody> {
    return (await admin.get(`/api/instances/${id}`).expect(200)).body as InstanceBody;
  }

  async function history(id: string): Promise<HistoryEventBody[]> {
    return (await admin.get(`/api/instances/${id}/history`).expect(200)).body as HistoryEventBody[];
  }

  async function inbox(username: string): Promise<InboxPageBody> {
    return (await (await as(username)).get(`/api/inbox?definitionKey=${PETITION_KEY}`).expect(200))
      .body as InboxPageBody;
  }

  async function migrate(body: object, status = 200): Promise<MigrationBody> {
    const res = await admin.post(`/api/definitions/${PETITION_KEY}/migrations`, body);
    expect({ status: res.status, body: res.body as unknown }).toEqual({
      status,
      body: expect.anything(),
    });
    return res.body as MigrationBody;
  }

  describe('migrating running instances', () => {
    // On version 1: one waiting for the commune, one still a draft, one finished.
    let waiting: InstanceBody;
    let drafting: InstanceBody;
    let finished: InstanceBody;
    const mapping = { draft: 'draft', communeReview: 'boardReview' };

    beforeAll(async () => {
      await admin.post('/api/definitions', petitionV1()).expect(201);
      waiting = await start(PETITION_KEY);
      await act('mttq.an-binh', waiting.id, 'SUBMIT', PETITION_SUMMARY);
      drafting = await start(PETITION_KEY);
      finished = await start(PETITION_KEY);
      await act('mttq.an-binh', finished.id, 'SUBMIT', PETITION_SUMMARY);
      await act('dangu.an-binh', finished.id, 'APPROVE');
      await admin.post('/api/definitions', petitionV2()).expect(201);
    });

    it('lists in a dry run what would move and what cannot, writing nothing', async () => {
      const before = await Promise.all([waiting, drafting, finished].map((i) => read(i.id)));
      const report = await migrate({
        fromVersion: 1,
        toVersion: 2,
        stateMapping: mapping,
        dryRun: true,
        instanceIds: [waiting.id, drafting.id, finished.id],
      });
      expect(report.dryRun).toBe(true);
      expect(report.wouldMove).toEqual([
        {
          instanceId: waiting.id,
          fromState: 'communeReview',
          toState: 'boardReview',
          assigneeUnitId: await t.unitId('ban-dan-van-huyen-uy'),
        },
        {
          instanceId: drafting.id,
          fromState: 'draft',
          toState: 'draft',
          assigneeUnitId: await t.unitId('an-binh.mttq'),
        },
      ]);
      expect(report.cannotMove).toEqual([
        expect.objectContaining({
          instanceId: finished.id,
          fromState: 'done',
          reason: 'not-active',
        }),
      ]);
      expect(report.moved).toBeUndefined();

      const after = await Promise.all([waiting, drafting, finished].map((i) => read(i.id)));
      expect(after).toEqual(before);
      expect((await history(waiting.id)).map((e) => e.type)).toEqual(['CREATED', 'SUBMIT']);
    });

    it('names why each instance cannot move under a bad mapping', async () => {
      const unmapped = await migrate({
        fromVersion: 1,
        toVersion: 2,
        stateMapping: { draft: 'draft' },
        dryRun: true,
      });
      expect(unmapped.cannotMove).toEqual([
        expect.objectContaining({ instanceId: waiting.id, reason: 'unmapped-state' }),
      ]);
      const unknown = await migrate({
        fromVersion: 1,
        toVersion: 2,
        stateMapping: { draft: 'drafting', communeReview: 'done' },
        dryRun: true,
      });
      expect(unknown.cannotMove.map((c) => [c.instanceId, c.reason])).toEqual([
        [waiting.id, 'final-target-state'],
        [drafting.id, 'unknown-target-state'],
      ]);
      // No department sits inside a commune, so nobody could act there.
      const unassignable = await migrate({
        fromVersion: 1,
        toVersion: 2,
        stateMapping: { draft: 'draft', communeReview: 'departmentOpinion' },
        dryRun: true,
        instanceIds: [waiting.id, '00000000-0000-4000-8000-000000000000'],
      });
      expect(unassignable.cannotMove.map((c) => c.reason)).toEqual(['unassignable', 'not-found']);
    });

    it('refuses a target that is not newer, unknown or deprecated', async () => {
      const older = await admin
        .post(`/api/definitions/${PETITION_KEY}/migrations`, {
          fromVersion: 2,
          toVersion: 1,
          stateMapping: mapping,
          dryRun: true,
        })
        .expect(422);
      expect((older.body as ErrorBody).details).toEqual([
        expect.objectContaining({ path: '/toVersion' }),
      ]);
      await admin
        .post(`/api/definitions/${PETITION_KEY}/migrations`, {
          fromVersion: 1,
          toVersion: 5,
          stateMapping: mapping,
          dryRun: true,
        })
        .expect(404);
      const invalid = await admin
        .post(`/api/definitions/${PETITION_KEY}/migrations`, {
          fromVersion: 1,
          toVersion: 2,
          stateMapping: { draft: 3 },
        })
        .expect(400);
      expect((invalid.body as ErrorBody).details?.map((d) => d.path).sort()).toEqual([
        '/dryRun',
        '/stateMapping',
      ]);
    });

    it('moves each instance as a hash-chained MIGRATED event and hands its task on', async () => {
      const danvanBefore = await inbox('danvan');
      expect(danvanBefore.items.map((i) => i.instanceId)).not.toContain(waiting.id);
      expect((await inbox('dangu.an-binh')).items.map((i) => i.instanceId)).toContain(waiting.id);
      const versionBefore = (await read(waiting.id)).version;

      const report = await migrate({
        fromVersion: 1,
        toVersion: 2,
        stateMapping: mapping,
        dryRun: false,
        comment: 'Chuyển sang quy trình sửa đổi',
      });
      expect(report.moved).toEqual([
        expect.objectContaining({
          instanceId: waiting.id,
          fromState: 'communeReview',
          toState: 'boardReview',
          version: versionBefore + 1,
        }),
        expect.objectContaining({
          instanceId: drafting.id,
          fromState: 'draft',
          toState: 'draft',
          version: 2,
        }),
      ]);
      expect(report.cannotMove).toEqual([]);

      const moved = await read(waiting.id);
      expect(moved).toEqual(
        expect.objectContaining({
          definitionVersion: 2,
          state: 'boardReview',
          status: 'active',
          version: versionBefore + 1,
        }),
      );
      expect(moved.data).toEqual(PETITION_SUMMARY);
      const events = await history(waiting.id);
      expect(events.at(-1)).toEqual(
        expect.objectContaining({
          seq: versionBefore + 1,
          type: 'MIGRATED',
          fromState: 'communeReview',
          toState: 'boardReview',
          data: {
            fromVersion: 1,
            toVersion: 2,
            fromState: 'communeReview',
            toState: 'boardReview',
          },
          comment: 'Chuyển sang quy trình sửa đổi',
          actor: expect.objectContaining({ username: 'admin' }),
          prevHash: events.at(-2)?.hash,
        }),
      );
      const verified = (await (await as('auditor')).get('/api/audit/verify').expect(200))
        .body as VerifyBody;
      expect(verified).toEqual(expect.objectContaining({ ok: true }));
      expect(verified.firstBroken).toBeUndefined();

      // The commune's task is closed and the Board's opened.
      expect((await inbox('dangu.an-binh')).items.map((i) => i.instanceId)).not.toContain(
        waiting.id,
      );
      const boardItem = (await inbox('danvan')).items.find((i) => i.instanceId === waiting.id);
      expect(boardItem).toEqual(expect.objectContaining({ state: 'boardReview' }));

      // Version 2's route from here on: the Board approves.
      const done = await act('danvan', waiting.id, 'APPROVE');
      expect(done).toEqual(
        expect.objectContaining({ state: 'done', status: 'completed', definitionVersion: 2 }),
      );
      const resubmitted = await act('mttq.an-binh', drafting.id, 'SUBMIT', PETITION_SUMMARY);
      expect(resubmitted.state).toBe('communeCheck');

      const versions = (await admin.get(`/api/definitions/${PETITION_KEY}/versions`).expect(200))
        .body;
      expect(versions).toEqual([
        expect.objectContaining({ version: 2, instances: 2, activeInstances: 1 }),
        expect.objectContaining({ version: 1, instances: 1, activeInstances: 0 }),
      ]);

      // Running it again finds nothing left on version 1.
      const again = await migrate({
        fromVersion: 1,
        toVersion: 2,
        stateMapping: mapping,
        dryRun: false,
        instanceIds: [waiting.id],
      });
      expect(again.moved).toEqual([]);
      expect(again.cannotMove).toEqual([
        expect.objectContaining({ reason: 'not-on-source-version' }),
      ]);
    });

    it('draws a migrated instance on its new version, the path restarting at the move', async () => {
      const res = await asText(admin.get(`/api/instances/${drafting.id}/diagram`)).expect(200);
      const svg = wellFormedSvg(res);
      for (const state of Object.keys(petitionV2().machine.states)) stateNode(svg, state);
      expect(stateNode(svg, 'communeCheck')).toContain('data-current="true"');
      expect(stateNode(svg, 'draft')).toContain('data-visited="true"');
      expect(edge(svg, 'draft', 'SUBMIT', 'communeCheck')).toContain('data-taken="true"');
    });

    it('refuses migration to a deprecated version', async () => {
      await admin.post(`/api/definitions/${PETITION_KEY}/versions/2/deprecate`).expect(200);
      const res = await admin
        .post(`/api/definitions/${PETITION_KEY}/migrations`, {
          fromVersion: 1,
          toVersion: 2,
          stateMapping: mapping,
          dryRun: true,
        })
        .expect(422);
      expect((res.body as ErrorBody).details).toEqual([
        {
          path: '/toVersion',
          message: 'version 2 is deprecated',
          messages: { vi: 'phiên bản 2 đã ngừng dùng', en: 'version 2 is deprecated' },
        },
      ]);
    });
  });

  describe('diagrams', () => {
    it.each(BUILT_IN_DEFINITIONS.map((d) => [d.key, d] as const))(
      '%s: well-formed SVG with every state, by key and by version',
      async (key, document) => {
        for (const path of [
          `/api/definitions/${key}/diagram`,
          `/api/definitions/${key}/versions/1/diagram?lang=en`,
        ]) {
          const svg = wellFormedSvg(await asText(admin.get(path)).expect(200));
          const drawn = [...svg.matchAll(/data-state="([^"]+)"/g)].map((m) => m[1]).sort();
          expect(drawn).toEqual(Object.keys(document.machine.states).sort());
        }
      },
    );

    it('marks the current state and the path taken on an instance diagram', async () => {
      const instance = await start('regulation-review');
      await act('mttq.an-binh', instance.id, 'SUBMIT', sampleForm('regulation-review.SUBMIT'));
      await act('dangu.an-binh', instance.id, 'APPROVE');

      const svg = wellFormedSvg(
        await asText(admin.get(`/api/instances/${instance.id}/diagram`)).expect(200),
      );
      expect(stateNode(svg, 'boardReview')).toContain('data-current="true"');
      expect(stateNode(svg, 'draft')).toContain('data-visited="true"');
      expect(stateNode(svg, 'communeReview')).toContain('data-visited="true"');
      expect(stateNode(svg, 'committeeReview')).not.toContain('data-visited');
      expect(stateNode(svg, 'promulgated')).not.toContain('data-current');
      expect(edge(svg, 'draft', 'SUBMIT', 'communeReview')).toContain('data-taken="true"');
      expect(edge(svg, 'communeReview', 'APPROVE', 'boardReview')).toContain('data-taken="true"');
      expect(edge(svg, 'boardReview', 'APPROVE', 'committeeReview')).not.toContain('data-taken');
      expect(svg.match(/data-current="true"/g)).toHaveLength(1);
    });

    it('lets whoever may read the instance see its diagram, and nobody else', async () => {
      const instance = await start('regulation-review');
      const path = `/api/instances/${instance.id}/diagram`;
      await callerFor(t.http, null).get(path).expect(401);
      for (const username of ['mttq.an-binh', 'auditor', 'admin']) {
        await asText((await as(username)).get(path)).expect(200);
      }
      await (await as('mttq.phu-hoa')).get(path).expect(403);
      await admin.get('/api/instances/00000000-0000-4000-8000-000000000000/diagram').expect(404);
      await admin.get('/api/instances/not-a-uuid/diagram').expect(400);
    });
  });
});
