import request, { type Response } from 'supertest';
import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { expectStatus, WorkflowFactory } from '../factories/workflow-factory';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';
import { parseCsv } from '../utils/csv';

/** Audit search, timeline, export and tamper evidence, over HTTP against PostgreSQL and Redis. */

const RETURN_COMMENT =
  'Đề nghị làm rõ "chế độ giao ban quý", bổ sung\ntrách nhiệm của Hội Nông dân xã';
const NEW_SCOPE =
  'Phối hợp tuyên truyền, vận động nhân dân; bổ sung chế độ giao ban quý giữa Ủy ban MTTQ và UBND xã.';
const AN_BINH_TITLE = 'Rà soát quy chế phối hợp năm 2026 — xã An Bình';
const PHU_HOA_TITLE = 'Rà soát quy chế phối hợp năm 2026 — xã Phú Hòa';

interface AuditItem {
  id: string;
  instanceId: string;
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  actor: { id: string; username: string; fullName: string | null; orgUnitName: string | null };
  data: Record<string, unknown> | null;
  comment: string | null;
  at: string;
  instance: {
    id: string;
    title: string;
    definitionKey: string;
    orgUnitId: string;
    orgUnitSlug: string;
  };
  document?: Record<string, unknown>;
}

interface TimelineBody {
  instance: Record<string, unknown>;
  chain: { ok: boolean; firstBroken?: object };
  events: Array<
    Omit<AuditItem, 'instance' | 'id' | 'instanceId'> & {
      submission: boolean;
      changes: Array<Record<string, unknown>>;
      document: Record<string, unknown>;
    }
  >;
}

interface AuditPage {
  items: AuditItem[];
  nextCursor: string | null;
}

