import { createHash } from 'node:crypto';
import request, { type Response } from 'supertest';
import {
  minimalDocx,
  minimalPdf,
  minimalXlsx,
  tinyPng,
} from '../../src/modules/attachments/testing/sample-files';
import { expectStatus, ok, WorkflowFactory } from '../factories/workflow-factory';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';

interface MeetingBody {
  id: string;
  title: string;
  heldAt: string;
  location: string | null;
  directiveId: string | null;
  directiveSymbol: string | null;
  point: number | null;
  exchangeId: string | null;
  conclusions: string | null;
  organiser: { id: string; name: string };
  participants: Array<{ id: string; name: string }>;
  createdBy: { username: string };
  minutes: Array<{
    id: string;
    fileName: string;
    contentType: string;
    sha256: string;
    size: number;
  }>;
}

interface PageBody {
  items: MeetingBody[];
  nextCursor: string | null;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Joint meetings (giao ban) of point 2 with their minutes, against real PostgreSQL and Redis:
 * recorded, seen only by the units concerned and those above them, paged, and every record in the
 * transparency log, whose verification catches altered minutes.
 */
describe('joint meetings (giao ban) with minutes (HTTP)', () => {
  let t: TestApp;
  let api: WorkflowFactory;
  let owner: TestSql;
  let serving: TestSql;
  let unit: (slug: string) => Promise<string>;
  let district: MeetingBody;
  let directiveId: string;
  let exchangeId: string;

  beforeAll(async () => {
    t = await createTestApp({
      LOGIN_RATE_LIMIT: '1000',
      TLOG_INTERVAL_MS: '3600000',
      ATTACHMENT_STORAGE: 'postgres',
    });
    api = new WorkflowFactory(t);
    owner = await TestSql.connect(t.ownerDatabaseUrl);
    serving = await TestSql.connect(t.databaseUrl);
    unit = (slug) => t.unitId(slug);
    const directives = ok<Array<{ id: string; symbol: string }>>(
      await api.get('danvan', '/api/directives'),
      200,
      'directives',
    );
    directiveId = directives[0].id;
    // A two-way exchange the Dân vận Board sent the district Front, which the meeting follows up.
    const exchange = await api.create('danvan', 'information-exchange', 'ban-dan-van-huyen-uy', {
      title: 'Trao đổi tình hình phối hợp liên tịch quý IV',
    });
    await api.act('danvan', exchange.id, 'SUBMIT', await api.sample('information-exchange.SUBMIT'));
    exchangeId = exchange.id;
  }, 180_000);
  afterAll(async () => {
    await serving.close();
    await owner.close();
    await t.close();
  });

  const create = (username: string, body: object): Promise<Response> =>
    api.post(username, '/api/meetings', body);

  async function upload(
    username: string,
    meetingId: string,
    bytes: Buffer,
    fileName: string,
  ): Promise<Response> {
    return request(t.http)
      .post(`/api/meetings/${meetingId}/minutes`)
      .set('Authorization', `Bearer ${await t.login(username)}`)
      .attach('file', bytes, { filename: fileName, contentType: 'application/octet-stream' });
  }

  async function download(
    username: string,
    meetingId: string,
    minutesId: string,
  ): Promise<Response> {
    return request(t.http)
      .get(`/api/meetings/${meetingId}/minutes/${minutesId}`)
      .set('Authorization', `Bearer ${await t.login(username)}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  }

  it('records a meeting on a directive point, following up an exchange, with its participants', async () => {
    const res = await create('danvan', {
      title: '  Giao ban công tác phối hợp liên tịch quý IV năm 2026 ',
      heldAt: '2026-12-05T08:00:00+07:00',
      location: 'Hội trường Huyện ủy',
      directiveId,
      point: 2,
      exchangeId,
      participantOrgUnitIds: [await unit('mttq-huyen'), await unit('hoi-nong-dan-huyen')],
      conclusions: 'Thống nhất trao đổi thông tin hai chiều bằng văn bản mỗi quý một lần.',
    });
    district = ok<MeetingBody>(res, 201, 'create');
    expect(district).toMatchObject({
      title: 'Giao ban công tác phối hợp liên tịch quý IV năm 2026',
      heldAt: '2026-12-05T01:00:00.000Z',
      location: 'Hội trường Huyện ủy',
      directiveId,
      point: 2,
      exchangeId,
      organiser: { id: await unit('ban-dan-van-huyen-uy'), name: 'Ban Dân vận Huyện ủy' },
      createdBy: { username: 'danvan' },
      minutes: [],
    });
    expect(district.participants.map((p) => p.name).sort()).toEqual([
      'Hội Nông dân huyện',
      'Ủy ban MTTQ Việt Nam huyện Châu Thành',
    ]);
    const [recorded] = await owner.rows<{ type: string; actor_username: string; data: object }>(
      `SELECT type, actor_username, data FROM meeting_events WHERE meeting_id = $1`,
      [district.id],
    );
    expect(recorded).toMatchObject({
      type: 'MEETING_RECORDED',
      actor_username: 'danvan',
      data: { point: 2, exchangeId },
    });
  });

  it('refuses bad input with a clear 4xx and records nothing', async () => {
    const before = await owner.count(`SELECT count(*) FROM meetings`);
    const participants = [await unit('mttq-huyen')];
    const valid = {
      title: 'Giao ban',
      heldAt: '2026-12-05T08:00:00+07:00',
      participantOrgUnitIds: participants,
    };
    const cases: Array<[string, object, number, string?]> = [
      ['danvan', { ...valid, title: undefined }, 400, 'title'],
      ['danvan', { ...valid, heldAt: '2026-12-05' }, 400, 'heldAt'],
      ['danvan', { ...valid, heldAt: '2026-02-30T08:00:00+07:00' }, 400, 'heldAt'],
      ['danvan', { ...valid, heldAt: '1800-01-01T08:00:00Z' }, 422, '/heldAt'],
      ['danvan', { ...valid, participantOrgUnitIds: [] }, 400, 'participantOrgUnitIds'],
      ['danvan', { ...valid, participantOrgUnitIds: ['x'] }, 400, 'participantOrgUnitIds'],
      ['danvan', { ...valid, extra: 1 }, 400],
      [
        'danvan',
        { ...valid, participantOrgUnitIds: ['00000000-0000-4000-8000-000000000000'] },
        422,
        '/participantOrgUnitIds/0',
      ],
      ['danvan', { ...valid, point: 2 }, 422, '/point'],
      ['danvan', { ...valid, directiveId, point: 99 }, 422, '/point'],
      [
        'danvan',
        { ...valid, directiveId: '00000000-0000-4000-8000-000000000000' },
        422,
        '/directiveId',
      ],
      [
        'danvan',
        { ...valid, exchangeId: '00000000-0000-4000-8000-000000000000' },
        422,
        '/exchangeId',
      ],
      // Another commune's exchange is not for this unit to cite.
      ['mttq.phu-hoa', { ...valid, exchangeId }, 403],
      // Auditors read; they record nothing.
      ['auditor', valid, 403],
    ];
    for (const [who, body, status, path] of cases) {
      const res = await create(who, body);
      expectStatus(res, status, `${who} ${JSON.stringify(body)}`);
      const text = JSON.stringify(res.body);
      if (path) expect(text).toContain(path);
    }
    const malformed = await request(t.http)
      .post('/api/meetings')
      .set('Authorization', `Bearer ${await t.login('danvan')}`)
      .set('Content-Type', 'application/json')
      .send('{"title": ');
    expect(malformed.status).toBe(400);
    expect(await owner.count(`SELECT count(*) FROM meetings`)).toBe(before);
  });

  it('shows a meeting to its units and those above them, never to other units', async () => {
    const list = async (who: string): Promise<string[]> =>
      ok<PageBody>(await api.get(who, '/api/meetings'), 200, `list as ${who}`).items.map(
        (m) => m.id,
      );
    expect(await list('mttq.huyen')).toContain(district.id);
    expect(await list('auditor')).toContain(district.id);
    expect(await list('mttq.phu-hoa')).not.toContain(district.id);
    ok<MeetingBody>(await api.get('mttq.huyen', `/api/meetings/${district.id}`), 200, 'read');
    expectStatus(await api.get('mttq.phu-hoa', `/api/meetings/${district.id}`), 403, 'other unit');
    expectStatus(await api.get('thuongtruc', `/api/meetings/${district.id}`), 403, 'other board');
    expectStatus(
      await api.get('danvan', '/api/meetings/00000000-0000-4000-8000-000000000000'),
      404,
      'none',
    );
    expectStatus(await api.get('danvan', '/api/meetings/not-a-uuid'), 400, 'bad id');

    // A commune's own meeting: its Front sees it, the district's admin above it too, the
    // neighbouring commune not.
    const commune = ok<MeetingBody>(
      await create('mttq.an-binh', {
        title: 'Giao ban Mặt trận và các đoàn thể xã An Bình',
        heldAt: '2026-11-20T14:00:00+07:00',
        participantOrgUnitIds: [await unit('an-binh.hoi-nong-dan'), await unit('an-binh.ubnd')],
      }),
      201,
      'commune meeting',
    );
    expect(await list('admin')).toContain(commune.id);
    expect(await list('mttq.phu-hoa')).not.toContain(commune.id);
    expect(await list('danvan')).not.toContain(commune.id);
  });

  it('pages newest first with the shared keyset cursor', async () => {
    for (const day of ['01', '02', '03']) {
      ok(
        await create('mttq.tan-loc', {
          title: `Giao ban ngày ${day}`,
          heldAt: `2026-10-${day}T08:00:00+07:00`,
          participantOrgUnitIds: [await unit('tan-loc.ubnd')],
        }),
        201,
        `meeting ${day}`,
      );
    }
    const first = ok<PageBody>(
      await api.get('mttq.tan-loc', '/api/meetings', { limit: 2 }),
      200,
      'p1',
    );
    expect(first.items.map((m) => m.title)).toEqual(['Giao ban ngày 03', 'Giao ban ngày 02']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = ok<PageBody>(
      await api.get('mttq.tan-loc', '/api/meetings', { limit: 2, cursor: first.nextCursor }),
      200,
      'p2',
    );
    expect(second.items.map((m) => m.title)).toEqual(['Giao ban ngày 01']);
    expect(second.nextCursor).toBeNull();
    expectStatus(
      await api.get('mttq.tan-loc', '/api/meetings', { cursor: 'bogus' }),
      400,
      'cursor',
    );
    expectStatus(await api.get('mttq.tan-loc', '/api/meetings', { limit: 0 }), 400, 'limit');
  });

  it('takes minutes from the organiser and participants as PDF, DOCX or a scan, listed with the meeting', async () => {
    const pdf = minimalPdf('Bien ban giao ban quy IV');
    const added = ok<{ id: string; sha256: string; contentType: string }>(
      await upload('mttq.huyen', district.id, pdf, 'Biên bản giao ban quý IV.pdf'),
      201,
      'pdf',
    );
    expect(added).toMatchObject({ sha256: sha256(pdf), contentType: 'application/pdf' });
    ok(await upload('danvan', district.id, tinyPng(), 'ban-chup-bien-ban.png'), 201, 'scan');
    ok(await upload('danvan', district.id, minimalDocx(), 'ket-luan.docx'), 201, 'docx');

    expectStatus(await upload('danvan', district.id, minimalXlsx(), 'so-lieu.xlsx'), 415, 'xlsx');
    expectStatus(await upload('danvan', district.id, pdf, 'bien-ban.docx'), 415, 'misnamed');
    expectStatus(await upload('mttq.phu-hoa', district.id, pdf, 'bien-ban.pdf'), 403, 'outsider');
    expectStatus(await upload('auditor', district.id, pdf, 'bien-ban.pdf'), 403, 'auditor');
    const noFile = await request(t.http)
      .post(`/api/meetings/${district.id}/minutes`)
      .set('Authorization', `Bearer ${await t.login('danvan')}`)
      .field('note', 'x');
    expect(noFile.status).toBe(400);

    const read = ok<MeetingBody>(
      await api.get('mttq.huyen', `/api/meetings/${district.id}`),
      200,
      'read',
    );
    expect(read.minutes.map((m) => m.contentType)).toEqual([
      'application/pdf',
      'image/png',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ]);
    const listed = ok<PageBody>(await api.get('danvan', '/api/meetings'), 200, 'list');
    expect(listed.items.find((m) => m.id === district.id)?.minutes).toHaveLength(3);
    const file = await download('auditor', district.id, added.id);
    expect(file.status).toBe(200);
    expect(sha256(file.body as Buffer)).toBe(sha256(pdf));
    expectStatus(await download('mttq.phu-hoa', district.id, added.id), 403, 'outsider download');
  });

  it('puts every meeting record in the transparency log, which catches altered minutes', async () => {
    const events = await owner.count(`SELECT count(*) FROM meeting_events`);
    expect(events).toBeGreaterThanOrEqual(8);
    const verified = ok<{ ok: boolean; log: { ok: boolean; attachments: number } }>(
      await api.get('auditor', '/api/audit/verify'),
      200,
      'verify',
    );
    expect(verified.ok).toBe(true);
    expect(verified.log.attachments).toBeGreaterThanOrEqual(3);
    expect(
      await owner.count(`SELECT count(*) FROM tlog_leaves WHERE meeting_event_id IS NOT NULL`),
    ).toBe(events);

    // The record is append-only for the serving role and, by trigger, for the owner too.
    await expect(serving.rows(`UPDATE meetings SET title = 'x'`)).rejects.toThrow(/permission/);
    await expect(
      owner.rows(`UPDATE meeting_events SET data = '{}' WHERE meeting_id = $1`, [district.id]),
    ).rejects.toThrow(/append-only/);

    // Bytes changed in place: not served, and verification names the file.
    const [minutes] = await owner.rows<{ id: string }>(
      `SELECT id FROM meeting_minutes WHERE meeting_id = $1 AND content_type = 'application/pdf'`,
      [district.id],
    );
    await owner.rows(
      `UPDATE attachment_contents SET content = content || '\\x00'::bytea
        WHERE sha256 = (SELECT sha256 FROM meeting_minutes WHERE id = $1)`,
      [minutes.id],
    );
    expectStatus(await download('danvan', district.id, minutes.id), 500, 'altered');
    const broken = ok<{ ok: boolean; log: { firstBroken?: { reason: string; id: string } } }>(
      await api.get('auditor', '/api/audit/verify'),
      200,
      'verify after',
    );
    expect(broken.ok).toBe(false);
    expect(broken.log.firstBroken).toMatchObject({ reason: 'attachment-altered', id: minutes.id });
  });
});
