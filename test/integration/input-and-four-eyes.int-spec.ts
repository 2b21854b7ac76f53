import request from 'supertest';
import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { WorkflowFactory } from '../factories/workflow-factory';
import { type InstanceBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';
import { type components } from '../../web/src/api/schema';

type ErrorBody = components['schemas']['ErrorBodyDto'];

const HOUR = 3_600_000;

describe('trust: every entry point validates; four eyes hold through delegations', () => {
  let t: TestApp;
  let f: WorkflowFactory;
  let sql: TestSql;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    f = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
    // A Party committee member who drafts as well as approves, and one who only drafts: both sit
    // in An Bình's committee, with its approver dangu.an-binh.
    const admin = await t.login('admin');
    for (const [username, capabilities] of [
      ['thuky.an-binh', ['drafter', 'approver']],
      ['chuyenvien.an-binh', ['drafter']],
    ] as const) {
      await request(t.http)
        .post('/api/admin/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({
          username,
          fullName: `Cán bộ Đảng ủy xã An Bình ${username}`,
          roles: ['official'],
          capabilities,
          orgUnitId: await t.unitId('an-binh.dang-uy'),
          password: 'demo-password',
        })
        .expect(201);
      await t.login(username, 'demo-password');
    }
  });
  afterAll(async () => {
    await sql.close();
    await t.close();
  });

  describe('creation data is checked against the first form', () => {
    it('refuses invalid data with 422 and exact paths, in the shape of a command form error', async () => {
      const res = await f.createRequest('mttq.an-binh', 'regulation-review', 'an-binh.mttq', {
        data: {
          signedDate: 'hôm qua',
          issuingParties: 'not a list',
          coordinatingOrganizations: [{ organizationName: 'Hội Nông dân', role: 'owner' }],
          unknownField: 1,
        },
      });
      expect(res.status).toBe(422);
      const body = res.body as ErrorBody;
      expect(body.code).toBe('form-invalid');
      const paths = body.details?.map((d) => d.path).sort();
      expect(paths).toEqual(
        expect.arrayContaining([
          '/signedDate',
          '/issuingParties',
          '/coordinatingOrganizations/0/role',
          '/unknownField',
        ]),
      );
      for (const detail of body.details ?? []) {
        expect(detail.messages).toEqual({ vi: expect.any(String), en: expect.any(String) });
      }
      expect(
        await sql.count(`SELECT count(*) FROM workflow_instances WHERE title LIKE 'Kiểm thử %'`),
      ).toBe(0);
    });

    it('accepts well-formed, incomplete data, and checks the whole record when it is sent', async () => {
      const full = sampleForm('regulation-review.SUBMIT');
      const created = await f.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq', {
        data: { regulationNumber: full.regulationNumber },
      });
      // The rest comes with SUBMIT; the field given at creation counts towards the record.
      const rest = { ...full };
      delete rest.regulationNumber;
      const submitted = await f.act('mttq.an-binh', created.id, 'SUBMIT', rest);
      expect(submitted.data.regulationNumber).toBe(full.regulationNumber);
      expect(submitted.state).toBe('communeReview');
    });

    it('refuses a SUBMIT whose record would miss a required field', async () => {
      const created = await f.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq');
      const partial = sampleForm('regulation-review.SUBMIT');
      delete partial.scope;
      const res = await f.send(await t.login('mttq.an-binh'), created.id, 'SUBMIT', partial);
      expect(res.status).toBe(422);
      expect((res.body as ErrorBody).details?.map((d) => d.path)).toEqual(['/scope']);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retry as the first, and refuses the key with another body (422)', async () => {
      const created = await f.create('mttq.phu-hoa', 'regulation-review', 'phu-hoa.mttq');
      const token = await t.login('mttq.phu-hoa');
      const data = sampleForm('regulation-review.SUBMIT');
      const headers = { 'Idempotency-Key': `submit-${created.id}` };
      const first = await f.send(token, created.id, 'SUBMIT', data, undefined, headers);
      expect(first.status).toBe(200);
      const again = await f.send(token, created.id, 'SUBMIT', data, undefined, headers);
      expect(again.status).toBe(200);
      expect((again.body as InstanceBody).version).toBe((first.body as InstanceBody).version);

      const otherData = { ...data, scope: 'Một phạm vi khác hẳn với lần gửi đầu tiên' };
      for (const [what, res] of [
        ['other data', await f.send(token, created.id, 'SUBMIT', otherData, undefined, headers)],
        ['a comment', await f.send(token, created.id, 'SUBMIT', data, 'Ghi chú', headers)],
      ] as const) {
        expect({ what, status: res.status }).toEqual({ what, status: 422 });
        expect((res.body as ErrorBody).code).toBe('idempotency-key-reused');
      }
      expect(await sql.commandCounts(created.id)).toEqual({ applied: 1 });
    });
  });

  describe('null and wrong types answer 4xx, never 5xx', () => {
    it('refuses null fields in admin, instance, command and delegation bodies', async () => {
      const admin = await t.login('admin');
      const drafter = await t.login('mttq.tan-loc');
      const [{ id: userId }] = await sql.rows<{ id: string }>(
        `SELECT id FROM users WHERE username = 'mttq.tan-loc'`,
      );
      const created = await f.create('mttq.tan-loc', 'regulation-review', 'tan-loc.mttq');
      const cases: Array<[string, 'patch' | 'post', string, string, object]> = [
        ['user fullName', 'patch', `/api/admin/users/${userId}`, admin, { fullName: null }],
        ['user roles', 'patch', `/api/admin/users/${userId}`, admin, { roles: null }],
        ['user password', 'patch', `/api/admin/users/${userId}`, admin, { password: null }],
        [
          'user capabilities',
          'patch',
          `/api/admin/users/${userId}`,
          admin,
          { capabilities: [null] },
        ],
        [
          'instance data',
          'post',
          '/api/instances',
          drafter,
          {
            definitionKey: 'regulation-review',
            orgUnitId: await t.unitId('tan-loc.mttq'),
            title: 'x',
            data: null,
          },
        ],
        [
          'command data',
          'post',
          `/api/instances/${created.id}/commands`,
          drafter,
          { type: 'SUBMIT', data: null },
        ],
        [
          'command comment',
          'post',
          `/api/instances/${created.id}/commands`,
          drafter,
          { type: 'SUBMIT', comment: null },
        ],
        [
          'command version',
          'post',
          `/api/instances/${created.id}/commands`,
          drafter,
          { type: 'SUBMIT', expectedVersion: 'one' },
        ],
        [
          'delegation reason',
          'post',
          '/api/delegations',
          drafter,
          { delegateUsername: null, startsAt: null, endsAt: null },
        ],
      ];
      for (const [what, method, path, token, body] of cases) {
        const res = await request(t.http)
          [method](path)
          .set('Authorization', `Bearer ${token}`)
          .send(body);
        expect({ what, status: res.status }).toEqual({ what, status: 400 });
      }
    });
  });

  describe('four eyes', () => {
    async function submittedByCommittee(drafter: string): Promise<InstanceBody> {
      const created = await f.create(drafter, 'regulation-review', 'an-binh.dang-uy');
      const submitted = await f.act(
        drafter,
        created.id,
        'SUBMIT',
        sampleForm('regulation-review.SUBMIT'),
      );
      expect(submitted.state).toBe('communeReview');
      return submitted;
    }

    it('refuses a drafter approving their own submission (403), and offers them no APPROVE', async () => {
      const instance = await submittedByCommittee('thuky.an-binh');
      const read = await f.read('thuky.an-binh', instance.id);
      expect(read.availableActions.map((a) => a.type)).not.toContain('APPROVE');
      const res = await f.send(await t.login('thuky.an-binh'), instance.id, 'APPROVE', {});
      expect(res.status).toBe(403);
      expect((res.body as ErrorBody).message).toMatch(/Four eyes/);
      // Anyone else of the committee approves.
      expect((await f.act('dangu.an-binh', instance.id, 'APPROVE', {})).state).toBe('boardReview');
    });

    it('refuses the drafter approving through a delegation from the approver', async () => {
      const instance = await submittedByCommittee('chuyenvien.an-binh');
      const delegation = await request(t.http)
        .post('/api/delegations')
        .set('Authorization', `Bearer ${await t.login('dangu.an-binh')}`)
        .send({
          delegateUsername: 'chuyenvien.an-binh',
          startsAt: new Date(Date.now() - HOUR).toISOString(),
          endsAt: new Date(Date.now() + 24 * HOUR).toISOString(),
          reason: 'Đi công tác',
        });
      expect(delegation.status).toBe(201);
      const res = await f.send(await t.login('chuyenvien.an-binh'), instance.id, 'APPROVE', {});
      expect(res.status).toBe(403);
      expect((res.body as ErrorBody).message).toMatch(/Four eyes/);
      expect(await sql.commandCounts(instance.id)).toEqual({ applied: 1 });
      // The same delegate may approve another drafter's submission for the approver.
      const other = await submittedByCommittee('thuky.an-binh');
      expect((await f.act('chuyenvien.an-binh', other.id, 'APPROVE', {})).state).toBe(
        'boardReview',
      );
    });

    it('refuses a delegation outside the delegator’s unit (422 naming the field)', async () => {
      const res = await request(t.http)
        .post('/api/delegations')
        .set('Authorization', `Bearer ${await t.login('dangu.an-binh')}`)
        .send({
          delegateUsername: 'mttq.an-binh',
          startsAt: new Date(Date.now() - HOUR).toISOString(),
          endsAt: new Date(Date.now() + 24 * HOUR).toISOString(),
        });
      expect(res.status).toBe(422);
      expect((res.body as ErrorBody).details).toEqual([
        { path: '/delegateUsername', message: expect.stringMatching(/within the delegator/) },
      ]);
    });
  });
});