describe('audit: search, timeline, export, tamper evidence', () => {
  let t: TestApp;
  let f: WorkflowFactory;
  let anBinh: string;
  let phuHoa: string;
  let tanLoc: string;
  let startedAt: string;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    f = new WorkflowFactory(t);
    startedAt = new Date().toISOString();

    // An Bình: submitted, returned with a comment, resubmitted with a new scope, approved three times.
    const submit = sampleForm('regulation-review.SUBMIT');
    anBinh = (
      await f.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq', { title: AN_BINH_TITLE })
    ).id;
    await f.act('mttq.an-binh', anBinh, 'SUBMIT', submit);
    await f.act('dangu.an-binh', anBinh, 'RETURN', {}, RETURN_COMMENT);
    await f.act('mttq.an-binh', anBinh, 'SUBMIT', { ...submit, scope: NEW_SCOPE });
    await f.act('dangu.an-binh', anBinh, 'APPROVE', { opinion: 'Đồng ý, trình Ban Dân vận' });
    await f.act('danvan', anBinh, 'APPROVE', { opinion: 'Ban Dân vận thống nhất' });
    await f.act('btv', anBinh, 'APPROVE', {});

    phuHoa = (
      await f.create('mttq.phu-hoa', 'regulation-review', 'phu-hoa.mttq', { title: PHU_HOA_TITLE })
    ).id;
    await f.act('mttq.phu-hoa', phuHoa, 'SUBMIT', sampleForm('regulation-review.SUBMIT'));

    tanLoc = (await f.create('mttq.tan-loc', 'regulation-review', 'tan-loc.mttq')).id;
    await f.act('mttq.tan-loc', tanLoc, 'SUBMIT', sampleForm('regulation-review.SUBMIT'));
  });

  afterAll(async () => {
    await t.close();
  });

  async function get(username: string | null, path: string): Promise<Response> {
    const req = request(t.http).get(path);
    return username ? req.set('Authorization', `Bearer ${await t.login(username)}`) : req;
  }

  async function search(query: Record<string, string | number | boolean>): Promise<AuditPage> {
    const params = new URLSearchParams(
      Object.entries(query).map(([k, v]) => [k, String(v)] as [string, string]),
    );
    const res = await get('auditor', `/api/audit/events?${params.toString()}`);
    expectStatus(res, 200, `search ${params.toString()}`);
    return res.body as AuditPage;
  }

  /** Every item of a search, following nextCursor page by page. */
  async function searchAll(query: Record<string, string | number | boolean>): Promise<AuditItem[]> {
    const items: AuditItem[] = [];
    let cursor: string | null = null;
    do {
      const page = await search(cursor ? { ...query, cursor } : query);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  async function download(username: string, path: string): Promise<Response> {
    return request(t.http)
      .get(path)
      .set('Authorization', `Bearer ${await t.login(username)}`)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
  }

  describe('authorisation', () => {
    const routes = (): string[] => [
      '/api/audit/verify',
      '/api/audit/events',
      '/api/audit/events/export?format=csv',
      '/api/audit/events/export?format=jsonl',
      `/api/audit/instances/${anBinh}/timeline`,
      '/api/audit/admin-events',
    ];

    it('answers 401 without a token on every audit route', async () => {
      for (const route of routes())
        expect([route, (await get(null, route)).status]).toEqual([route, 401]);
    });

    it.each(['btv', 'mttq.an-binh', 'dangu.phu-hoa'])(
      'answers 403 to the official %s',
      async (username) => {
        for (const route of routes()) {
          const res = await get(username, route);
          expect([route, res.status]).toEqual([route, 403]);
          expect(res.body).toEqual(
            expect.objectContaining({ statusCode: 403, message: expect.any(String) }),
          );
        }
      },
    );

    it.each(['auditor', 'admin'])('lets %s read every audit route', async (username) => {
      for (const route of routes())
        expect([route, (await get(username, route)).status]).toEqual([route, 200]);
    });

    it('refuses the auditor every mutating route of the API with 403', async () => {
      const doc = (await get(null, '/api/docs-json')).body as {
        paths: Record<string, Record<string, unknown>>;
      };
      const token = await t.login('auditor');
      const mutating = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
          // Signing in, and verifying a checkpoint (a question in a body; it changes nothing).
          .filter(() => path !== '/api/auth/login' && path !== '/api/audit/verify')
          .map((method) => ({ method, path: path.replace(/\{[^}]+\}/g, anBinh) })),
      );
      expect(mutating.length).toBeGreaterThan(8);
      for (const { method, path } of mutating) {
        const req = request(t.http)[method as 'post' | 'put' | 'patch' | 'delete'](path);
        const res = await req.set('Authorization', `Bearer ${token}`).send({});
        expect([method, path, res.status]).toEqual([method, path, 403]);
      }
      // Nothing the auditor tried reached the history.
      expect((await f.verify()).ok).toBe(true);
    });
  });

  describe('search', () => {
    it('carries the instance title, definition key, unit and the actor’s username and name', async () => {
      const page = await search({ instanceId: anBinh, type: 'RETURN' });
      expect(page.items).toHaveLength(1);
      const [returned] = page.items;
      expect(returned).toEqual(
        expect.objectContaining({
          instanceId: anBinh,
          seq: 3,
          type: 'RETURN',
          fromState: 'communeReview',
          toState: 'draft',
          comment: RETURN_COMMENT,
          actor: expect.objectContaining({
            username: 'dangu.an-binh',
            fullName: 'Bí thư Đảng ủy Xã An Bình',
            orgUnitName: 'Đảng ủy xã An Bình',
          }),
          instance: expect.objectContaining({
            title: AN_BINH_TITLE,
            definitionKey: 'regulation-review',
            orgUnitId: await t.unitId('an-binh.mttq'),
            orgUnitSlug: 'an-binh.mttq',
          }),
        }),
      );
    });

    it('filters by unit, with or without its sub-units', async () => {
      const commune = await t.unitId('an-binh');
      expect((await search({ unitId: commune })).items).toEqual([]);
      const below = await searchAll({ unitId: commune, includeSubUnits: true, limit: 3 });
      expect(below).toHaveLength(7);
      expect(new Set(below.map((e) => e.instanceId))).toEqual(new Set([anBinh]));
      const own = await searchAll({ unitId: await t.unitId('an-binh.mttq') });
      expect(own.map((e) => e.id)).toEqual(below.map((e) => e.id));
      const district = await searchAll({
        unitId: await t.unitId('chau-thanh'),
        includeSubUnits: true,
      });
      expect(new Set(district.map((e) => e.instanceId))).toEqual(new Set([anBinh, phuHoa, tanLoc]));

      const unknown = await get(
        'auditor',
        '/api/audit/events?unitId=00000000-0000-4000-8000-000000000000',
      );
      expect(unknown.status).toBe(422);
      expect(unknown.body.details).toEqual([expect.objectContaining({ path: '/unitId' })]);
    });

    it('filters by actor (username or id), workflow, event type and state', async () => {
      const byDangu = await searchAll({ actor: 'dangu.an-binh' });
      expect(byDangu.map((e) => e.type).sort()).toEqual(['APPROVE', 'RETURN']);
      const danvan = (await search({ actor: 'danvan' })).items[0];
      expect((await searchAll({ actorId: danvan.actor.id })).map((e) => e.id)).toEqual([danvan.id]);

      expect(await searchAll({ definitionKey: 'regulation-review' })).toHaveLength(7 + 2 + 2);
      expect(await searchAll({ definitionKey: 'periodic-report' })).toEqual([]);

      const approvals = await searchAll({ type: 'APPROVE' });
      expect(approvals.map((e) => e.actor.username).sort()).toEqual([
        'btv',
        'dangu.an-binh',
        'danvan',
      ]);
      expect(await searchAll({ type: 'SUBMIT,RETURN' })).toHaveLength(4 + 1);
      expect(
        await searchAll({ type: ['SUBMIT', 'RETURN'].join(','), instanceId: phuHoa }),
      ).toHaveLength(1);

      expect((await searchAll({ toState: 'promulgated' })).map((e) => e.instanceId)).toEqual([
        anBinh,
      ]);
      expect((await searchAll({ fromState: 'boardReview' })).map((e) => e.actor.username)).toEqual([
        'danvan',
      ]);
      // Leaving or entering: two submissions, a return and an approval of An Bình, two submissions elsewhere.
      expect(await searchAll({ state: 'communeReview' })).toHaveLength(6);

      const bad = await get('auditor', '/api/audit/events?type=approve');
      expect(bad.status).toBe(400);
    });

    it('filters by time range', async () => {
      const all = await searchAll({ order: 'asc' });
      expect(all.length).toBe(11);
      expect(await searchAll({ since: startedAt })).toHaveLength(11);
      expect(await searchAll({ until: startedAt })).toEqual([]);
      const middle = all[5].at;
      const before = await searchAll({ until: middle, order: 'asc' });
      const after = await searchAll({ since: middle, order: 'asc' });
      expect([...before, ...after].map((e) => e.id)).toEqual(all.map((e) => e.id));
      expect(before.every((e) => e.at < middle) && after.every((e) => e.at >= middle)).toBe(true);
    });

    it('finds free text with or without diacritics, in comments, form data and titles', async () => {
      for (const q of ['giao ban quý', 'GIAO BAN QUY', 'giao ban quy']) {
        const found = await searchAll({ q });
        // The return's comment and the resubmission's new scope both say it.
        expect(found.map((e) => e.type).sort()).toEqual(['RETURN', 'SUBMIT']);
        expect(found.every((e) => e.instanceId === anBinh)).toBe(true);
      }
      const byTitle = await searchAll({ q: 'xa phu hoa' });
      expect(byTitle.map((e) => e.instanceId)).toEqual([phuHoa, phuHoa]);
      expect(await searchAll({ q: 'không có ở đâu cả' })).toEqual([]);
      expect(await searchAll({ q: '100%_' })).toEqual([]);
    });

    it('lists an event matching by its own text and by its title once, also across pages', async () => {
      // "phối hợp" is in both titles and in the SUBMIT form data: those events match both ways.
      const whole = (await search({ q: 'phối hợp', limit: 500 })).items.map((e) => e.id);
      expect(new Set(whole).size).toBe(whole.length);
      for (const instanceId of [anBinh, phuHoa]) {
        const own = (await search({ instanceId, limit: 500 })).items.map((e) => e.id);
        expect(whole).toEqual(expect.arrayContaining(own));
      }
      const paged = await searchAll({ q: 'phoi hop', limit: 2 });
      expect(paged.map((e) => e.id)).toEqual(whole);
      const ascending = await searchAll({ q: 'phoi hop', limit: 3, order: 'asc' });
      expect(ascending.map((e) => e.id)).toEqual([...whole].reverse());
    });

    it('pages by keyset in either order without gaps or repeats, and refuses a forged cursor', async () => {
      const whole = (await search({ limit: 500 })).items;
      expect(whole).toHaveLength(11);
      const at = whole.map((e) => e.at);
      expect([...at].sort().reverse()).toEqual(at);

      const paged = await searchAll({ limit: 5 });
      expect(paged.map((e) => e.id)).toEqual(whole.map((e) => e.id));
      const ascending = await searchAll({ limit: 5, order: 'asc' });
      expect(ascending.map((e) => e.id)).toEqual(whole.map((e) => e.id).reverse());

      const first = await search({ limit: 5 });
      expect(first.items).toHaveLength(5);
      expect(first.nextCursor).toEqual(expect.any(String));
      const last = await search({ limit: 11 });
      expect(last.nextCursor).toBeNull();

      for (const cursor of ['abc', Buffer.from('["2026","1"]').toString('base64url')]) {
        const res = await get('auditor', `/api/audit/events?cursor=${cursor}`);
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual([expect.objectContaining({ path: '/cursor' })]);
      }
      expect((await get('auditor', '/api/audit/events?limit=0')).status).toBe(400);
      expect((await get('auditor', '/api/audit/events?limit=501')).status).toBe(400);
    });

    it('answers "who approved An Bình’s regulation review, when, and what did they see" in one query', async () => {
      const page = await search({
        unitId: await t.unitId('an-binh'),
        includeSubUnits: true,
        definitionKey: 'regulation-review',
        type: 'APPROVE',
        withDocument: true,
        order: 'asc',
      });
      expect(page.items.map((e) => [e.actor.username, e.toState])).toEqual([
        ['dangu.an-binh', 'boardReview'],
        ['danvan', 'committeeReview'],
        ['btv', 'promulgated'],
      ]);
      for (const approval of page.items) {
        expect(Date.parse(approval.at)).toBeGreaterThan(Date.parse(startedAt));
        // They saw the resubmitted document, not the first submission, nor any approval's opinion.
        expect(approval.document).toEqual({
          ...sampleForm('regulation-review.SUBMIT'),
          scope: NEW_SCOPE,
        });
      }
    });
  });

  describe('timeline', () => {
    it('lists every event with who, when, the document and what each submission changed', async () => {
      const res = await get('auditor', `/api/audit/instances/${anBinh}/timeline`);
      expectStatus(res, 200, 'timeline');
      const { instance, chain, events } = res.body as TimelineBody;
      expect(instance).toEqual(
        expect.objectContaining({
          id: anBinh,
          title: AN_BINH_TITLE,
          definitionKey: 'regulation-review',
          definitionTitle: 'Rà soát, bổ sung quy chế phối hợp',
          orgUnit: expect.objectContaining({
            slug: 'an-binh.mttq',
            name: 'Ủy ban MTTQ Việt Nam xã An Bình',
          }),
          state: 'promulgated',
          stateTitle: 'Đã ban hành',
          status: 'completed',
          version: 7,
        }),
      );
      expect(chain).toEqual({ ok: true });
      expect(events.map((e) => [e.seq, e.type, e.actor.username])).toEqual([
        [1, 'CREATED', 'mttq.an-binh'],
        [2, 'SUBMIT', 'mttq.an-binh'],
        [3, 'RETURN', 'dangu.an-binh'],
        [4, 'SUBMIT', 'mttq.an-binh'],
        [5, 'APPROVE', 'dangu.an-binh'],
        [6, 'APPROVE', 'danvan'],
        [7, 'APPROVE', 'btv'],
      ]);
      expect(events).toHaveLength(7);

      const sample = sampleForm('regulation-review.SUBMIT');
      const [created, firstSubmit, returned, resubmit, approval] = events;
      expect(created.changes).toEqual([]);
      expect(firstSubmit.submission).toBe(true);
      expect(firstSubmit.changes).toEqual(
        expect.arrayContaining([{ op: 'added', path: '/scope', newValue: sample.scope }]),
      );
      expect(returned).toEqual(
        expect.objectContaining({
          submission: false,
          changes: [],
          comment: RETURN_COMMENT,
          toStateTitle: 'Dự thảo',
        }),
      );
      expect(resubmit.changes).toEqual([
        { op: 'changed', path: '/scope', oldValue: sample.scope, newValue: NEW_SCOPE },
      ]);
      expect(approval).toEqual(
        expect.objectContaining({
          typeTitle: 'Phê duyệt',
          submission: false,
          changes: [],
          data: { opinion: 'Đồng ý, trình Ban Dân vận' },
          document: { ...sample, scope: NEW_SCOPE },
          actor: expect.objectContaining({ fullName: 'Bí thư Đảng ủy Xã An Bình' }),
        }),
      );
    });

    it('answers 404 for an unknown instance and 400 for a malformed id', async () => {
      expect(
        (await get('auditor', '/api/audit/instances/00000000-0000-4000-8000-000000000000/timeline'))
          .status,
      ).toBe(404);
      expect((await get('auditor', '/api/audit/instances/nope/timeline')).status).toBe(400);
    });
  });

  describe('export', () => {
    it('exports CSV in UTF-8 with a BOM that parses back to the same Vietnamese text', async () => {
      const res = await download(
        'auditor',
        `/api/audit/events/export?format=csv&instanceId=${anBinh}&order=asc`,
      );
      expectStatus(res, 200, 'csv export');
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="audit-events-.*\.csv"$/,
      );
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

      const [header, ...records] = parseCsv(body.subarray(3).toString('utf8'));
      const rows = records.map((record) =>
        Object.fromEntries(header.map((h, i) => [h, record[i]])),
      );
      expect(rows).toHaveLength(7);
      expect(rows.map((r) => r.seq)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
      const returned = rows[2];
      expect(returned.comment).toBe(RETURN_COMMENT);
      expect(returned.actorFullName).toBe('Bí thư Đảng ủy Xã An Bình');
      expect(returned.instanceTitle).toBe(AN_BINH_TITLE);
      expect(returned.orgUnitName).toBe('Ủy ban MTTQ Việt Nam xã An Bình');
      expect(JSON.parse(rows[3].data)).toEqual({
        ...sampleForm('regulation-review.SUBMIT'),
        scope: NEW_SCOPE,
      });

      // The same events as the JSON search, field for field.
      const searched = await searchAll({ instanceId: anBinh, order: 'asc' });
      expect(rows.map((r) => [r.eventId, r.at, r.type, r.actorUsername])).toEqual(
        searched.map((e) => [e.id, e.at, e.type, e.actor.username]),
      );
    });

    it('exports JSON Lines, one event per line, with the search’s filters', async () => {
      const res = await download(
        'admin',
        '/api/audit/events/export?format=jsonl&type=SUBMIT&q=giao%20ban',
      );
      expectStatus(res, 200, 'jsonl export');
      expect(res.headers['content-type']).toBe('application/jsonl; charset=utf-8');
      const lines = (res.body as Buffer).toString('utf8').split('\n');
      expect(lines.pop()).toBe('');
      const events = lines.map((line) => JSON.parse(line) as AuditItem);
      expect(events).toHaveLength(1);
      expect(events[0]).toEqual(
        expect.objectContaining({
          instanceId: anBinh,
          seq: 4,
          instance: expect.objectContaining({ title: AN_BINH_TITLE }),
        }),
      );
    });

    it('exports an empty result as the header alone, and refuses bad filters before streaming', async () => {
      const empty = await download(
        'auditor',
        '/api/audit/events/export?format=csv&definitionKey=periodic-report',
      );
      expectStatus(empty, 200, 'empty export');
      expect(parseCsv((empty.body as Buffer).subarray(3).toString('utf8'))).toHaveLength(1);

      const noFormat = await get('auditor', '/api/audit/events/export');
      expect(noFormat.status).toBe(400);
      expect(noFormat.headers['content-type']).toMatch(/^application\/json/);
      const badUnit = await get(
        'auditor',
        '/api/audit/events/export?format=csv&unitId=00000000-0000-4000-8000-000000000000',
      );
      expect(badUnit.status).toBe(422);
    });
  });

  describe('tamper evidence (this block alters the store: keep it last)', () => {
    let sql: TestSql;

    beforeAll(async () => {
      // As the tables' owner (a superuser here): the serving role may not even try.
      sql = await TestSql.connect(t.ownerDatabaseUrl);
    });
    afterAll(async () => {
      await sql.close();
    });

    it('refuses UPDATE and DELETE of history, even from SQL', async () => {
      await expect(
        sql.rows(`UPDATE history_events SET comment = 'x' WHERE instance_id = $1`, [tanLoc]),
      ).rejects.toThrow(/append-only/);
      await expect(
        sql.rows(`DELETE FROM history_events WHERE instance_id = $1`, [tanLoc]),
      ).rejects.toThrow(/append-only/);
      expect((await f.verify()).ok).toBe(true);
    });

    it('reports the instance and seq of a row altered behind the trigger’s back', async () => {
      // As a superuser could: replica mode skips ordinary triggers for this session only.
      await sql.rows(`SET session_replication_role = replica`);
      await sql.rows(
        `UPDATE history_events SET data = jsonb_set(data, '{scope}', '"Phạm vi bị sửa trái phép"')
          WHERE instance_id = $1 AND seq = 2`,
        [tanLoc],
      );
      await sql.rows(`SET session_replication_role = DEFAULT`);

      const whole = await f.verify();
      expect(whole.ok).toBe(false);
      expect(whole.firstBroken).toEqual({ instanceId: tanLoc, seq: 2, reason: 'hash-mismatch' });
      expect((await f.verify(tanLoc)).firstBroken).toEqual({
        instanceId: tanLoc,
        seq: 2,
        reason: 'hash-mismatch',
      });
      expect((await f.verify(anBinh)).ok).toBe(true);

      const timeline = await get('auditor', `/api/audit/instances/${tanLoc}/timeline`);
      expect(timeline.body.chain).toEqual({
        ok: false,
        firstBroken: { instanceId: tanLoc, seq: 2, reason: 'hash-mismatch' },
      });
    });
  });
});
