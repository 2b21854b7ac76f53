import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { type ErrorBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import {
  type Caller,
  callerFor,
  PETITION_KEY,
  PETITION_SUMMARY,
  petitionV1,
} from './definitions-fixtures';
import { type JsonObject } from '../../src/common/json/json.types';

type Actor = string | { orgUnitId: string; capabilities?: string[] };

interface Step {
  actor: Actor;
  type: string;
  data?: JsonObject;
  comment?: string;
}

interface SimulationBody {
  ok: boolean;
  states: string[];
  initialTask: { state: string; assigneeUnitId: string; capability: string | null } | null;
  steps: Array<{
    type: string;
    actor: string;
    ok: boolean;
    fromState: string;
    toState: string;
    task?: { state: string; assigneeUnitId: string; capability: string | null } | null;
    error?: { code: string; message: string; details?: Array<{ path: string; message: string }> };
  }>;
  finalState: string | null;
  finalStatus: 'active' | 'completed' | 'cancelled' | null;
  data: JsonObject;
  error?: { code: string; message: string };
}

const RETURN_COMMENT = 'Đề nghị bổ sung ý kiến của Hội Nông dân xã.';

describe('definitions: simulation (HTTP against real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let admin: Caller;

  beforeAll(async () => {
    t = await createTestApp();
    admin = callerFor(t.http, await t.login('admin'));
  });
  afterAll(async () => {
    await t.close();
  });

  async function simulate(body: object, status = 200): Promise<SimulationBody> {
    const res = await admin.post('/api/definitions/simulate', body);
    expect({ status: res.status, body: res.body as unknown }).toEqual({
      status,
      body: expect.anything(),
    });
    return res.body as SimulationBody;
  }

  async function simulateKey(
    key: string,
    unitSlug: string,
    steps: Step[],
  ): Promise<SimulationBody> {
    return simulate({ key, orgUnitId: await t.unitId(unitSlug), steps });
  }

  async function instancesOnRecord(): Promise<number> {
    const res = await callerFor(t.http, await t.login('auditor'))
      .get('/api/audit/verify')
      .expect(200);
    return (res.body as { checked: number }).checked;
  }

  describe.each(['regulation-review', 'joint-activity-plan', 'annual-summary'])('%s', (key) => {
    const submit = (): Step => ({
      actor: 'mttq.an-binh',
      type: 'SUBMIT',
      data: sampleForm(`${key}.SUBMIT`),
    });
    const finalState = key === 'regulation-review' ? 'promulgated' : 'approved';

    it('walks the full approval route of a commune document', async () => {
      const result = await simulateKey(key, 'an-binh.mttq', [
        submit(),
        { actor: 'dangu.an-binh', type: 'APPROVE', data: sampleForm(`${key}.APPROVE`) },
        { actor: 'danvan', type: 'APPROVE' },
        { actor: 'btv', type: 'APPROVE' },
      ]);
      expect(result.ok).toBe(true);
      expect(result.states).toEqual([
        'draft',
        'communeReview',
        'boardReview',
        'committeeReview',
        finalState,
      ]);
      expect(result.finalStatus).toBe('completed');
      expect(result.initialTask).toEqual(
        expect.objectContaining({ state: 'draft', assigneeUnitId: await t.unitId('an-binh.mttq') }),
      );
      expect(result.steps.map((s) => [s.actor, s.task?.assigneeUnitId ?? null])).toEqual([
        ['mttq.an-binh', await t.unitId('an-binh.dang-uy')],
        ['dangu.an-binh', await t.unitId('ban-dan-van-huyen-uy')],
        ['danvan', await t.unitId('ban-thuong-vu-huyen-uy')],
        ['btv', null],
      ]);
    });

    it('goes back on RETURN and reports every refused step', async () => {
      const result = await simulateKey(key, 'an-binh.mttq', [
        submit(),
        { actor: 'dangu.phu-hoa', type: 'APPROVE' },
        { actor: 'dangu.an-binh', type: 'APPROVE' },
        { actor: 'danvan', type: 'RETURN', data: { returnTo: 'communeReview' } },
        {
          actor: 'danvan',
          type: 'RETURN',
          data: { returnTo: 'communeReview' },
          comment: RETURN_COMMENT,
        },
        { actor: 'dangu.an-binh', type: 'RETURN', comment: RETURN_COMMENT },
        { actor: 'dangu.an-binh', type: 'APPROVE' },
        submit(),
      ]);
      expect(result.ok).toBe(false);
      expect(result.states).toEqual([
        'draft',
        'communeReview',
        'boardReview',
        'communeReview',
        'draft',
        'communeReview',
      ]);
      expect(
        result.steps.map((s) => [s.ok, s.fromState, s.toState, s.error?.code ?? null]),
      ).toEqual([
        [true, 'draft', 'communeReview', null],
        [false, 'communeReview', 'communeReview', 'forbidden'],
        [true, 'communeReview', 'boardReview', null],
        [false, 'boardReview', 'boardReview', 'form-invalid'],
        [true, 'boardReview', 'communeReview', null],
        [true, 'communeReview', 'draft', null],
        [false, 'draft', 'draft', 'event-not-allowed'],
        [true, 'draft', 'communeReview', null],
      ]);
      expect(result.steps[3].error?.details).toEqual([
        expect.objectContaining({ path: '/comment' }),
      ]);
      expect(result.finalStatus).toBe('active');
    });

    it('routes a district drafter straight to the Dân vận Board', async () => {
      const result = await simulateKey(key, 'mttq-huyen', [
        { actor: 'mttq.huyen', type: 'SUBMIT', data: sampleForm(`${key}.SUBMIT`) },
        { actor: 'danvan', type: 'RETURN', comment: RETURN_COMMENT },
      ]);
      expect(result.ok).toBe(true);
      expect(result.states).toEqual(['draft', 'boardReview', 'draft']);
    });
  });

  describe('periodic-report', () => {
    const submit: Step = {
      actor: 'danvan',
      type: 'SUBMIT',
      data: sampleForm('periodic-report.SUBMIT'),
    };

    it('is acknowledged by the Standing Board', async () => {
      const result = await simulateKey('periodic-report', 'ban-dan-van-huyen-uy', [
        submit,
        {
          actor: 'thuongtruc',
          type: 'ACKNOWLEDGE',
          data: sampleForm('periodic-report.ACKNOWLEDGE'),
        },
      ]);
      expect(result.ok).toBe(true);
      expect(result.states).toEqual(['draft', 'standingBoardReview', 'acknowledged']);
      expect(result.finalStatus).toBe('completed');
      expect(result.data).toEqual(
        expect.objectContaining({ standingBoardDirections: expect.any(String) }),
      );
    });

    it('goes back to the Board on RETURN and is sent again', async () => {
      const result = await simulateKey('periodic-report', 'ban-dan-van-huyen-uy', [
        submit,
        { actor: 'thuongtruc', type: 'RETURN', comment: 'Bổ sung số liệu của thị trấn.' },
        submit,
        { actor: 'danvan', type: 'WITHDRAW' },
      ]);
      expect(result.ok).toBe(true);
      expect(result.states).toEqual([
        'draft',
        'standingBoardReview',
        'draft',
        'standingBoardReview',
        'draft',
      ]);
    });
  });

  describe('information-exchange', () => {
    async function submit(): Promise<Step> {
      const data = sampleForm('information-exchange.SUBMIT');
      data.recipientUnitId = await t.unitId('an-binh.mttq');
      return { actor: 'danvan', type: 'SUBMIT', data };
    }

    it('is acknowledged and answered by the recipient chosen in the form', async () => {
      const result = await simulateKey('information-exchange', 'ban-dan-van-huyen-uy', [
        await submit(),
        { actor: 'mttq.phu-hoa', type: 'ACKNOWLEDGE' },
        { actor: 'mttq.an-binh', type: 'ACKNOWLEDGE' },
        { actor: 'mttq.an-binh', type: 'REPLY', data: sampleForm('information-exchange.REPLY') },
      ]);
      expect(result.steps.map((s) => s.error?.code ?? 'ok')).toEqual([
        'ok',
        'forbidden',
        'ok',
        'ok',
      ]);
      expect(result.states).toEqual([
        'draft',
        'awaitingAcknowledgement',
        'awaitingReply',
        'replied',
      ]);
      expect(result.finalStatus).toBe('completed');
    });

    it('is withdrawn by the sender and cancelled', async () => {
      const result = await simulateKey('information-exchange', 'ban-dan-van-huyen-uy', [
        await submit(),
        { actor: 'danvan', type: 'WITHDRAW' },
        { actor: 'danvan', type: 'CANCEL' },
      ]);
      expect(result.ok).toBe(true);
      expect(result.states).toEqual(['draft', 'awaitingAcknowledgement', 'draft', 'cancelled']);
      expect(result.finalStatus).toBe('cancelled');
    });
  });

  describe('drafts and inputs', () => {
    it('simulates an unpublished draft, with made-up actors of a unit', async () => {
      const result = await simulate({
        definition: petitionV1(),
        orgUnitId: await t.unitId('tan-loc.mttq'),
        steps: [
          {
            actor: { orgUnitId: await t.unitId('tan-loc.mttq'), capabilities: ['drafter'] },
            type: 'SUBMIT',
            data: { summary: 'x' },
          },
          {
            actor: { orgUnitId: await t.unitId('tan-loc.mttq'), capabilities: ['drafter'] },
            type: 'SUBMIT',
            data: PETITION_SUMMARY,
          },
          { actor: { orgUnitId: await t.unitId('tan-loc.dang-uy') }, type: 'APPROVE' },
          {
            actor: { orgUnitId: await t.unitId('tan-loc.dang-uy'), capabilities: ['approver'] },
            type: 'APPROVE',
          },
        ],
      });
      expect(result.steps.map((s) => [s.actor, s.error?.code ?? 'ok'])).toEqual([
        ['tan-loc.mttq[drafter]', 'form-invalid'],
        ['tan-loc.mttq[drafter]', 'ok'],
        ['tan-loc.dang-uy[]', 'forbidden'],
        ['tan-loc.dang-uy[approver]', 'ok'],
      ]);
      expect(result.steps[0].error?.details).toEqual([
        expect.objectContaining({ path: '/summary' }),
      ]);
      expect(result.states).toEqual(['draft', 'communeReview', 'done']);
      expect(result.finalStatus).toBe('completed');
      // Nothing was published or started.
      await admin.get(`/api/definitions/${PETITION_KEY}`).expect(404);
    });

    it('reports a start that cannot be routed', async () => {
      const doc = petitionV1();
      doc.states.draft.assignment = { unit: { relation: 'field', field: 'ownerUnitId' } };
      const result = await simulate({
        definition: doc,
        orgUnitId: await t.unitId('an-binh.mttq'),
        steps: [],
      });
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('unassignable');
      expect(result.states).toEqual([]);
    });

    it('writes nothing', async () => {
      const before = await instancesOnRecord();
      await simulateKey('regulation-review', 'an-binh.mttq', [
        { actor: 'mttq.an-binh', type: 'SUBMIT', data: sampleForm('regulation-review.SUBMIT') },
      ]);
      expect(await instancesOnRecord()).toBe(before);
      const versions = await admin.get('/api/definitions/regulation-review/versions').expect(200);
      expect(versions.body[0].instances).toBe(0);
    });

    it('refuses an invalid draft with paths inside the request', async () => {
      const doc = petitionV1();
      doc.machine.initial = 'nowhere';
      const res = await admin
        .post('/api/definitions/simulate', {
          definition: doc,
          orgUnitId: await t.unitId('an-binh.mttq'),
          steps: [],
        })
        .expect(422);
      expect((res.body as ErrorBody).details).toEqual([
        { path: '/definition/machine/initial', message: 'initial state "nowhere" does not exist' },
      ]);
    });

    it('refuses unknown actors, units and definitions, and ambiguous requests', async () => {
      const orgUnitId = await t.unitId('an-binh.mttq');
      const unknownActor = await admin
        .post('/api/definitions/simulate', {
          key: 'regulation-review',
          orgUnitId,
          steps: [
            { actor: 'mttq.an-binh', type: 'SUBMIT' },
            { actor: 'nobody', type: 'APPROVE' },
            { actor: { orgUnitId: '00000000-0000-4000-8000-000000000000' }, type: 'APPROVE' },
          ],
        })
        .expect(422);
      expect((unknownActor.body as ErrorBody).details?.map((d) => d.path)).toEqual([
        '/steps/1/actor',
        '/steps/2/actor/orgUnitId',
      ]);
      expect(unknownActor.body).toMatchObject({
        message: 'Unknown actors',
        details: [
          {
            message: 'No active user "nobody"',
            messages: {
              vi: 'Không có người dùng đang hoạt động với tên đăng nhập "nobody"',
              en: 'No active user "nobody"',
            },
          },
          { message: 'No such unit', messages: { vi: 'Không có đơn vị này' } },
        ],
      });
      // The web app asks in Vietnamese: the message and the details are worded in it.
      const vietnamese = await admin
        .post('/api/definitions/simulate', {
          key: 'regulation-review',
          orgUnitId: '00000000-0000-4000-8000-000000000000',
          steps: [],
        })
        .set('Accept-Language', 'vi')
        .expect(422);
      expect(vietnamese.body).toMatchObject({
        message: 'Không có đơn vị 00000000-0000-4000-8000-000000000000 trong tổ chức',
        details: [{ path: '/orgUnitId', message: 'Không có đơn vị này' }],
      });
      const badActor = await admin
        .post('/api/definitions/simulate', {
          key: 'regulation-review',
          orgUnitId,
          steps: [{ actor: { orgUnitId, capabilities: ['king'] }, type: 'SUBMIT' }],
        })
        .expect(400);
      expect((badActor.body as ErrorBody).details?.[0].path).toBe('/steps/0/actor');
      await admin
        .post('/api/definitions/simulate', {
          key: 'regulation-review',
          version: 9,
          orgUnitId,
          steps: [],
        })
        .expect(404);
      await admin
        .post('/api/definitions/simulate', {
          definition: petitionV1(),
          key: 'regulation-review',
          orgUnitId,
          steps: [],
        })
        .expect(422);
      await admin.post('/api/definitions/simulate', { orgUnitId, steps: [] }).expect(422);
    });
  });
});
