import { BUILT_IN_DEFINITIONS } from '../../src/workflows/definitions/built-in-definitions';
import { type ErrorBody, type InstanceBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import {
  asText,
  type Caller,
  callerFor,
  PETITION_KEY,
  PETITION_SUMMARY,
  petitionV1,
  petitionV2,
  wellFormedSvg,
} from './definitions-fixtures';

interface VersionBody {
  key: string;
  version: number;
  status: 'published' | 'deprecated';
  instances: number;
  activeInstances: number;
}

describe('definitions: admin routes (HTTP against real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let admin: Caller;
  const as = async (username: string): Promise<Caller> =>
    callerFor(t.http, await t.login(username));

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    admin = await as('admin');
  });
  afterAll(async () => {
    await t.close();
  });

  async function start(key: string, unitSlug = 'an-binh.mttq'): Promise<InstanceBody> {
    const res = await (
      await as('mttq.an-binh')
    )
      .post('/api/instances', {
        definitionKey: key,
        orgUnitId: await t.unitId(unitSlug),
        title: 'Tổng hợp kiến nghị cử tri tháng 6 — xã An Bình',
      })
      .expect(201);
    return res.body as InstanceBody;
  }

  async function act(
    username: string,
    instanceId: string,
    type: string,
    data?: object,
    comment?: string,
  ): Promise<InstanceBody> {
    const res = await (
      await as(username)
    ).post(`/api/instances/${instanceId}/commands`, {
      type,
      ...(data ? { data } : {}),
      ...(comment ? { comment } : {}),
    });
    expect({ status: res.status, body: res.body as unknown }).toEqual({
      status: 200,
      body: expect.anything(),
    });
    return res.body as InstanceBody;
  }

  async function versions(key: string): Promise<VersionBody[]> {
    return (await admin.get(`/api/definitions/${key}/versions`).expect(200)).body as VersionBody[];
  }

  describe('authorisation matrix', () => {
    // Each admin route with a body an admin gets past the role guard with (2xx, 404 or 422).
    const ADMIN_ROUTES: Array<{ path: string; body: object; adminStatus: number }> = [
      { path: '/api/definitions', body: { key: 'x' }, adminStatus: 422 },
      { path: '/api/definitions/validate', body: petitionV1(), adminStatus: 200 },
      {
        path: '/api/definitions/simulate',
        body: {
          key: 'regulation-review',
          orgUnitId: '00000000-0000-4000-8000-000000000000',
          steps: [],
        },
        adminStatus: 422,
      },
      {
        path: '/api/definitions/import/stately',
        body: {
          key: 'tiny',
          title: { vi: 'Nhỏ', en: 'Tiny' },
          machine: {
            id: 'tiny',
            initial: 'a',
            states: { a: { on: { GO: '#tiny.b' } }, b: { type: 'final' } },
          },
        },
        adminStatus: 200,
      },
      {
        path: '/api/definitions/regulation-review/versions/99/deprecate',
        body: {},
        adminStatus: 404,
      },
      {
        path: '/api/definitions/no-such-key/migrations',
        body: { fromVersion: 1, toVersion: 2, stateMapping: {}, dryRun: true },
        adminStatus: 404,
      },
    ];

    it.each(ADMIN_ROUTES)(
      'POST $path: 401 without a token, 403 for officials and auditors',
      async ({ path, body, adminStatus }) => {
        await callerFor(t.http, null).post(path, body).expect(401);
        for (const username of ['btv', 'mttq.an-binh', 'thuongtruc', 'auditor']) {
          const res = await (await as(username)).post(path, body).expect(403);
          expect((res.body as ErrorBody).statusCode).toBe(403);
        }
        await admin.post(path, body).expect(adminStatus);
      },
    );

    const READ_ROUTES = [
      '/api/definitions',
      '/api/definitions/regulation-review',
      '/api/definitions/regulation-review/versions',
      '/api/definitions/regulation-review/versions/1',
      '/api/definitions/regulation-review/diagram',
      '/api/definitions/regulation-review/versions/1/diagram',
    ];

    it.each(READ_ROUTES)('GET %s: 401 without a token, 200 for every role', async (path) => {
      await callerFor(t.http, null).get(path).expect(401);
      for (const username of ['mttq.an-binh', 'auditor', 'admin']) {
        await (await as(username)).get(path).expect(200);
      }
    });
  });

  it('documents every definitions route in the OpenAPI document', async () => {
    const res = await callerFor(t.http, null).get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths as object)).toEqual(
      expect.arrayContaining([
        '/api/definitions/simulate',
        '/api/definitions/import/stately',
        '/api/definitions/{key}/versions/{version}',
        '/api/definitions/{key}/versions/{version}/deprecate',
        '/api/definitions/{key}/versions/{version}/diagram',
        '/api/definitions/{key}/migrations',
        '/api/instances/{id}/diagram',
      ]),
    );
  });

  describe('create and validate', () => {
    it('rejects an invalid definition with the exact path of every problem', async () => {
      const doc = petitionV1();
      const broken = {
        ...doc,
        key: 'Voter Petition',
        machine: {
          ...doc.machine,
          states: {
            ...doc.machine.states,
            draft: { on: { SUBMIT: { target: 'communeReview', guard: 'isUrgent' } } },
            communeReview: {
              on: { APPROVE: { target: 'archived' }, RETURN: { target: 'draft' } },
            },
          },
        },
        states: {
          ...doc.states,
          communeReview: {
            ...doc.states.communeReview,
            assignment: { unit: { relation: 'jurisdiction', kind: 'planet' } },
          },
        },
        events: {
          ...doc.events,
          SUBMIT: { ...doc.events.SUBMIT, form: { type: 'array' } },
          PUBLISH: { title: { vi: 'Đăng', en: 'Publish' } },
        },
      };
      const expected = [
        '/key',
        '/machine/states/draft/on/SUBMIT/guard',
        '/machine/states/communeReview/on/APPROVE/target',
        '/machine/states/done',
        '/states/communeReview/assignment/unit/kind',
        '/events/SUBMIT/form/type',
        '/events/PUBLISH',
      ];

      const res = await admin.post('/api/definitions', broken).expect(422);
      const body = res.body as ErrorBody;
      expect(body.code).toBe('definition-invalid');
      expect(body.details?.map((d) => d.path).sort()).toEqual([...expected].sort());
      expect(body.details).toEqual(
        expect.arrayContaining([
          {
            path: '/machine/states/communeReview/on/APPROVE/target',
            message: 'target state "archived" does not exist',
          },
          { path: '/machine/states/done', message: 'state "done" is not reachable from "draft"' },
        ]),
      );

      const report = await admin.post('/api/definitions/validate', broken).expect(200);
      expect(report.body.valid).toBe(false);
      expect(report.body.details).toEqual(body.details);
      await admin.get(`/api/definitions/${PETITION_KEY}`).expect(404);
    });

    it('publishes a valid definition once; identical content is not a new version', async () => {
      expect(
        (await admin.post('/api/definitions/validate', petitionV1()).expect(200)).body,
      ).toEqual({
        valid: true,
        details: [],
        // The author left the summary unbounded: publication adds a bound and says so.
        notices: [
          {
            path: '/events/SUBMIT/form/properties/summary/maxLength',
            message: 'maxLength 10000 added',
          },
        ],
      });
      // The web app asks in Vietnamese: the notice is worded in it.
      const vietnamese = await admin
        .post('/api/definitions/validate', petitionV1())
        .set('Accept-Language', 'vi')
        .expect(200);
      expect((vietnamese.body as { notices: unknown[] }).notices).toEqual([
        {
          path: '/events/SUBMIT/form/properties/summary/maxLength',
          message: 'đã thêm giới hạn độ dài maxLength 10000 ký tự',
        },
      ]);
      const first = await admin.post('/api/definitions', petitionV1()).expect(201);
      expect(first.body).toMatchObject({
        key: PETITION_KEY,
        version: 1,
        created: true,
        status: 'published',
      });
      const again = await admin.post('/api/definitions', petitionV1()).expect(201);
      expect(again.body).toMatchObject({
        key: PETITION_KEY,
        version: 1,
        created: false,
        status: 'published',
      });
      const listed = (await admin.get('/api/definitions').expect(200)).body as Array<{
        key: string;
      }>;
      expect(listed.map((d) => d.key)).toEqual(
        expect.arrayContaining([PETITION_KEY, ...BUILT_IN_DEFINITIONS.map((d) => d.key)]),
      );
    });
  });

  describe('draft diagram', () => {
    it('draws a valid draft for the admin, refuses others and invalid drafts', async () => {
      const before = await admin.get('/api/definitions/regulation-review/versions').expect(200);
      const current = await admin.get('/api/definitions/regulation-review').expect(200);
      const draft = current.body.document as { title: { vi: string } };
      draft.title.vi = 'Bản nháp <b>chưa</b> công bố';
      const svg = wellFormedSvg(
        await asText(admin.post('/api/definitions/diagram?lang=vi', draft)).expect(200),
      );
      expect(svg).toContain('data-state="committeeReview"');
      expect(svg).not.toContain('<b>');

      const official = await as('danvan');
      await official.post('/api/definitions/diagram', draft).expect(403);
      const invalid = await admin.post('/api/definitions/diagram', { key: 'x' }).expect(422);
      expect(invalid.headers['content-type']).toMatch(/json/);
      expect(invalid.body.details.length).toBeGreaterThan(0);
      // Drawing publishes nothing.
      const after = await admin.get('/api/definitions/regulation-review/versions').expect(200);
      expect(after.body).toEqual(before.body);
    });
  });

  describe('versions', () => {
    it('keeps old instances on their version while new ones start on the new version', async () => {
      const old = await start(PETITION_KEY);
      expect(old.definitionVersion).toBe(1);
      await act('mttq.an-binh', old.id, 'SUBMIT', PETITION_SUMMARY);

      expect((await admin.post('/api/definitions', petitionV2()).expect(201)).body.version).toBe(2);
      const fresh = await start(PETITION_KEY);
      expect(fresh.definitionVersion).toBe(2);

      // The old instance finishes by version 1's route: the commune approves, no Board step.
      const finished = await act('dangu.an-binh', old.id, 'APPROVE');
      expect(finished).toEqual(
        expect.objectContaining({ definitionVersion: 1, state: 'done', status: 'completed' }),
      );
      // The new one follows version 2: the commune's approval leads to the Board.
      await act('mttq.an-binh', fresh.id, 'SUBMIT', PETITION_SUMMARY);
      const checked = await act('dangu.an-binh', fresh.id, 'APPROVE');
      expect(checked).toEqual(
        expect.objectContaining({ definitionVersion: 2, state: 'boardReview' }),
      );
      const done = await act('danvan', fresh.id, 'APPROVE');
      expect(done.status).toBe('completed');

      expect(await versions(PETITION_KEY)).toEqual([
        expect.objectContaining({
          version: 2,
          status: 'published',
          instances: 1,
          activeInstances: 0,
        }),
        expect.objectContaining({
          version: 1,
          status: 'published',
          instances: 1,
          activeInstances: 0,
        }),
      ]);
      const v1 = await admin.get(`/api/definitions/${PETITION_KEY}/versions/1`).expect(200);
      expect(Object.keys(v1.body.machine.states).sort()).toEqual([
        'communeReview',
        'done',
        'draft',
      ]);
    });

    it('deprecates a version: new instances skip it, running ones keep working', async () => {
      const running = await start(PETITION_KEY);
      expect(running.definitionVersion).toBe(2);

      const res = await admin
        .post(`/api/definitions/${PETITION_KEY}/versions/2/deprecate`)
        .expect(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          key: PETITION_KEY,
          version: 2,
          status: 'deprecated',
          activeInstances: 1,
        }),
      );
      // Deprecating again changes nothing.
      await admin.post(`/api/definitions/${PETITION_KEY}/versions/2/deprecate`).expect(200);

      expect((await admin.get(`/api/definitions/${PETITION_KEY}`).expect(200)).body.version).toBe(
        1,
      );
      const listed = (await admin.get('/api/definitions').expect(200)).body as Array<{
        key: string;
        version: number;
      }>;
      expect(listed.find((d) => d.key === PETITION_KEY)?.version).toBe(1);
      expect((await start(PETITION_KEY)).definitionVersion).toBe(1);

      // The instance already on version 2 goes on by version 2's route.
      await act('mttq.an-binh', running.id, 'SUBMIT', PETITION_SUMMARY);
      const moved = await act('dangu.an-binh', running.id, 'APPROVE');
      expect(moved).toEqual(
        expect.objectContaining({ definitionVersion: 2, state: 'boardReview' }),
      );

      // A version that is deprecated is still readable, and republishing it changes nothing.
      await admin.get(`/api/definitions/${PETITION_KEY}/versions/2`).expect(200);
      const republished = await admin.post('/api/definitions', petitionV2()).expect(201);
      expect(republished.body).toEqual(
        expect.objectContaining({ version: 2, created: false, status: 'deprecated' }),
      );

      // With every version deprecated, the workflow offers nothing to start.
      await admin.post(`/api/definitions/${PETITION_KEY}/versions/1/deprecate`).expect(200);
      await admin.get(`/api/definitions/${PETITION_KEY}`).expect(404);
      const refused = await (
        await as('mttq.an-binh')
      )
        .post('/api/instances', {
          definitionKey: PETITION_KEY,
          orgUnitId: await t.unitId('an-binh.mttq'),
          title: 'Không còn phiên bản nào',
        })
        .expect(404);
      expect((refused.body as ErrorBody).statusCode).toBe(404);
      expect((await versions(PETITION_KEY)).map((v) => v.status)).toEqual([
        'deprecated',
        'deprecated',
      ]);
    });

    it('answers 404 for an unknown key or version and 400 for a version that is not a number', async () => {
      await admin.post('/api/definitions/voter-petition/versions/7/deprecate').expect(404);
      await admin.post('/api/definitions/nothing/versions/1/deprecate').expect(404);
      await admin.post('/api/definitions/voter-petition/versions/latest/deprecate').expect(400);
      await admin.get('/api/definitions/nothing/versions').expect(404);
    });
  });

  describe('Stately import', () => {
    // Written as Stately's editor exports a machine: ids in targets, descriptions, a context and
    // types the engine has no use for, shorthand and array transitions, a state with its own id.
    const STATELY_EXPORT = {
      id: 'citizenFeedback',
      initial: 'received',
      description: 'Tiếp nhận và xử lý ý kiến, kiến nghị của nhân dân',
      context: { feedbackId: null, attempts: 0 },
      types: { context: {}, events: {} },
      meta: { stately: { editorVersion: '2.1.0' } },
      states: {
        received: {
          description: 'Ủy ban MTTQ xã tiếp nhận ý kiến',
          on: {
            CLASSIFY: { target: '#citizenFeedback.classification', description: 'Phân loại' },
          },
        },
        classification: {
          on: {
            ASSIGN: [{ target: '#citizenFeedback.handling', actions: [{ type: 'mergeFormData' }] }],
            REJECT: '#citizenFeedback.rejected',
          },
        },
        handling: {
          id: 'handlingStep',
          on: {
            REPORT: { target: ['#citizenFeedback.reporting'] },
            RETURN: { target: 'classification' },
          },
        },
        reporting: {
          on: { CLOSE: { target: '#citizenFeedback.closed' }, REOPEN: { target: '#handlingStep' } },
        },
        closed: { type: 'final', description: 'Đã trả lời nhân dân' },
        rejected: { type: 'final', output: { reason: 'not-applicable' } },
      },
    };
    const drafter = { unit: { relation: 'self' }, capability: 'drafter' };
    const commune = {
      unit: { relation: 'jurisdiction', kind: 'party-committee' },
      capability: 'approver',
    };
    const request = {
      key: 'citizen-feedback',
      title: { vi: 'Xử lý ý kiến, kiến nghị của nhân dân', en: 'Citizen feedback handling' },
      machine: STATELY_EXPORT,
      states: {
        received: { title: { vi: 'Tiếp nhận', en: 'Received' }, assignment: drafter },
        classification: { assignment: commune },
        handling: { assignment: drafter, deadline: { days: 15 } },
      },
      events: {
        ASSIGN: {
          form: {
            type: 'object',
            additionalProperties: false,
            required: ['handler'],
            properties: { handler: { type: 'string', minLength: 2 } },
          },
        },
        CLOSE: { title: { vi: 'Kết thúc', en: 'Close' } },
      },
    };

    it('normalises the export and reports what still blocks publishing', async () => {
      const res = await admin.post('/api/definitions/import/stately', request).expect(200);
      const { document, problems, valid } = res.body;
      const removed = res.body.removed as string[];
      expect(valid).toBe(false);
      // Only the state with no spec lacks an assignment: everything else was normalised.
      expect(problems).toEqual([
        { path: '/states/reporting/assignment', message: 'a non-final state needs an assignment' },
      ]);
      expect(removed.sort()).toEqual(
        [
          '/machine/context',
          '/machine/types',
          '/machine/meta',
          '/machine/states/handling/id',
          '/machine/states/rejected/output',
        ].sort(),
      );
      expect(Object.keys(document.machine).sort()).toEqual([
        'description',
        'id',
        'initial',
        'states',
      ]);
      const states = document.machine.states;
      expect(states.received.on.CLASSIFY).toEqual({
        target: 'classification',
        description: 'Phân loại',
      });
      expect(states.classification.on.ASSIGN).toEqual([
        { target: 'handling', actions: [{ type: 'mergeFormData' }] },
      ]);
      expect(states.classification.on.REJECT).toEqual({ target: 'rejected' });
      expect(states.handling.on.REPORT).toEqual({ target: 'reporting' });
      expect(states.reporting.on.REOPEN).toEqual({ target: 'handling' });
      expect(states.closed).toEqual({ type: 'final', description: 'Đã trả lời nhân dân' });
      // Titles given are kept; the rest come from the names.
      expect(document.states.received.title).toEqual({ vi: 'Tiếp nhận', en: 'Received' });
      expect(document.states.classification.title).toEqual({
        vi: 'Classification',
        en: 'Classification',
      });
      expect(document.events.CLASSIFY.title).toEqual({ vi: 'Classify', en: 'Classify' });
      expect(document.events.CLOSE.title).toEqual({ vi: 'Kết thúc', en: 'Close' });
      // Nothing was published.
      await admin.get('/api/definitions/citizen-feedback').expect(404);
    });

    it('publishes the completed candidate explicitly and runs it', async () => {
      const complete = {
        ...request,
        states: { ...request.states, reporting: { assignment: drafter } },
      };
      const imported = await admin.post('/api/definitions/import/stately', complete).expect(200);
      expect(imported.body.problems).toEqual([]);
      expect(imported.body.valid).toBe(true);

      const published = await admin.post('/api/definitions', imported.body.document).expect(201);
      expect(published.body).toEqual(
        expect.objectContaining({ key: 'citizen-feedback', version: 1 }),
      );

      const instance = await start('citizen-feedback');
      expect(instance.state).toBe('received');
      const classified = await act('mttq.an-binh', instance.id, 'CLASSIFY');
      expect(classified.state).toBe('classification');
      const assigned = await act('dangu.an-binh', instance.id, 'ASSIGN', {
        handler: 'Tổ hòa giải ấp 3',
      });
      expect(assigned.state).toBe('handling');

      const svg = wellFormedSvg(
        await asText(admin.get('/api/definitions/citizen-feedback/diagram')).expect(200),
      );
      for (const state of Object.keys(STATELY_EXPORT.states)) {
        expect(svg).toContain(`data-state="${state}"`);
      }
    });

    it('reports an export the engine cannot run instead of changing its behaviour', async () => {
      const nested = {
        key: 'nested-flow',
        title: { vi: 'Lồng nhau', en: 'Nested' },
        machine: {
          id: 'nested',
          initial: 'a',
          states: {
            a: { after: { 1000: { target: '#nested.b' } }, on: { GO: '#nested.b.inner' } },
            b: { initial: 'inner', states: { inner: { type: 'final' } } },
          },
        },
      };
      const res = await admin.post('/api/definitions/import/stately', nested).expect(200);
      expect(res.body.valid).toBe(false);
      const problems = res.body.problems as Array<{ path: string }>;
      expect(problems.map((p) => p.path)).toEqual(
        expect.arrayContaining([
          '/machine/states/a/after',
          '/machine/states/a/on/GO/target',
          '/machine/states/b/states',
        ]),
      );
    });

    it('refuses a request without a machine or title (400)', async () => {
      const res = await admin
        .post('/api/definitions/import/stately', { key: 'x', machine: 'nope' })
        .expect(400);
      expect((res.body as ErrorBody).details?.map((d) => d.path)).toEqual(
        expect.arrayContaining(['/title', '/machine']),
      );
    });
  });
});
