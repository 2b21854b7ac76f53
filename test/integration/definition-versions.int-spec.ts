import request from 'supertest';
import { type WorkflowDefinitionDocument } from '../../src/workflows/engine/definition.types';
import { WorkflowFactory, expectStatus } from '../factories/workflow-factory';
import { type ErrorBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { type components } from '../../web/src/api/schema';

const DAY_MS = 24 * 3_600_000;
const KEY = 'regulation-review';

type VersionSummary = components['schemas']['DefinitionVersionDto'];

describe('definition versions (HTTP, real PostgreSQL, Redis and BullMQ)', () => {
  let t: TestApp;
  let wf: WorkflowFactory;
  let v1: WorkflowDefinitionDocument;
  /** v1 instances: a commune one at the commune step and a district one at the board. */
  let communeOld: string;
  let districtOld: string;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    wf = new WorkflowFactory(t);
    const res = await wf.get('admin', `/api/definitions/${KEY}`);
    expectStatus(res, 200, 'read the definition');
    v1 = (res.body as { document: WorkflowDefinitionDocument }).document;
  });
  afterAll(async () => {
    await t.close();
  });

  function copy(): WorkflowDefinitionDocument {
    return structuredClone(v1);
  }

  async function publish(document: unknown, username = 'admin') {
    return request(t.http)
      .post('/api/definitions')
      .set('Authorization', `Bearer ${await wf.token(username)}`)
      .send(document as object);
  }

  async function validate(document: unknown) {
    const res = await request(t.http)
      .post('/api/definitions/validate')
      .set('Authorization', `Bearer ${await wf.token('admin')}`)
      .send(document as object);
    expectStatus(res, 200, 'validate');
    return res.body as { valid: boolean; details: Array<{ path: string; message: string }> };
  }

  async function versions(): Promise<VersionSummary[]> {
    const res = await wf.get('btv', `/api/definitions/${KEY}/versions`);
    expectStatus(res, 200, 'versions');
    return res.body as VersionSummary[];
  }

  /** When the instance's open task is due, as its assignee's inbox shows it. */
  async function dueIn(username: string, instanceId: string): Promise<number> {
    const page = await wf.inbox(username, { definitionKey: KEY, limit: '100' });
    const item = page.items.find((candidate) => candidate.instanceId === instanceId);
    if (!item?.dueAt) throw new Error(`${instanceId} is not in ${username}'s inbox`);
    return Date.parse(item.dueAt) - Date.now();
  }

  it('starts with version 1 of every built-in workflow', async () => {
    const res = await wf.get('mttq.an-binh', '/api/definitions');
    expectStatus(res, 200, 'list');
    const list = res.body as Array<{ key: string; version: number; title: string }>;
    expect(list.map((definition) => definition.key).sort()).toEqual([
      'annual-summary',
      'information-exchange',
      'joint-activity-plan',
      'joint-regulation',
      'periodic-report',
      'regulation-review',
    ]);
    expect(list.every((definition) => definition.version === 1)).toBe(true);

    communeOld = (await wf.create('mttq.an-binh', KEY, 'an-binh.mttq')).id;
    await wf.act('mttq.an-binh', communeOld, 'SUBMIT', await wf.sample(`${KEY}.SUBMIT`));
    districtOld = (await wf.create('mttq.huyen', KEY, 'mttq-huyen')).id;
    await wf.act('mttq.huyen', districtOld, 'SUBMIT', await wf.sample(`${KEY}.SUBMIT`));
    expect((await versions()).map((v) => [v.version, v.instances])).toEqual([[1, 2]]);
  });

  describe('invalid definitions', () => {
    const cases: Array<[string, (doc: WorkflowDefinitionDocument) => void, string[]]> = [
      [
        'an unknown guard',
        (doc) => {
          const submit = doc.machine.states.draft.on?.SUBMIT;
          if (!Array.isArray(submit)) throw new Error('SUBMIT has branches');
          submit[0].guard = { type: 'isFriday' };
        },
        ['/machine/states/draft/on/SUBMIT/0/guard/type'],
      ],
      [
        'an unknown action',
        (doc) => {
          const approve = doc.machine.states.boardReview.on?.APPROVE;
          if (!approve || Array.isArray(approve)) throw new Error('APPROVE is one transition');
          approve.actions = [{ type: 'sendFax' }];
        },
        ['/machine/states/boardReview/on/APPROVE/actions/0/type'],
      ],
      [
        'a transition to a state that does not exist',
        (doc) => {
          const returns = doc.machine.states.committeeReview.on?.RETURN;
          if (!Array.isArray(returns)) throw new Error('RETURN has branches');
          returns[0].target = 'trash';
        },
        ['/machine/states/committeeReview/on/RETURN/0/target'],
      ],
      [
        'a state nothing leads to',
        (doc) => {
          doc.machine.states.archived = { type: 'final' };
          doc.states.archived = { title: { vi: 'Lưu trữ', en: 'Archived' }, outcome: 'completed' };
        },
        ['/machine/states/archived'],
      ],
      [
        'a waiting state with no way out',
        (doc) => {
          doc.machine.states.parked = { on: {} };
          const draftOn = doc.machine.states.draft.on ?? {};
          doc.machine.states.draft.on = { ...draftOn, PARK: { target: 'parked' } };
          doc.states.parked = {
            title: { vi: 'Tạm dừng', en: 'Parked' },
            assignment: { unit: { relation: 'self' }, capability: 'drafter' },
            deadline: { days: 3 },
          };
          doc.events.PARK = { title: { vi: 'Tạm dừng', en: 'Park' } };
        },
        ['/machine/states/parked'],
      ],
      [
        'an unknown unit kind',
        (doc) => {
          doc.states.communeReview.assignment = {
            unit: { relation: 'jurisdiction', kind: 'ministry' },
            capability: 'approver',
          };
        },
        ['/states/communeReview/assignment/unit/kind'],
      ],
      [
        'an unknown capability',
        (doc) => {
          const assignment = doc.states.boardReview.assignment;
          if (!assignment) throw new Error('boardReview is assigned');
          assignment.capability = 'signer';
        },
        ['/states/boardReview/assignment/capability'],
      ],
      [
        'a form that is not a valid JSON Schema',
        (doc) => {
          const form = doc.events.APPROVE.form as { properties: Record<string, object> };
          form.properties.opinion = { type: 'text' };
        },
        ['/events/APPROVE/form'],
      ],
      [
        'a waiting state without an assignment',
        (doc) => {
          delete doc.states.committeeReview.assignment;
        },
        ['/states/committeeReview/assignment'],
      ],
      [
        'a key that is not kebab-case',
        (doc) => {
          doc.key = 'Regulation Review';
        },
        ['/key'],
      ],
    ];

    it.each(cases)(
      'refuses %s with 422 at its exact path, and publishes nothing',
      async (_what, mutate, paths) => {
        const document = copy();
        mutate(document);
        const before = await versions();
        const res = await publish(document);
        expect(res.status).toBe(422);
        const body = res.body as ErrorBody;
        expect(body).toMatchObject({ statusCode: 422, code: 'definition-invalid' });
        expect(body.details?.map((detail) => detail.path).sort()).toEqual(paths);
        for (const detail of body.details ?? []) expect(detail.message).toEqual(expect.any(String));
        expect(await versions()).toEqual(before);

        // POST /validate reports the same, without publishing either.
        const report = await validate(document);
        expect(report.valid).toBe(false);
        expect(report.details.map((detail) => detail.path).sort()).toEqual(paths);
      },
    );

    it('reports every problem of a document at once', async () => {
      const document = copy();
      const assignment = document.states.boardReview.assignment;
      if (assignment) assignment.capability = 'signer';
      const returns = document.machine.states.committeeReview.on?.RETURN;
      if (Array.isArray(returns)) returns[0].target = 'trash';
      const res = await publish(document);
      expect(res.status).toBe(422);
      expect((res.body as ErrorBody).details?.map((detail) => detail.path).sort()).toEqual([
        '/machine/states/committeeReview/on/RETURN/0/target',
        '/states/boardReview/assignment/capability',
      ]);
    });

    it('lets only an admin publish or validate', async () => {
      expect((await publish(copy(), 'btv')).status).toBe(403);
      const res = await request(t.http)
        .post('/api/definitions/validate')
        .set('Authorization', `Bearer ${await wf.token('auditor')}`)
        .send(copy());
      expect(res.status).toBe(403);
    });
  });

  describe('a new version while instances of the old one run', () => {
    it('validates and publishes version 2; publishing the same again changes nothing', async () => {
      const v2 = copy();
      v2.title = {
        vi: 'Rà soát, bổ sung quy chế phối hợp (sửa đổi 2025)',
        en: 'Coordination regulation review (2025)',
      };
      v2.states.communeReview.deadline = { days: 5 };
      v2.states.boardReview.title = {
        vi: 'Ban Dân vận Huyện ủy thẩm định',
        en: 'Mass Mobilisation Board appraisal',
      };
      expect(await validate(v2)).toEqual({ valid: true, details: [], notices: [] });
      // Validating publishes nothing.
      expect((await versions()).map((v) => v.version)).toEqual([1]);

      const published = await publish(v2);
      expect(published.status).toBe(201);
      expect(published.body).toMatchObject({ key: KEY, version: 2, created: true });
      const again = await publish(v2);
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ key: KEY, version: 2, created: false });

      const latest = await wf.get('mttq.an-binh', `/api/definitions/${KEY}`);
      expect(latest.body).toMatchObject({ key: KEY, version: 2, title: v2.title.vi });
      const list = (await wf.get('mttq.an-binh', '/api/definitions')).body as Array<{
        key: string;
        version: number;
      }>;
      expect(list.find((definition) => definition.key === KEY)?.version).toBe(2);
      expect(list.find((definition) => definition.key === 'joint-activity-plan')?.version).toBe(1);
    });

    it('starts new instances on version 2, with its deadlines and titles', async () => {
      const { id, definitionVersion } = await wf.create('mttq.phu-hoa', KEY, 'phu-hoa.mttq');
      expect(definitionVersion).toBe(2);
      await wf.act('mttq.phu-hoa', id, 'SUBMIT', await wf.sample(`${KEY}.SUBMIT`));
      const due = await dueIn('dangu.phu-hoa', id);
      expect(due).toBeGreaterThan(4.9 * DAY_MS);
      expect(due).toBeLessThanOrEqual(5 * DAY_MS);
      await wf.act('dangu.phu-hoa', id, 'APPROVE');
      const atBoard = await wf.read('danvan', id);
      expect(atBoard).toMatchObject({ definitionVersion: 2, state: 'boardReview' });
      expect(atBoard.stateTitle).toBe('Ban Dân vận Huyện ủy thẩm định');
    });

    it('keeps the old instances on version 1, to the end of their route', async () => {
      // The commune step of an old instance keeps version 1's deadline of 5 working days.
      const page = await wf.inbox('dangu.an-binh', { definitionKey: KEY, limit: '100' });
      const item = page.items.find((candidate) => candidate.instanceId === communeOld);
      expect(item?.remainingWorkingDays).toBe(5);

      const atBoard = await wf.act('dangu.an-binh', communeOld, 'APPROVE');
      expect(atBoard).toMatchObject({ definitionVersion: 1, state: 'boardReview' });
      expect(atBoard.stateTitle).toBe('Ban Dân vận xem xét');
      await wf.act('danvan', communeOld, 'APPROVE');
      const done = await wf.act('btv', communeOld, 'APPROVE');
      expect(done).toMatchObject({
        definitionVersion: 1,
        state: 'promulgated',
        status: 'completed',
      });

      await wf.act('danvan', districtOld, 'APPROVE');
      const districtDone = await wf.act('btv', districtOld, 'APPROVE');
      expect(districtDone).toMatchObject({ definitionVersion: 1, status: 'completed', version: 4 });

      for (const id of [communeOld, districtOld]) {
        const { version, historyLength, verified } = await wf.consistency(id);
        expect(version).toBe(historyLength);
        expect(verified.ok).toBe(true);
      }
    });

    it('counts the instances of each version', async () => {
      expect((await versions()).map((v) => [v.version, v.status, v.instances])).toEqual([
        [2, 'published', 1],
        [1, 'published', 2],
      ]);
    });

    it('draws the latest version as SVG with every state', async () => {
      const res = await wf.get('mttq.an-binh', `/api/definitions/${KEY}/diagram`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      const svg = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text;
      expect(svg).toMatch(/^<svg[\s>]/);
      expect(svg).toMatch(/<\/svg>\s*$/);
      for (const state of Object.keys(v1.machine.states)) {
        expect(svg).toContain(`data-state="${state}"`);
      }
      // Version 2's changed title, not version 1's.
      expect(svg).toContain('Ban Dân vận Huyện ủy thẩm định');
      expect(svg).not.toContain('Ban Dân vận xem xét');
      const english = await wf.get('mttq.an-binh', `/api/definitions/${KEY}/diagram?lang=en`);
      expect(english.status).toBe(200);
      const englishSvg = Buffer.isBuffer(english.body)
        ? english.body.toString('utf8')
        : english.text;
      expect(englishSvg).toContain('Mass Mobilisation Board appraisal');
      expect(
        (await wf.get('mttq.an-binh', '/api/definitions/no-such-workflow/diagram')).status,
      ).toBe(404);
    });
  });
});
