import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { type HistoryEventBody } from '../utils/api-types';
import { parseCsv } from '../utils/csv';
import { WorkflowFactory, ok } from '../factories/workflow-factory';
import { type InstanceBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';
import { type JsonObject } from '../../src/common/json/json.types';

interface Actor {
  username: string;
  fullName: string;
  orgUnitName: string;
}

interface AuditItem {
  seq: number;
  type: string;
  instanceId: string;
  actor: Actor;
  opinion: string | null;
}

interface DraftView {
  data: object;
  comment: string | null;
}

const APPROVAL_OPINION = 'Đồng ý; đề nghị bổ sung kinh phí hoạt động cho tổ hòa giải.';
const RETURN_COMMENT = 'Trả lại: thiếu biên bản họp liên tịch quý III.';

/** Opinions in every place the record is read back, and drafts kept as typed (real PostgreSQL). */
describe('opinions and drafts (HTTP against real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let api: WorkflowFactory;
  let sql: TestSql;
  let people: Map<string, Actor>;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000', BODY_LIMIT: '64kb' });
    api = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
    const rows = await sql.rows<{ username: string; full_name: string; unit: string }>(
      `SELECT u.username, u.full_name, ou.name AS unit
         FROM users u JOIN org_units ou ON ou.id = u.org_unit_id
        WHERE u.username IN ('dangu.an-binh', 'danvan', 'mttq.an-binh')`,
    );
    people = new Map(
      rows.map((r) => [
        r.username,
        { username: r.username, fullName: r.full_name, orgUnitName: r.unit },
      ]),
    );
    // Booting a migrated, seeded app takes long on a busy machine.
  }, 300_000);
  afterAll(async () => {
    await sql.close();
    await t.close();
  });

  const person = (username: string): Actor => {
    const found = people.get(username);
    if (!found) throw new Error(`No seeded user ${username}`);
    return found;
  };

  describe('opinions', () => {
    let instance: InstanceBody;

    beforeAll(async () => {
      instance = await api.submit('mttq.an-binh', await api.startRegulation('an-binh'));
      await api.act('dangu.an-binh', instance.id, 'APPROVE', { opinion: APPROVAL_OPINION });
      // RETURN still requires its opinion: here the comment, there being no opinion field.
      const silent = await api.command('danvan', instance.id, 'RETURN', { returnTo: 'draft' });
      expect(silent.status).toBe(422);
      expect((silent.body as { details: Array<{ path: string }> }).details).toEqual([
        expect.objectContaining({ path: '/comment' }),
      ]);
      await api.act('danvan', instance.id, 'RETURN', { returnTo: 'draft' }, RETURN_COMMENT);
    });

    const expectOpinions = (
      events: Array<{ type: string; actor: Actor; opinion: string | null }>,
    ) => {
      const approve = events.find((e) => e.type === 'APPROVE');
      const returned = events.find((e) => e.type === 'RETURN');
      expect(approve).toEqual(
        expect.objectContaining({
          opinion: APPROVAL_OPINION,
          actor: expect.objectContaining(person('dangu.an-binh')),
        }),
      );
      expect(returned).toEqual(
        expect.objectContaining({
          opinion: RETURN_COMMENT,
          actor: expect.objectContaining(person('danvan')),
        }),
      );
      expect(events.find((e) => e.type === 'SUBMIT')?.opinion).toBeNull();
    };

    it('shows each action’s opinion with the person’s full name and unit in the history', async () => {
      // The next reviewer (the Dân vận Board) reads what the commune committee wrote.
      const history = ok<HistoryEventBody[]>(
        await api.get('danvan', `/api/instances/${instance.id}/history`),
        200,
        'history',
      );
      expectOpinions(history);
      const approve = history.find((e) => e.type === 'APPROVE');
      // The api.md shape holds: data and comment as sent, the opinion beside them.
      expect(approve).toEqual(
        expect.objectContaining({ data: { opinion: APPROVAL_OPINION }, comment: null }),
      );
      expect(history.find((e) => e.type === 'RETURN')?.comment).toBe(RETURN_COMMENT);
    });

    it('shows them in the auditor’s timeline', async () => {
      const timeline = ok<{ events: AuditItem[] }>(
        await api.get('auditor', `/api/audit/instances/${instance.id}/timeline`),
        200,
        'timeline',
      );
      expectOpinions(timeline.events);
    });

    it('finds events by their opinion text, with or without diacritics', async () => {
      const page = ok<{ items: AuditItem[] }>(
        await api.get('auditor', '/api/audit/events', { q: 'kinh phi hoat dong cho to hoa giai' }),
        200,
        'search',
      );
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toEqual(
        expect.objectContaining({
          instanceId: instance.id,
          type: 'APPROVE',
          opinion: APPROVAL_OPINION,
          actor: expect.objectContaining(person('dangu.an-binh')),
        }),
      );
    });

    it('exports them as CSV and JSON Lines', async () => {
      const csv = await api.download(
        'auditor',
        `/api/audit/events/export?format=csv&instanceId=${instance.id}&order=asc`,
      );
      expect(csv.status).toBe(200);
      const [header, ...records] = parseCsv((csv.body as Buffer).subarray(3).toString('utf8'));
      const rows = records.map((record) =>
        Object.fromEntries(header.map((h, i) => [h, record[i]])),
      );
      expectOpinions(
        rows.map((row) => ({
          type: row.type,
          opinion: row.opinion === '' ? null : row.opinion,
          actor: {
            username: row.actorUsername,
            fullName: row.actorFullName,
            orgUnitName: row.actorOrgUnitName,
          },
        })),
      );

      const jsonl = await api.download(
        'auditor',
        `/api/audit/events/export?format=jsonl&instanceId=${instance.id}&order=asc`,
      );
      expect(jsonl.status).toBe(200);
      const lines = (jsonl.body as Buffer).toString('utf8').trim().split('\n');
      expectOpinions(lines.map((line) => JSON.parse(line) as AuditItem));
    });
  });

  describe('drafts', () => {
    let instance: InstanceBody;
    const draftPath = (): string => `/api/instances/${instance.id}/draft`;

    beforeAll(async () => {
      instance = await api.startRegulation('an-binh', 'Dự thảo đang soạn dở');
    });

    it('keeps a draft with incomplete rows, missing fields and wrong types exactly as typed', async () => {
      const typed: JsonObject = {
        regulationNumber: '03/QCPH',
        signedDate: 'tháng 3/2021',
        issuingParties: ['Ủy ban nhân dân xã An Bình', ''],
        coordinatingOrganizations: [
          { organizationName: 'Hội Nông dân xã An Bình' },
          { role: 'partner', mechanism: 42 },
          {},
        ],
        effectiveDate: null,
      };
      ok(
        await api.put('mttq.an-binh', draftPath(), {
          eventType: 'SUBMIT',
          data: typed,
          comment: 'Còn chờ ý kiến Hội Nông dân',
        }),
        200,
        'save',
      );
      const restored = ok<DraftView>(
        await api.get('mttq.an-binh', draftPath(), { eventType: 'SUBMIT' }),
        200,
        'restore',
      );
      expect(restored).toEqual(
        expect.objectContaining({ data: typed, comment: 'Còn chờ ý kiến Hội Nông dân' }),
      );

      // Validation happens on send; the refused command leaves the draft in place.
      const sent = await api.command('mttq.an-binh', instance.id, 'SUBMIT', typed);
      expect(sent.status).toBe(422);
      const paths = (sent.body as { details: Array<{ path: string }> }).details.map((d) => d.path);
      expect(paths).toEqual(
        expect.arrayContaining(['/signedDate', '/coordinatingOrganizations/1/mechanism']),
      );
      expect(
        ok<DraftView>(
          await api.get('mttq.an-binh', draftPath(), { eventType: 'SUBMIT' }),
          200,
          'kept',
        ).data,
      ).toEqual(typed);
    });

    it('refuses a draft over the size limit with 413 and keeps the last one saved', async () => {
      const before = ok<DraftView>(
        await api.get('mttq.an-binh', draftPath(), { eventType: 'SUBMIT' }),
        200,
        'before',
      );
      const huge = await api.put('mttq.an-binh', draftPath(), {
        eventType: 'SUBMIT',
        data: { scope: 'x'.repeat(70 * 1024) },
      });
      expect(huge.status).toBe(413);
      expect(huge.body).toEqual(expect.objectContaining({ statusCode: 413 }));
      expect(
        ok<DraftView>(
          await api.get('mttq.an-binh', draftPath(), { eventType: 'SUBMIT' }),
          200,
          'after',
        ),
      ).toEqual(before);
    });

    it('is dropped once the command built from it applies', async () => {
      await api.submit('mttq.an-binh', instance, sampleForm('regulation-review.SUBMIT'));
      expect((await api.get('mttq.an-binh', draftPath(), { eventType: 'SUBMIT' })).status).toBe(
        404,
      );
    });
  });
});
