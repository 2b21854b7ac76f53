import ExcelJS from 'exceljs';
import request from 'supertest';
import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { ControlledClock } from '../utils/controlled-clock';
import { WorkflowFactory, ok } from '../factories/workflow-factory';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';
import { type components } from '../../web/src/api/schema';

type Directive = components['schemas']['DirectiveDetailDto'];
type Campaign = components['schemas']['CampaignDto'];
type CampaignItem = components['schemas']['CampaignItemDto'];

const COMMUNES = ['an-binh', 'phu-hoa', 'tan-loc', 'thi-tran-chau-thanh'];
const LETTER = '125-CV/HU';

describe('the work cycle: directives and campaigns (HTTP against real PostgreSQL and Redis)', () => {
  const clock = new ControlledClock(new Date('2026-06-01T02:00:00Z'));
  let t: TestApp;
  let api: WorkflowFactory;
  let sql: TestSql;
  let letter: Directive;
  let unitIds: string[];

  async function tableCounts(): Promise<Record<string, number>> {
    const [row] = await sql.rows<Record<string, string>>(
      `SELECT (SELECT count(*) FROM directives) AS directives,
              (SELECT count(*) FROM campaigns) AS campaigns,
              (SELECT count(*) FROM workflow_instances) AS instances,
              (SELECT count(*) FROM workflow_tasks) AS tasks`,
    );
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  }

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' }, { clock });
    api = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
    unitIds = await Promise.all(COMMUNES.map((slug) => t.unitId(`${slug}.mttq`)));
  }, 300_000);
  afterAll(async () => {
    await sql?.close();
    await t?.close();
  });

  describe('directives', () => {
    it('the seed records the letter with its four points and addressees', async () => {
      const list = ok<Directive[]>(await api.get('mttq.an-binh', '/api/directives'), 200, 'list');
      const found = list.find((d) => d.symbol === LETTER);
      expect(found).toBeDefined();
      letter = found as Directive;
      expect(letter.issuer).toBe('Thường trực Huyện ủy Châu Thành');
      expect(letter.title).toMatch(/^V\/v tiếp tục đẩy mạnh công tác phối hợp liên tịch/);
      expect(letter.recipients).toEqual([
        'Ủy ban MTTQ Việt Nam huyện và các đoàn thể chính trị huyện',
        'Cấp ủy các xã, thị trấn',
      ]);
      expect(letter.points.map((p) => p.no)).toEqual([1, 2, 3, 4]);
      expect(letter.points[3].text).toContain('Giao Ban Dân vận Huyện ủy');
    });

    it('admins and dispatcher officials record a directive; others may not', async () => {
      const body = (symbol: string): object => ({
        symbol,
        issuedAt: '2026-04-15',
        issuer: 'Ban Dân vận Huyện ủy Châu Thành',
        title: 'V/v hướng dẫn sơ kết 6 tháng công tác phối hợp',
        points: [
          { no: 1, text: 'Các xã, thị trấn tổ chức sơ kết trước ngày 30/6.' },
          { no: 2, text: 'Báo cáo kết quả về Ban Dân vận Huyện ủy.' },
        ],
      });
      for (const [username, symbol] of [
        ['thuongtruc', '10-HD/BDVHU'],
        ['danvan', '11-HD/BDVHU'],
        ['admin', '12-HD/BDVHU'],
      ]) {
        const created = ok<Directive>(
          await api.post(username, '/api/directives', body(symbol)),
          201,
          `create as ${username}`,
        );
        expect(created).toMatchObject({ symbol, issuedAt: '2026-04-15', recipients: [] });
        expect(created.points).toEqual([
          { no: 1, text: 'Các xã, thị trấn tổ chức sơ kết trước ngày 30/6.' },
          { no: 2, text: 'Báo cáo kết quả về Ban Dân vận Huyện ủy.' },
        ]);
      }
      const before = await tableCounts();
      for (const username of ['mttq.an-binh', 'dangu.an-binh', 'btv', 'auditor']) {
        const res = await api.post(username, '/api/directives', body(`99-${username}`));
        expect(res.status).toBe(403);
      }
      expect(await tableCounts()).toEqual(before);
    });

    it('refuses bad input with a clear 4xx and records nothing', async () => {
      const valid = {
        symbol: '20-CV/HU',
        issuedAt: '2026-05-01',
        issuer: 'Thường trực Huyện ủy',
        title: 'V/v kiểm thử',
        points: [{ no: 1, text: 'Nội dung.' }],
      };
      const before = await tableCounts();
      const cases: Array<[object, number, string]> = [
        [{ ...valid, issuedAt: '2026-02-30' }, 422, '/issuedAt'],
        [{ ...valid, issuedAt: '01/05/2026' }, 400, '/issuedAt'],
        [{ ...valid, points: [] }, 400, '/points'],
        [
          {
            ...valid,
            points: [
              { no: 1, text: 'a' },
              { no: 1, text: 'b' },
            ],
          },
          422,
          '/points/1/no',
        ],
        [{ ...valid, points: [{ no: 0, text: 'a' }] }, 400, '/points/0/no'],
        [{ ...valid, symbol: LETTER }, 409, '/symbol'],
        [{ ...valid, extra: true }, 400, '/extra'],
      ];
      for (const [body, status, path] of cases) {
        const res = await api.post('thuongtruc', '/api/directives', body);
        expect({
          status: res.status,
          paths: (res.body as { details?: Array<{ path: string }> }).details?.map((d) => d.path),
        }).toEqual({
          status,
          paths: expect.arrayContaining([path]) as unknown,
        });
        expect(res.body).toMatchObject({
          statusCode: status,
          error: expect.any(String) as unknown,
        });
      }
      expect(await tableCounts()).toEqual(before);
      expect((await request(t.http).get('/api/directives')).status).toBe(401);
      expect((await api.get('danvan', '/api/directives/not-a-uuid')).status).toBe(400);
      expect(
        (await api.get('danvan', '/api/directives/00000000-0000-4000-8000-000000000000')).status,
      ).toBe(404);
    });
  });

  describe('campaigns', () => {
    let campaign: Campaign;

    it('sends one instance to every commune Front, each due at the end of the day in UTC+7', async () => {
      const created = ok<{ id: string; instanceIds: string[]; items: CampaignItem[] }>(
        await api.post('danvan', '/api/campaigns', {
          directiveId: letter.id,
          point: 1,
          definitionKey: 'regulation-review',
          title: 'Rà soát, bổ sung quy chế phối hợp năm 2026',
          dueDate: '2026-06-30',
          orgUnitIds: unitIds,
        }),
        201,
        'create campaign',
      );
      expect(created.instanceIds).toHaveLength(4);
      expect(created.items.map((i) => i.orgUnitId).sort()).toEqual([...unitIds].sort());
      for (const item of created.items) {
        expect(item).toMatchObject({
          state: 'draft',
          status: 'active',
          standing: 'notStarted',
          dueAt: '2026-06-30T16:59:59.999Z',
        });
      }
      // Each commune Front finds it in its inbox with the campaign's date as the deadline.
      for (const [index, commune] of COMMUNES.entries()) {
        const inbox = await api.wholeInbox(`mttq.${commune}`);
        const mine = created.items.find((i) => i.orgUnitId === unitIds[index]);
        const task = inbox.find((item) => item.instanceId === mine?.instanceId);
        expect(task).toMatchObject({ dueAt: '2026-06-30T16:59:59.999Z', state: 'draft' });
        expect(task?.title).toContain('Rà soát, bổ sung quy chế phối hợp năm 2026 — ');
      }
      campaign = ok<Campaign>(await api.get('danvan', `/api/campaigns/${created.id}`), 200, 'read');
      expect(campaign).toMatchObject({
        id: created.id,
        title: 'Rà soát, bổ sung quy chế phối hợp năm 2026',
        dueDate: '2026-06-30',
        progress: { total: 4, completed: 0, overdue: 0, notStarted: 4, inProgress: 0 },
      });
      // The dispatcher opened them in the units' name: history says so.
      const anBinh = created.items.find((i) => i.orgUnitId === unitIds[0]);
      const history = ok<Array<{ type: string; actor: { username: string } }>>(
        await api.get('mttq.an-binh', `/api/instances/${anBinh?.instanceId}/history`),
        200,
        'history',
      );
      expect(history[0].actor.username).toBe('danvan');
      // Dispatchers read every instance a campaign opened; another commune does not.
      expect((await api.get('thuongtruc', `/api/instances/${anBinh?.instanceId}`)).status).toBe(
        200,
      );
      expect((await api.get('mttq.phu-hoa', `/api/instances/${anBinh?.instanceId}`)).status).toBe(
        403,
      );
    });

    it('follows each unit: not started, in progress, completed, then overdue past the date', async () => {
      const itemOf = (commune: string): CampaignItem => {
        const unitId = unitIds[COMMUNES.indexOf(commune)];
        const item = campaign.items.find((i) => i.orgUnitId === unitId);
        if (!item) throw new Error(`no item for ${commune}`);
        return item;
      };
      const anBinh = itemOf('an-binh');
      const phuHoa = itemOf('phu-hoa');
      await api.act(
        'mttq.an-binh',
        anBinh.instanceId,
        'SUBMIT',
        sampleForm('regulation-review.SUBMIT'),
      );
      await api.act(
        'mttq.phu-hoa',
        phuHoa.instanceId,
        'SUBMIT',
        sampleForm('regulation-review.SUBMIT'),
      );
      await api.act(
        'dangu.phu-hoa',
        phuHoa.instanceId,
        'APPROVE',
        sampleForm('regulation-review.APPROVE'),
      );
      await api.act('danvan', phuHoa.instanceId, 'APPROVE', {});
      await api.act('btv', phuHoa.instanceId, 'APPROVE', {});

      let now = ok<Campaign>(await api.get('thuongtruc', `/api/campaigns/${campaign.id}`), 200, '');
      expect(now.progress).toEqual({
        total: 4,
        completed: 1,
        overdue: 0,
        notStarted: 2,
        inProgress: 1,
        cancelled: 0,
      });

      clock.set(new Date('2026-06-30T16:59:59.000Z'));
      now = ok<Campaign>(await api.get('auditor', `/api/campaigns/${campaign.id}`), 200, '');
      expect(now.progress.overdue).toBe(0);

      clock.set(new Date('2026-06-30T17:00:00.000Z'));
      now = ok<Campaign>(await api.get('auditor', `/api/campaigns/${campaign.id}`), 200, '');
      expect(now.progress).toEqual({
        total: 4,
        completed: 1,
        overdue: 3,
        notStarted: 0,
        inProgress: 0,
        cancelled: 0,
      });
      campaign = now;
    });

    it('reminds the late ones: whoever holds the open step is notified, every round', async () => {
      const notificationsOf = async (
        username: string,
      ): Promise<Array<{ kind: string; title: string; body: string }>> =>
        ok<{ items: Array<{ kind: string; title: string; body: string }> }>(
          await api.get(username, '/api/notifications'),
          200,
          'notifications',
        ).items.filter((n) => n.kind === 'campaign-reminder');

      const sent = ok<{ instanceIds: string[]; notified: number; scope: string }>(
        await api.post('danvan', `/api/campaigns/${campaign.id}/reminders`, {
          message: 'Đề nghị hoàn thành trước ngày 05/7/2026.',
        }),
        201,
        'remind',
      );
      const late = campaign.items.filter((i) => i.standing === 'overdue').map((i) => i.instanceId);
      expect(sent.scope).toBe('overdue');
      expect(sent.instanceIds.sort()).toEqual(late.sort());
      expect(sent.notified).toBe(3);
      // An Bình's step waits for its Party committee now; the others for their Fronts.
      expect(await notificationsOf('dangu.an-binh')).toHaveLength(1);
      expect(await notificationsOf('mttq.an-binh')).toHaveLength(0);
      expect(await notificationsOf('mttq.phu-hoa')).toHaveLength(0);
      const [tanLoc] = await notificationsOf('mttq.tan-loc');
      expect(tanLoc.title).toMatch(/^Đôn đốc: Rà soát, bổ sung quy chế/);
      expect(tanLoc.body).toContain('Đề nghị hoàn thành trước ngày 05/7/2026.');

      await api.post('thuongtruc', `/api/campaigns/${campaign.id}/reminders`, {});
      expect(await notificationsOf('mttq.tan-loc')).toHaveLength(2);

      expect(
        (await api.post('mttq.tan-loc', `/api/campaigns/${campaign.id}/reminders`, {})).status,
      ).toBe(403);
      expect(
        (await api.post('danvan', `/api/campaigns/${campaign.id}/reminders`, { scope: 'all' }))
          .status,
      ).toBe(400);
      const read = ok<{ lastRemindedAt: string | null }>(
        await api.get('danvan', `/api/campaigns/${campaign.id}`),
        200,
        '',
      );
      expect(read.lastRemindedAt).not.toBeNull();
    });

    it('shows the campaign and its tasks under the point of the letter', async () => {
      const detail = ok<Directive>(
        await api.get('mttq.tan-loc', `/api/directives/${letter.id}`),
        200,
        'directive',
      );
      const [one, two] = detail.points;
      expect(one.campaigns).toEqual([
        expect.objectContaining({
          id: campaign.id,
          progress: expect.objectContaining({ total: 4, completed: 1, overdue: 3 }) as unknown,
        }),
      ]);
      expect(one.tasks?.map((task) => task.instanceId).sort()).toEqual(
        campaign.items.map((i) => i.instanceId).sort(),
      );
      expect(two.campaigns).toEqual([]);
      expect(two.tasks).toEqual([]);
    });

    it('exports an .xlsx with Vietnamese headers and each unit by name', async () => {
      const res = await request(t.http)
        .get(`/api/campaigns/${campaign.id}/export`)
        .set(await api.auth('danvan'))
        .buffer(true)
        .parse((response, callback) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => callback(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(res.headers['content-disposition']).toContain("filename*=UTF-8''Ti%E1%BA%BFn");
      const workbook = new ExcelJS.Workbook();
      const body = res.body as Buffer;
      // exceljs types its input as an ArrayBuffer.
      await workbook.xlsx.load(
        body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
      );
      const sheet = workbook.getWorksheet('Tiến độ');
      if (!sheet) throw new Error('no sheet');
      const text = (row: number, col: number): string => sheet.getCell(row, col).text;
      expect(text(1, 1)).toBe('TIẾN ĐỘ THỰC HIỆN: RÀ SOÁT, BỔ SUNG QUY CHẾ PHỐI HỢP NĂM 2026');
      expect(text(2, 1)).toBe(`Thực hiện văn bản số ${LETTER}, điểm 1`);
      expect(text(3, 1)).toContain('Hạn hoàn thành: 30/06/2026');
      expect(text(4, 1)).toBe(
        'Tổng số: 4; Đã hoàn thành: 1; Quá hạn: 3; Đang thực hiện: 0; Chưa thực hiện: 0',
      );
      expect([1, 2, 3, 4, 5, 6].map((c) => text(6, c))).toEqual([
        'STT',
        'Đơn vị',
        'Tình trạng',
        'Bước hiện tại',
        'Hạn hoàn thành',
        'Cập nhật lần cuối',
      ]);
      const rows = [7, 8, 9, 10].map((r) => [text(r, 2), text(r, 3), text(r, 4), text(r, 5)]);
      expect(rows).toEqual(
        expect.arrayContaining([
          [
            'Ủy ban MTTQ Việt Nam xã An Bình',
            'Quá hạn',
            'Cấp ủy xã, thị trấn xem xét',
            '30/06/2026',
          ],
          ['Ủy ban MTTQ Việt Nam xã Phú Hòa', 'Đã hoàn thành', 'Đã ban hành', '30/06/2026'],
          ['Ủy ban MTTQ Việt Nam xã Tân Lộc', 'Quá hạn', 'Dự thảo', '30/06/2026'],
          ['Ủy ban MTTQ Việt Nam thị trấn Châu Thành', 'Quá hạn', 'Dự thảo', '30/06/2026'],
        ]),
      );
      expect(text(11, 2)).toBe('');
    });

    it('lets admins, auditors and dispatchers follow it; not the communes', async () => {
      for (const username of ['admin', 'auditor', 'thuongtruc']) {
        expect((await api.get(username, `/api/campaigns/${campaign.id}`)).status).toBe(200);
      }
      expect((await api.get('mttq.an-binh', `/api/campaigns/${campaign.id}`)).status).toBe(403);
      expect((await api.get('mttq.an-binh', `/api/campaigns/${campaign.id}/export`)).status).toBe(
        403,
      );
      const list = ok<Array<{ id: string }>>(await api.get('danvan', '/api/campaigns'), 200, '');
      expect(list.map((c) => c.id)).toContain(campaign.id);
      expect(
        (await api.get('danvan', '/api/campaigns/00000000-0000-4000-8000-000000000000')).status,
      ).toBe(404);
    });

    it('refuses bad input with a clear 4xx and opens nothing', async () => {
      const valid = {
        directiveId: letter.id,
        point: 3,
        definitionKey: 'joint-activity-plan',
        title: 'Xây dựng kế hoạch phối hợp năm 2027',
        dueDate: '2026-09-30',
        orgUnitIds: unitIds,
      };
      const before = await tableCounts();
      const missingUnit = '00000000-0000-4000-8000-000000000000';
      const cases: Array<[string, object, number, string]> = [
        ['danvan', { ...valid, dueDate: '2026-06-30' }, 422, '/dueDate'],
        ['danvan', { ...valid, dueDate: '2026-09-31' }, 422, '/dueDate'],
        ['danvan', { ...valid, dueDate: '30/09/2026' }, 400, '/dueDate'],
        ['danvan', { ...valid, orgUnitIds: [unitIds[0], missingUnit] }, 422, '/orgUnitIds/1'],
        ['danvan', { ...valid, orgUnitIds: [unitIds[0], unitIds[0]] }, 400, '/orgUnitIds'],
        ['danvan', { ...valid, orgUnitIds: [] }, 400, '/orgUnitIds'],
        ['danvan', { ...valid, directiveId: undefined }, 422, '/point'],
        ['danvan', { ...valid, point: 9 }, 422, '/point'],
        ['danvan', { ...valid, directiveId: missingUnit }, 422, '/directiveId'],
        ['danvan', { ...valid, definitionKey: 'no-such-workflow' }, 422, '/definitionKey'],
      ];
      for (const [username, body, status, path] of cases) {
        const res = await api.post(username, '/api/campaigns', body);
        const details = (res.body as { details?: Array<{ path: string }> }).details ?? [];
        expect({ status: res.status, paths: details.map((d) => d.path) }).toEqual({
          status,
          paths: expect.arrayContaining([path]) as unknown,
        });
      }
      expect((await api.post('mttq.an-binh', '/api/campaigns', valid)).status).toBe(403);
      expect((await api.post('auditor', '/api/campaigns', valid)).status).toBe(403);
      expect(await tableCounts()).toEqual(before);
    });
  });
});
