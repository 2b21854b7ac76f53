import { expectStatus, startSuiteApp } from '../factories/workflow-factory';

interface NotificationBody {
  kind: string;
  instanceId: string | null;
  title: string;
  body: string;
}

/** A local date `days` from today in Vietnam (UTC+7), as a form's date field holds it. */
function vietnamDate(days: number): string {
  const at = new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000);
  return at.toISOString().slice(0, 10);
}

/**
 * Point 2 of the letter: the recipient replies by the date the sender set, and the sender hears
 * of each reply (real PostgreSQL and Redis).
 */
describe('two-way exchange: reply-by date and the sender told of each reply (HTTP)', () => {
  const app = startSuiteApp();

  async function notifications(username: string): Promise<NotificationBody[]> {
    const res = await app.wf.get(username, '/api/notifications');
    expectStatus(res, 200, `notifications of ${username}`);
    return (res.body as { items: NotificationBody[] }).items;
  }

  async function replyDueAt(instanceId: string): Promise<Date> {
    const [task] = await app.sql.rows<{ due_at: Date }>(
      `SELECT due_at FROM workflow_tasks WHERE instance_id = $1 AND status = 'open'`,
      [instanceId],
    );
    return task.due_at;
  }

  it('makes the reply step due at the end of the reply-by day and tells the sender of each reply', async () => {
    const replyBy = vietnamDate(30);
    const recipients = ['mttq-huyen', 'hoi-nong-dan-huyen'];
    const sent: string[] = [];
    for (const recipient of recipients) {
      const { id } = await app.wf.create('danvan', 'information-exchange', 'ban-dan-van-huyen-uy', {
        title: 'Trao đổi tình hình phối hợp liên tịch quý IV',
      });
      await app.wf.act('danvan', id, 'SUBMIT', {
        ...(await app.wf.sample('information-exchange.SUBMIT', { recipient })),
        replyBy,
      });
      sent.push(id);
    }
    await app.wf.act('mttq.huyen', sent[0], 'ACKNOWLEDGE', {});
    // The reply step ends with the office day (17:00 in Vietnam) of the date the sender set.
    expect((await replyDueAt(sent[0])).toISOString()).toBe(`${replyBy}T10:00:00.000Z`);

    await app.wf.act(
      'mttq.huyen',
      sent[0],
      'REPLY',
      await app.wf.sample('information-exchange.REPLY'),
    );
    const told = (await notifications('danvan')).filter((n) => n.kind === 'replied');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ instanceId: sent[0] });
    expect(told[0].title).toContain('Đã có trả lời');
    expect(told[0].body).toContain('Ủy ban MTTQ');
    // The one who replied is not told of their own reply.
    expect((await notifications('mttq.huyen')).some((n) => n.kind === 'replied')).toBe(false);
  }, 120_000);

  it('keeps the step’s own deadline when the reply-by date has already passed', async () => {
    const { id } = await app.wf.create('danvan', 'information-exchange', 'ban-dan-van-huyen-uy');
    await app.wf.act('danvan', id, 'SUBMIT', {
      ...(await app.wf.sample('information-exchange.SUBMIT', { recipient: 'mttq-huyen' })),
      replyBy: '2025-07-15',
    });
    await app.wf.act('mttq.huyen', id, 'ACKNOWLEDGE', {});
    expect((await replyDueAt(id)).getTime()).toBeGreaterThan(Date.now() + 5 * 86_400_000);
  }, 60_000);

  it('sends one exchange to several units with POST /api/exchanges; each reply is told to the sender', async () => {
    const replyBy = vietnamDate(20);
    const recipients = [await app.t.unitId('mttq-huyen'), await app.t.unitId('hoi-nong-dan-huyen')];
    const before = await app.sql.count(`SELECT count(*) FROM workflow_instances`);
    const refused = await app.wf.post('thuongtruc', '/api/exchanges', {
      title: 'Trao đổi',
      subject: 'Đề nghị phối hợp',
      content: 'Nội dung trao đổi hai chiều bằng văn bản.',
      replyBy,
      recipientUnitIds: [recipients[0], '00000000-0000-4000-8000-000000000000'],
    });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('/recipientUnitIds/1');
    expect(await app.sql.count(`SELECT count(*) FROM workflow_instances`)).toBe(before);

    const res = await app.wf.post('thuongtruc', '/api/exchanges', {
      title: 'Trao đổi kết quả phối hợp liên tịch năm 2026',
      subject: 'Đề nghị cung cấp kết quả phối hợp liên tịch năm 2026',
      content:
        'Thường trực Huyện ủy đề nghị các đơn vị cung cấp kết quả phối hợp liên tịch năm 2026.',
      documentNumber: '15-CV/HU',
      replyBy,
      recipientUnitIds: recipients,
    });
    expectStatus(res, 201, 'send to several');
    const sent = res.body as {
      instanceIds: string[];
      items: Array<{ recipientUnitId: string; status: string }>;
    };
    expect(sent.items.map((item) => [item.recipientUnitId, item.status])).toEqual(
      recipients.map((unitId) => [unitId, 'sent']),
    );
    const [front, farmers] = sent.instanceIds;
    expect((await app.wf.read('auditor', front)).state).toBe('awaitingAcknowledgement');
    await app.wf.act('mttq.huyen', front, 'ACKNOWLEDGE', {});
    expect((await replyDueAt(front)).toISOString()).toBe(`${replyBy}T10:00:00.000Z`);
    await app.wf.act(
      'mttq.huyen',
      front,
      'REPLY',
      await app.wf.sample('information-exchange.REPLY'),
    );
    const told = (await notifications('thuongtruc')).filter((n) => n.kind === 'replied');
    expect(told.map((n) => n.instanceId)).toEqual([front]);
    expect((await app.wf.read('auditor', farmers)).state).toBe('awaitingAcknowledgement');
  }, 120_000);
});
