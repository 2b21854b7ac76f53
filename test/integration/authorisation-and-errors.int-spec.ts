import request from 'supertest';
import { WorkflowFactory } from '../factories/workflow-factory';
import { type ErrorBody, type ErrorDetailBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';
import { type JsonObject } from '../../src/common/json/json.types';

interface Footprint {
  version: number;
  state: string;
  history: number;
  commands: number;
}

function expectErrorShape(body: ErrorBody, status: number): void {
  expect(body).toEqual(
    expect.objectContaining({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
    }),
  );
}

describe('authorisation and errors (HTTP, real PostgreSQL, Redis and BullMQ)', () => {
  let t: TestApp;
  let wf: WorkflowFactory;
  let sql: TestSql;
  /** A commune regulation review waiting for the commune committee (version 2). */
  let atCommune: string;
  /** A commune regulation review still in draft (version 1). */
  let draft: string;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    wf = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
    atCommune = (await wf.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq')).id;
    await wf.act('mttq.an-binh', atCommune, 'SUBMIT', await wf.sample('regulation-review.SUBMIT'));
    draft = (await wf.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq')).id;
  });
  afterAll(async () => {
    await sql.close();
    await t.close();
  });

  /** Where the instance stands, as the auditor reads it and as PostgreSQL recorded commands. */
  async function footprint(instanceId: string): Promise<Footprint> {
    const instance = await wf.read('auditor', instanceId);
    return {
      version: instance.version,
      state: instance.state,
      history: (await wf.history('auditor', instanceId)).length,
      commands: await sql.count('SELECT count(*) FROM workflow_commands WHERE instance_id = $1', [
        instanceId,
      ]),
    };
  }

  /** Runs `act` and asserts it left no trace: same version, state, history, no command recorded. */
  async function expectNothingChanged(instanceId: string, act: () => Promise<void>): Promise<void> {
    const before = await footprint(instanceId);
    await act();
    expect(await footprint(instanceId)).toEqual(before);
    expect(before.version).toBe(before.history);
  }

  async function sendAs(
    username: string,
    instanceId: string,
    type: string,
    data?: JsonObject,
    comment?: string,
  ) {
    return wf.send(await wf.token(username), instanceId, type, data, comment);
  }

  describe('403: not this caller’s to act or to read', () => {
    it.each([
      ['another commune’s Đảng ủy approving', 'dangu.phu-hoa', 'APPROVE'],
      ['the drafter approving their own submission', 'mttq.an-binh', 'APPROVE'],
      ['the drafter returning it', 'mttq.an-binh', 'RETURN'],
      ['the Dân vận Board approving before its turn', 'danvan', 'APPROVE'],
      ['the Standing Committee approving before its turn', 'btv', 'APPROVE'],
      ['the Standing Board', 'thuongtruc', 'APPROVE'],
      ['the auditor', 'auditor', 'APPROVE'],
      ['the auditor withdrawing', 'auditor', 'WITHDRAW'],
      ['the admin', 'admin', 'APPROVE'],
      ['the commune approver withdrawing the drafter’s submission', 'dangu.an-binh', 'WITHDRAW'],
    ])('refuses %s', async (_who, username, type) => {
      await expectNothingChanged(atCommune, async () => {
        const comment = type === 'RETURN' ? 'Trả lại.' : undefined;
        const res = await sendAs(username, atCommune, type, undefined, comment);
        expect(res.status).toBe(403);
        expectErrorShape(res.body as ErrorBody, 403);
      });
    });

    it('refuses a reviewer once their step is past, though they may still read it', async () => {
      const { id } = await wf.create('mttq.phu-hoa', 'regulation-review', 'phu-hoa.mttq');
      await wf.act('mttq.phu-hoa', id, 'SUBMIT', await wf.sample('regulation-review.SUBMIT'));
      await wf.act('dangu.phu-hoa', id, 'APPROVE');
      expect((await wf.read('dangu.phu-hoa', id)).availableActions).toEqual([]);
      await expectNothingChanged(id, async () => {
        expect((await sendAs('dangu.phu-hoa', id, 'APPROVE')).status).toBe(403);
        expect((await sendAs('dangu.phu-hoa', id, 'RETURN', undefined, 'Xem lại.')).status).toBe(
          403,
        );
      });
    });

    it('refuses to read another commune’s instance, its history and its commands', async () => {
      const history = await wf.history('mttq.an-binh', atCommune);
      const commandId = history[1].commandId;
      expect(commandId).toEqual(expect.any(String));
      for (const username of ['mttq.phu-hoa', 'dangu.phu-hoa', 'mttq.tan-loc', 'btv']) {
        for (const path of [
          `/api/instances/${atCommune}`,
          `/api/instances/${atCommune}/history`,
          `/api/commands/${commandId}`,
        ]) {
          const res = await wf.get(username, path);
          expect({ username, path, status: res.status }).toEqual({ username, path, status: 403 });
          expectErrorShape(res.body as ErrorBody, 403);
        }
      }
      // Nor does it show up in their inbox.
      const inbox = await wf.inbox('dangu.phu-hoa', { limit: '100' });
      expect(inbox.items.map((item) => item.instanceId)).not.toContain(atCommune);
      // The auditor reads everything and may act on nothing.
      const audited = await wf.read('auditor', atCommune);
      expect(audited.availableActions).toEqual([]);
      expect((await wf.get('auditor', `/api/commands/${commandId}`)).status).toBe(200);
    });

    it('refuses an official the audit report', async () => {
      expect((await wf.get('btv', '/api/audit/verify')).status).toBe(403);
      expect((await wf.get('mttq.an-binh', `/api/audit/verify?instanceId=${draft}`)).status).toBe(
        403,
      );
    });

    it('refuses to open work in another unit’s name or without the drafter capability', async () => {
      for (const [username, unit] of [
        ['mttq.an-binh', 'phu-hoa.mttq'],
        ['mttq.an-binh', 'mttq-huyen'],
        ['dangu.an-binh', 'an-binh.dang-uy'],
        ['auditor', 'an-binh.mttq'],
        ['admin', 'an-binh.mttq'],
      ]) {
        const res = await wf.createRequest(username, 'regulation-review', unit);
        expect({ username, unit, status: res.status }).toEqual({ username, unit, status: 403 });
      }
    });

    it('answers 404 for an instance that does not exist and 401 without a token', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      expect((await wf.get('auditor', `/api/instances/${missing}`)).status).toBe(404);
      expect((await sendAs('mttq.an-binh', missing, 'SUBMIT')).status).toBe(404);
      await expectNothingChanged(atCommune, async () => {
        const res = await request(t.http)
          .post(`/api/instances/${atCommune}/commands`)
          .send({ type: 'APPROVE' });
        expect(res.status).toBe(401);
      });
    });
  });

  describe('422: event not allowed now', () => {
    it('names the allowed events when the event exists but not in this state', async () => {
      await expectNothingChanged(draft, async () => {
        const res = await sendAs('mttq.an-binh', draft, 'APPROVE');
        expect(res.status).toBe(422);
        const body = res.body as ErrorBody;
        expectErrorShape(body, 422);
        expect(body.code).toBe('event-not-allowed');
        expect(body.message).toMatch(/APPROVE/);
        expect(body.message).toMatch(/SUBMIT/);
        expect(body.details).toHaveLength(1);
        expect(body.details?.[0].path).toBe('/type');
        expect(body.details?.[0].allowedEvents?.sort()).toEqual(['CANCEL', 'SUBMIT']);
      });
    });

    it('refuses an event the workflow does not have', async () => {
      await expectNothingChanged(atCommune, async () => {
        const res = await sendAs('dangu.an-binh', atCommune, 'PUBLISH');
        expect(res.status).toBe(422);
        const body = res.body as ErrorBody;
        expect(body.code).toBe('event-not-allowed');
        expect(body.details?.[0].allowedEvents?.sort()).toEqual(['APPROVE', 'RETURN', 'WITHDRAW']);
      });
    });

    it('refuses a second SUBMIT of what is already under review', async () => {
      await expectNothingChanged(atCommune, async () => {
        const res = await sendAs(
          'mttq.an-binh',
          atCommune,
          'SUBMIT',
          await wf.sample('regulation-review.SUBMIT'),
        );
        expect(res.status).toBe(422);
        expect((res.body as ErrorBody).code).toBe('event-not-allowed');
      });
    });

    it('refuses every event once the instance is finished, with no allowed events', async () => {
      const { id } = await wf.create('mttq.huyen', 'regulation-review', 'mttq-huyen');
      await wf.act('mttq.huyen', id, 'CANCEL');
      expect((await wf.read('mttq.huyen', id)).status).toBe('cancelled');
      await expectNothingChanged(id, async () => {
        for (const type of ['SUBMIT', 'CANCEL', 'APPROVE']) {
          const res = await sendAs('mttq.huyen', id, type);
          expect(res.status).toBe(422);
          expect((res.body as ErrorBody).details?.[0].allowedEvents).toEqual([]);
        }
      });
    });
  });

  describe('422: form data failing its schema, with { path, message } in Vietnamese and English', () => {
    async function submitErrors(
      mutate: (form: JsonObject) => void,
      key = 'regulation-review',
      instanceId = draft,
      username = 'mttq.an-binh',
    ): Promise<ErrorDetailBody[]> {
      const form = await wf.sample(`${key}.SUBMIT`);
      mutate(form);
      let details: ErrorDetailBody[] = [];
      await expectNothingChanged(instanceId, async () => {
        const res = await sendAs(username, instanceId, 'SUBMIT', form);
        expect(res.status).toBe(422);
        const body = res.body as ErrorBody;
        expectErrorShape(body, 422);
        expect(body.code).toBe('form-invalid');
        details = body.details ?? [];
      });
      for (const detail of details) {
        expect(detail.message).toBe(detail.messages?.vi);
      }
      return details;
    }

    it('reports a missing required field at its path', async () => {
      const details = await submitErrors((form) => delete form.regulationNumber);
      expect(details).toEqual([
        {
          path: '/regulationNumber',
          keyword: 'required',
          message: 'Trường "Số quy chế" là bắt buộc',
          messages: {
            vi: 'Trường "Số quy chế" là bắt buộc',
            en: 'Field "Regulation number" is required',
          },
        },
      ]);
    });

    it('reports a value of the wrong type', async () => {
      const details = await submitErrors((form) => {
        form.signedDate = 20210315;
      });
      expect(details).toEqual([
        expect.objectContaining({
          path: '/signedDate',
          keyword: 'type',
          messages: {
            vi: 'Trường "Ngày ký" phải là chuỗi ký tự',
            en: 'Field "Signing date" must be a string',
          },
        }),
      ]);
    });

    it('reports a badly formatted date', async () => {
      const details = await submitErrors((form) => {
        form.signedDate = '15/03/2021';
      });
      expect(details).toEqual([
        expect.objectContaining({
          path: '/signedDate',
          keyword: 'format',
          messages: {
            vi: 'Trường "Ngày ký" phải là ngày hợp lệ (YYYY-MM-DD)',
            en: 'Field "Signing date" must be a valid date (YYYY-MM-DD)',
          },
        }),
      ]);
    });

    it('reports a value outside its enum, deep in an array', async () => {
      const details = await submitErrors((form) => {
        const organisations = form.coordinatingOrganizations as JsonObject[];
        organisations[1].role = 'chair';
      });
      expect(details).toEqual([
        expect.objectContaining({
          path: '/coordinatingOrganizations/1/role',
          keyword: 'enum',
          messages: {
            vi: 'Trường "Vai trò" phải là một trong các giá trị: "lead", "partner"',
            en: 'Field "Role" must be one of: "lead", "partner"',
          },
        }),
      ]);
    });

    it('reports a property the form does not have', async () => {
      const details = await submitErrors((form) => {
        form.ghiChu = 'Thêm ghi chú';
      });
      expect(details).toEqual([
        expect.objectContaining({
          path: '/ghiChu',
          keyword: 'additionalProperties',
          messages: { vi: 'Trường "ghiChu" không được phép', en: 'Field "ghiChu" is not allowed' },
        }),
      ]);
    });

    it('reports every failing field at once', async () => {
      const details = await submitErrors((form) => {
        delete form.scope;
        form.issuingParties = ['Ủy ban nhân dân xã An Bình'];
        form.effectiveDate = 'mùng 1 tháng 7';
      });
      expect(details.map((detail) => [detail.path, detail.keyword]).sort()).toEqual([
        ['/effectiveDate', 'format'],
        ['/issuingParties', 'minItems'],
        ['/scope', 'required'],
      ]);
      for (const detail of details) {
        expect(detail.messages?.vi).toMatch(/^Trường "/);
        expect(detail.messages?.en).toMatch(/^Field "/);
      }
    });

    it('reports an integer field given a fraction, and a unit id that is not a UUID', async () => {
      const plan = await wf.create('mttq.tan-loc', 'joint-activity-plan', 'tan-loc.mttq');
      const planErrors = await submitErrors(
        (form) => {
          form.year = 2025.5;
        },
        'joint-activity-plan',
        plan.id,
        'mttq.tan-loc',
      );
      expect(planErrors).toEqual([expect.objectContaining({ path: '/year', keyword: 'type' })]);
      expect(planErrors[0].messages?.en).toBe('Field "Plan year" must be an integer');

      const exchange = await wf.create('mttq.tan-loc', 'information-exchange', 'tan-loc.mttq');
      const exchangeErrors = await submitErrors(
        (form) => {
          form.recipientUnitId = 'Ủy ban MTTQ huyện';
        },
        'information-exchange',
        exchange.id,
        'mttq.tan-loc',
      );
      expect(exchangeErrors).toEqual([
        expect.objectContaining({
          path: '/recipientUnitId',
          keyword: 'format',
          messages: {
            vi: 'Trường "Đơn vị nhận" phải là mã UUID hợp lệ',
            en: 'Field "Recipient unit" must be a valid UUID',
          },
        }),
      ]);
    });

    it('refuses a return to a step the form does not offer, and data on an event without a form', async () => {
      await expectNothingChanged(atCommune, async () => {
        const res = await sendAs(
          'dangu.an-binh',
          atCommune,
          'RETURN',
          { returnTo: 'committeeReview' },
          'Trả lại.',
        );
        expect(res.status).toBe(422);
        expect((res.body as ErrorBody).details).toEqual([
          expect.objectContaining({ path: '/returnTo', keyword: 'enum' }),
        ]);
        const withdraw = await sendAs('mttq.an-binh', atCommune, 'WITHDRAW', { reason: 'x' });
        expect(withdraw.status).toBe(422);
        expect((withdraw.body as ErrorBody).details).toEqual([
          expect.objectContaining({
            path: '/data',
            messages: expect.objectContaining({ en: 'This action takes no form data' }),
          }),
        ]);
      });
    });
  });

  describe('400: a malformed command', () => {
    it.each([
      ['invalid JSON', '{"type": "APPROVE",'],
      ['no type', { data: {} }],
      ['a type that is not an event name', { type: 'phê duyệt' }],
      ['a type starting with a digit', { type: '1APPROVE' }],
      ['a numeric type', { type: 42 }],
      ['data that is an array', { type: 'APPROVE', data: [1, 2] }],
      ['data that is a string', { type: 'APPROVE', data: 'đồng ý' }],
      ['a numeric comment', { type: 'RETURN', comment: 5 }],
      ['expectedVersion 0', { type: 'APPROVE', expectedVersion: 0 }],
      ['a textual expectedVersion', { type: 'APPROVE', expectedVersion: 'hai' }],
      ['an unknown top-level field', { type: 'APPROVE', actor: 'btv' }],
      ['a JSON array', [{ type: 'APPROVE' }]],
    ])('answers 400 for %s and changes nothing', async (_what, body) => {
      const token = await wf.token('dangu.an-binh');
      await expectNothingChanged(atCommune, async () => {
        const res = await request(t.http)
          .post(`/api/instances/${atCommune}/commands`)
          .set('Authorization', `Bearer ${token}`)
          .set('Content-Type', 'application/json')
          .send(typeof body === 'string' ? body : JSON.stringify(body));
        expect(res.status).toBe(400);
        expectErrorShape(res.body as ErrorBody, 400);
        expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
      });
    });

    it('answers 400 for an instance id that is not a UUID and for an oversized Idempotency-Key', async () => {
      const token = await wf.token('dangu.an-binh');
      expect((await wf.send(token, 'not-a-uuid', 'APPROVE')).status).toBe(400);
      await expectNothingChanged(atCommune, async () => {
        const res = await wf.send(token, atCommune, 'APPROVE', undefined, undefined, {
          'Idempotency-Key': 'k'.repeat(201),
        });
        expect(res.status).toBe(400);
      });
    });
  });

  it('still lets the right person act after all the refusals, and the chain verifies', async () => {
    const approved = await wf.act('dangu.an-binh', atCommune, 'APPROVE');
    expect(approved).toMatchObject({ state: 'boardReview', version: 3 });
    const submitted = await wf.act(
      'mttq.an-binh',
      draft,
      'SUBMIT',
      await wf.sample('regulation-review.SUBMIT'),
    );
    expect(submitted).toMatchObject({ state: 'communeReview', version: 2 });
    const verified = await wf.verify();
    expect(verified.ok).toBe(true);
    // Only what was applied was ever recorded: every refused command left no row.
    expect(await sql.commandCounts(atCommune)).toEqual({ applied: 2 });
    expect(await sql.commandCounts(draft)).toEqual({ applied: 1 });
  });
});
