import ExcelJS from 'exceljs';
import request from 'supertest';
import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { WorkflowFactory, ok } from '../factories/workflow-factory';
import { type InstanceBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';
import { type components } from '../../web/src/api/schema';

type Counts = components['schemas']['ScorecardCountsDto'];
type Scorecard = components['schemas']['ScorecardDto'];

const DAY = 86_400_000;

function withoutKey(cell: Counts & { definitionKey: string }): Counts {
  return {
    onTime: cell.onTime,
    late: cell.late,
    inProgress: cell.inProgress,
    overdue: cell.overdue,
    cancelled: cell.cancelled,
    notStarted: cell.notStarted,
    total: cell.total,
  };
}

function counts(partial: Partial<Counts>): Counts {
  return {
    onTime: 0,
    late: 0,
    inProgress: 0,
    overdue: 0,
    cancelled: 0,
    notStarted: 0,
    total: 0,
    ...partial,
  };
}

describe('monitoring scorecard (HTTP against real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let api: WorkflowFactory;
  let sql: TestSql;
  const period = {
    from: new Date(Date.now() - DAY).toISOString().slice(0, 10),
    to: new Date(Date.now() + DAY).toISOString().slice(0, 10),
  };
  const instances: Record<string, InstanceBody> = {};

  async function throughTheRoute(instance: InstanceBody, commune: string): Promise<void> {
    await api.act(
      `dangu.${commune}`,
      instance.id,
      'APPROVE',
      sampleForm('regulation-review.APPROVE'),
    );
    await api.act('danvan', instance.id, 'APPROVE', {});
    await api.act('btv', instance.id, 'APPROVE', {});
  }

  async function pastDue(instance: InstanceBody): Promise<void> {
    await sql.rows(
      `UPDATE workflow_tasks SET due_at = now() - interval '1 day' WHERE instance_id = $1 AND status = 'open'`,
      [instance.id],
    );
  }

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    api = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);

    // An Bình: promulgated, every step in time.
    instances.onTime = await api.submit('mttq.an-binh', await api.startRegulation('an-binh'));
    await throughTheRoute(instances.onTime, 'an-binh');
    // Phú Hòa: promulgated, but the commune review ran past its deadline.
    instances.late = await api.submit('mttq.phu-hoa', await api.startRegulation('phu-hoa'));
    await pastDue(instances.late);
    await throughTheRoute(instances.late, 'phu-hoa');
    // Tân Lộc: one under review, one cancelled.
    instances.inProgress = await api.submit('mttq.tan-loc', await api.startRegulation('tan-loc'));
    instances.cancelled = await api.startRegulation('tan-loc');
    await api.act('mttq.tan-loc', instances.cancelled.id, 'CANCEL');
    // Châu Thành township: waiting past its deadline.
    instances.overdue = await api.submit(
      'mttq.thi-tran-chau-thanh',
      await api.startRegulation('thi-tran-chau-thanh'),
    );
    await pastDue(instances.overdue);
    // An ad-hoc exchange: counted, but no commune is "not started" for lacking one.
    instances.exchange = await api.start('mttq.an-binh', 'information-exchange', 'an-binh.mttq');
  });
  afterAll(async () => {
    await sql.close();
    await t.close();
  });

  it('counts per commune and workflow: on time, late, in progress, overdue, not started', async () => {
    const card = ok<Scorecard>(
      await api.get('danvan', '/api/monitoring/scorecard', period),
      200,
      'scorecard',
    );
    const cell = (slug: string, key: string): Counts => {
      const row = card.rows.find((r) => r.unit.slug === slug);
      const found = row?.cells.find((c) => c.definitionKey === key);
      if (!found) throw new Error(`No cell ${slug} × ${key}`);
      return withoutKey(found);
    };
    // The district first, then the communes by their Vietnamese names.
    expect(card.rows.map((r) => r.unit.slug)).toEqual([
      'chau-thanh',
      'thi-tran-chau-thanh',
      'an-binh',
      'phu-hoa',
      'tan-loc',
    ]);
    expect(cell('an-binh', 'regulation-review')).toEqual(counts({ onTime: 1, total: 1 }));
    expect(cell('phu-hoa', 'regulation-review')).toEqual(counts({ late: 1, total: 1 }));
    expect(cell('tan-loc', 'regulation-review')).toEqual(
      counts({ inProgress: 1, cancelled: 1, total: 2 }),
    );
    expect(cell('thi-tran-chau-thanh', 'regulation-review')).toEqual(
      counts({ overdue: 1, total: 1 }),
    );
    for (const commune of ['an-binh', 'phu-hoa', 'tan-loc', 'thi-tran-chau-thanh']) {
      expect(cell(commune, 'joint-activity-plan')).toEqual(counts({ notStarted: 1 }));
      expect(cell(commune, 'annual-summary')).toEqual(counts({ notStarted: 1 }));
    }
    expect(cell('an-binh', 'information-exchange')).toEqual(counts({ inProgress: 1, total: 1 }));
    expect(cell('phu-hoa', 'information-exchange')).toEqual(counts({}));
    // The district row is not a commune: nothing is "not started" there.
    expect(cell('chau-thanh', 'joint-activity-plan')).toEqual(counts({}));

    const totals = Object.fromEntries(card.totals.map((c) => [c.definitionKey, withoutKey(c)]));
    expect(totals['regulation-review']).toEqual(
      counts({ onTime: 1, late: 1, inProgress: 1, overdue: 1, cancelled: 1, total: 5 }),
    );
    expect(totals['joint-activity-plan']).toEqual(counts({ notStarted: 4 }));
    expect(card.rows.find((r) => r.unit.slug === 'tan-loc')?.totals).toEqual(
      counts({ inProgress: 1, cancelled: 1, notStarted: 3, total: 2 }),
    );
  });

  it('exports the same numbers as an .xlsx: one row per unit and a total', async () => {
    const res = await request(t.http)
      .get('/api/monitoring/scorecard/export')
      .query(period)
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
    const workbook = new ExcelJS.Workbook();
    const body = res.body as Buffer;
    // exceljs types its input as an ArrayBuffer.
    await workbook.xlsx.load(
      body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
    );
    const sheet = workbook.getWorksheet('Theo dõi');
    if (!sheet) throw new Error('no sheet');
    const row = (n: number): string[] =>
      Array.from({ length: 9 }, (_, i) => sheet.getCell(n, i + 1).text);
    expect(row(4)).toEqual([
      'STT',
      'Đơn vị',
      'Đúng hạn',
      'Trễ hạn',
      'Quá hạn',
      'Chưa thực hiện',
      'Đang thực hiện',
      'Đã hủy',
      'Tổng số hồ sơ',
    ]);
    const tanLoc = [5, 6, 7, 8, 9].map(row).find((r) => r[1] === 'Xã Tân Lộc');
    expect(tanLoc?.slice(2)).toEqual(['0', '0', '0', '3', '1', '1', '2']);
    expect(row(10)[1]).toBe('Tổng cộng');
    // Bad periods are refused as the screen's route refuses them.
    expect(
      (
        await request(t.http)
          .get('/api/monitoring/scorecard/export')
          .query({ from: period.to, to: period.from })
          .set(await api.auth('danvan'))
      ).status,
    ).toBe(422);
    expect(
      (
        await request(t.http)
          .get('/api/monitoring/scorecard/export')
          .query(period)
          .set(await api.auth('mttq.an-binh'))
      ).status,
    ).toBe(403);
  });

  it('narrows to one workflow and to the period', async () => {
    const one = ok<Scorecard>(
      await api.get('btv', '/api/monitoring/scorecard', {
        ...period,
        definitionKey: 'regulation-review',
      }),
      200,
      'one workflow',
    );
    expect(one.workflows.map((w) => w.key)).toEqual(['regulation-review']);
    const earlier = ok<Scorecard>(
      await api.get('thuongtruc', '/api/monitoring/scorecard', {
        from: '2020-01-01',
        to: '2020-12-31',
        definitionKey: 'regulation-review',
      }),
      200,
      'earlier',
    );
    expect(earlier.totals[0]).toEqual(
      expect.objectContaining({ definitionKey: 'regulation-review', total: 0, notStarted: 4 }),
    );
    expect(
      (await api.get('danvan', '/api/monitoring/scorecard', { ...period, definitionKey: 'nope' }))
        .status,
    ).toBe(404);
    expect(
      (await api.get('danvan', '/api/monitoring/scorecard', { from: period.to, to: period.from }))
        .status,
    ).toBe(422);
  });

  it('lists the instances behind a number', async () => {
    const items = async (slug: string, bucket: string): Promise<string[]> =>
      ok<{ items: Array<{ instanceId: string; bucket: string }> }>(
        await api.get('danvan', '/api/monitoring/scorecard/items', {
          ...period,
          unit: await t.unitId(slug),
          workflow: 'regulation-review',
          bucket,
        }),
        200,
        `items ${slug} ${bucket}`,
      ).items.map((i) => i.instanceId);
    expect(await items('phu-hoa', 'late')).toEqual([instances.late.id]);
    expect(await items('an-binh', 'onTime')).toEqual([instances.onTime.id]);
    expect(await items('tan-loc', 'inProgress')).toEqual([instances.inProgress.id]);
    expect(await items('tan-loc', 'cancelled')).toEqual([instances.cancelled.id]);
    expect(await items('thi-tran-chau-thanh', 'overdue')).toEqual([instances.overdue.id]);
    expect(await items('an-binh', 'late')).toEqual([]);
    expect(await items('an-binh', 'notStarted')).toEqual([]);
    const notARow = await api.get('danvan', '/api/monitoring/scorecard/items', {
      ...period,
      unit: await t.unitId('an-binh.mttq'),
      workflow: 'regulation-review',
      bucket: 'late',
    });
    expect(notARow.status).toBe(422);
  });

  it('is for the Dân vận Board, the Standing bodies, auditors and admins only', async () => {
    for (const username of ['danvan', 'thuongtruc', 'btv', 'auditor', 'admin']) {
      expect((await api.get(username, '/api/monitoring/scorecard', period)).status).toBe(200);
    }
    for (const username of ['mttq.an-binh', 'dangu.an-binh', 'mttq.huyen']) {
      expect((await api.get(username, '/api/monitoring/scorecard', period)).status).toBe(403);
      const res = await api.get(username, '/api/monitoring/scorecard/items', {
        ...period,
        unit: await t.unitId('an-binh'),
        workflow: 'regulation-review',
        bucket: 'late',
      });
      expect(res.status).toBe(403);
    }
  });
});
