import mammoth from 'mammoth';
import request from 'supertest';
import { type components } from '../../web/src/api/schema';
import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { WorkflowFactory, expectStatus, ok } from '../factories/workflow-factory';
import { type ErrorBody, type HistoryEventBody, type InstanceBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';

type CaseCopies = components['schemas']['CaseCopiesDto'];
type Comment = components['schemas']['CommentDto'];
type MyCases = components['schemas']['MyCasesPageDto'];
type Notifications = components['schemas']['NotificationPageDto'];

/**
 * Item 4 of the work cycle, as Party and Front practice: a joint regulation that the commune Front
 * drafts, the organisations it names receive to know and comment on (nơi nhận, cho ý kiến), the
 * commune People's Committee agrees and co-signs (thống nhất, ký ban hành) before the Dân vận Board
 * and the Standing Committee sign; real PostgreSQL and Redis.
 */
describe('copies to named units and the partner’s co-signature (HTTP)', () => {
  let t: TestApp;
  let wf: WorkflowFactory;
  let sql: TestSql;
  let instance: InstanceBody;
  const title = 'Quy chế phối hợp công tác giữa Ủy ban MTTQ Việt Nam và Ủy ban nhân dân xã An Bình';

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000', COMMAND_WAIT_MS: '20000' });
    wf = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
    // Officials of two organisations: An Bình's Farmers' Union (named as a recipient) and Phú Hòa's
    // (not named). Both carry the approver capability: a copy must not let even an approver act.
    const admin = await t.login('admin');
    for (const [username, unit] of [
      ['hnd.an-binh', 'an-binh.hoi-nong-dan'],
      ['hnd.phu-hoa', 'phu-hoa.hoi-nong-dan'],
    ] as const) {
      await request(t.http)
        .post('/api/admin/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({
          username,
          fullName: `Chủ tịch Hội Nông dân ${username}`,
          roles: ['official'],
          capabilities: ['drafter', 'approver'],
          orgUnitId: await t.unitId(unit),
          password: 'demo-password',
        })
        .expect(201);
      await t.login(username, 'demo-password');
    }
  }, 300_000);
  afterAll(async () => {
    await sql?.close();
    await t?.close();
  });

  const copiesOf = async (username: string, id: string): Promise<CaseCopies> =>
    ok<CaseCopies>(await wf.get(username, `/api/instances/${id}/copies`), 200, 'copies');

  it('sends the draft to the units the drafter names, who are notified and find it under “copied”', async () => {
    const created = await wf.create('mttq.an-binh', 'joint-regulation', 'an-binh.mttq', { title });
    instance = await wf.act('mttq.an-binh', created.id, 'SUBMIT', {
      ...sampleForm('joint-regulation.SUBMIT'),
      copyToUnitIds: [await t.unitId('an-binh.hoi-nong-dan'), await t.unitId('an-binh.hoi-lhpn')],
    });
    expect(instance.state).toBe('communeReview');

    const copies = await copiesOf('mttq.an-binh', instance.id);
    expect(copies.items.map((c) => c.orgUnitName).sort()).toEqual([
      'Hội Liên hiệp Phụ nữ xã An Bình',
      'Hội Nông dân xã An Bình',
    ]);
    for (const copy of copies.items) {
      expect(copy).toMatchObject({
        state: 'communeReview',
        stateTitle: 'Cấp ủy xã, thị trấn cho ý kiến',
        sentBy: { fullName: 'Cán bộ MTTQ Xã An Bình' },
        commented: false,
        comments: [],
      });
    }

    const notes = ok<Notifications>(await wf.get('hnd.an-binh', '/api/notifications'), 200, 'n');
    const copied = notes.items.filter((n) => n.instanceId === instance.id);
    expect(copied).toHaveLength(1);
    expect(copied[0]).toMatchObject({
      kind: 'copied',
      title: `Nhận để biết, cho ý kiến: ${title}`,
    });
    expect(copied[0].body).toContain('Ủy ban MTTQ Việt Nam xã An Bình');

    const mine = ok<MyCases>(
      await wf.get('hnd.an-binh', '/api/instances', { relation: 'copied' }),
      200,
      'my copies',
    );
    expect(mine.items.map((c) => c.instanceId)).toEqual([instance.id]);
    const others = ok<MyCases>(
      await wf.get('hnd.phu-hoa', '/api/instances', { relation: 'copied' }),
      200,
      'not copied',
    );
    expect(others.items).toEqual([]);
    // Not a task: the recipient's inbox stays for the work it must do.
    expect(await wf.inboxIds('hnd.an-binh')).not.toContain(instance.id);
  });

  it('lets a recipient read and comment (cho ý kiến) but never act; other units do neither', async () => {
    const read = await wf.read('hnd.an-binh', instance.id);
    expect(read.availableActions).toEqual([]);
    expectStatus(await wf.get('hnd.an-binh', `/api/instances/${instance.id}/history`), 200, 'h');

    const act = await wf.command('hnd.an-binh', instance.id, 'APPROVE', {});
    expect(act.status).toBe(403);
    expect(await sql.commandCounts(instance.id)).toEqual({ applied: 1 });

    const said = ok<Comment>(
      await wf.post('hnd.an-binh', `/api/instances/${instance.id}/comments`, {
        body: 'Hội Nông dân xã đề nghị bổ sung trách nhiệm của Hội trong tổ công tác chung.',
      }),
      201,
      'comment',
    );
    expect(said.author).toMatchObject({
      fullName: 'Chủ tịch Hội Nông dân hnd.an-binh',
      orgUnitName: 'Hội Nông dân xã An Bình',
    });
    const copies = await copiesOf('dangu.an-binh', instance.id);
    const farmers = copies.items.find((c) => c.orgUnitName === 'Hội Nông dân xã An Bình');
    expect(farmers).toMatchObject({ commented: true });
    expect(farmers?.comments.map((c) => [c.body, c.author.fullName, c.author.orgUnitName])).toEqual(
      [[said.body, 'Chủ tịch Hội Nông dân hnd.an-binh', 'Hội Nông dân xã An Bình']],
    );
    // A recipient does not pass the case on: only the unit handling the current step sends copies.
    const passOn = await wf.post('hnd.an-binh', `/api/instances/${instance.id}/copies`, {
      orgUnitIds: [await t.unitId('phu-hoa.hoi-nong-dan')],
    });
    expect(passOn.status).toBe(403);

    for (const path of ['', '/history', '/copies', '/comments']) {
      expect((await wf.get('hnd.phu-hoa', `/api/instances/${instance.id}${path}`)).status).toBe(
        403,
      );
    }
    const foreign = await wf.post('hnd.phu-hoa', `/api/instances/${instance.id}/comments`, {
      body: 'Góp ý của đơn vị không được gửi.',
    });
    expect(foreign.status).toBe(403);
    expect((await wf.command('hnd.phu-hoa', instance.id, 'APPROVE', {})).status).toBe(403);
  });

  it('lets the unit handling the step ask more units for their opinion (gửi xin ý kiến)', async () => {
    const bad = await wf.post('dangu.an-binh', `/api/instances/${instance.id}/copies`, {
      orgUnitIds: [await t.unitId('an-binh.mttq'), '00000000-0000-4000-8000-000000000000'],
    });
    expect(bad.status).toBe(422);
    expect((bad.body as ErrorBody).details?.map((d) => d.path)).toEqual([
      '/orgUnitIds/0',
      '/orgUnitIds/1',
    ]);

    const sent = ok<CaseCopies>(
      await wf.post('dangu.an-binh', `/api/instances/${instance.id}/copies`, {
        orgUnitIds: [
          await t.unitId('phu-hoa.hoi-nong-dan'),
          await t.unitId('an-binh.hoi-nong-dan'),
        ],
      }),
      201,
      'send copies',
    );
    // The unit that had it already is not sent it twice.
    expect(sent.items.map((c) => c.orgUnitName)).toHaveLength(3);
    expect(sent.items.at(-1)).toMatchObject({
      orgUnitName: 'Hội Nông dân xã Phú Hòa',
      sentBy: { fullName: 'Bí thư Đảng ủy Xã An Bình' },
    });
    const notified = await sql.count(
      `SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.kind = 'copied' AND n.instance_id = $1 AND u.username = 'hnd.an-binh'`,
      [instance.id],
    );
    expect(notified).toBe(1);
    expect((await wf.read('hnd.phu-hoa', instance.id)).availableActions).toEqual([]);
    expect((await wf.command('hnd.phu-hoa', instance.id, 'APPROVE', {})).status).toBe(403);
  });

  it('waits for the partner to agree and co-sign before the district signs', async () => {
    const approved = await wf.act(
      'dangu.an-binh',
      instance.id,
      'APPROVE',
      sampleForm('joint-regulation.APPROVE'),
    );
    expect(approved.state).toBe('partnerSigning');
    expect(approved.stateTitle).toBe('Ủy ban nhân dân thống nhất, ký ban hành');
    expect(await wf.inboxIds('ubnd.an-binh')).toContain(instance.id);
    expect(
      (await wf.read('ubnd.an-binh', instance.id)).availableActions.map((a) => a.type),
    ).toEqual(['COSIGN', 'RETURN']);
    // Nobody further up can skip the partner: the case has not reached the Board or the Committee.
    for (const username of ['danvan', 'btv']) {
      expect((await wf.command(username, instance.id, 'APPROVE', {})).status).toBe(403);
    }

    const cosigned = await wf.act('ubnd.an-binh', instance.id, 'COSIGN', {
      ...sampleForm('joint-regulation.COSIGN'),
      signerTitle: 'Chủ tịch Ủy ban nhân dân xã An Bình',
    });
    expect(cosigned.state).toBe('boardReview');
    // Entering the Board's review sends the district People's Committee its copy (definition data).
    const copies = await copiesOf('danvan', instance.id);
    expect(copies.items.find((c) => c.state === 'boardReview')).toMatchObject({
      orgUnitName: 'Ủy ban nhân dân huyện Châu Thành',
      stateTitle: 'Ban Dân vận xem xét',
    });

    await wf.act('danvan', instance.id, 'APPROVE', {});
    const done = await wf.act('btv', instance.id, 'APPROVE', {});
    expect(done.state).toBe('promulgated');
    const document = (done as InstanceBody & { document?: Record<string, unknown> }).document;
    expect(document?.symbol).toMatch(/^\d{2}-QC\/HU$/);
    // Both signatures stand on the document: the partner's (cùng ký ban hành) and the issuer's.
    expect(document).toMatchObject({
      signer: 'Trần Thị Bích',
      coSigners: [
        {
          onBehalfOf: 'T/M ỦY BAN NHÂN DÂN',
          title: 'Chủ tịch Ủy ban nhân dân xã An Bình',
          signer: 'Chủ tịch Ủy ban nhân dân Xã An Bình',
          unitName: 'Ủy ban nhân dân xã An Bình',
        },
      ],
    });
    const docx = await request(t.http)
      .get(`/api/instances/${instance.id}/document`)
      .set(await wf.auth('mttq.an-binh'))
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(docx.status).toBe(200);
    const { value } = await mammoth.extractRawText({ buffer: docx.body as Buffer });
    const lines = value
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    for (const expected of [
      'QUY CHẾ PHỐI HỢP',
      'T/M ỦY BAN NHÂN DÂN',
      'CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN BÌNH',
      'Chủ tịch Ủy ban nhân dân Xã An Bình',
      'T/M BAN THƯỜNG VỤ',
      'Trần Thị Bích',
      'Nơi nhận:',
    ]) {
      expect(lines).toContain(expected);
    }

    const history = ok<HistoryEventBody[]>(
      await wf.get('hnd.an-binh', `/api/instances/${instance.id}/history`),
      200,
      'history',
    );
    const cosign = history.find((e) => e.type === 'COSIGN');
    expect(cosign).toMatchObject({
      fromState: 'partnerSigning',
      toState: 'boardReview',
      actor: {
        fullName: 'Chủ tịch Ủy ban nhân dân Xã An Bình',
        orgUnitName: 'Ủy ban nhân dân xã An Bình',
      },
      opinion: 'Ủy ban nhân dân xã thống nhất toàn văn dự thảo và cùng ký ban hành.',
    });
    expect(history.map((e) => e.type)).toEqual([
      'CREATED',
      'SUBMIT',
      'APPROVE',
      'COSIGN',
      'APPROVE',
      'APPROVE',
    ]);
    // A recipient still reads the finished case and its copies, and still cannot act.
    expect((await wf.read('hnd.an-binh', instance.id)).availableActions).toEqual([]);
  });

  it('never lets the drafter co-sign their own draft, even holding a post in the partner (four eyes)', async () => {
    // One person, the Front's officer, also holds a post in the commune People's Committee
    // (kiêm nhiệm): they draft for the Front and may sign in for the Committee.
    const admin = await t.login('admin');
    const front = await t.unitId('phu-hoa.mttq');
    const partner = await t.unitId('phu-hoa.ubnd');
    const created = await request(t.http)
      .post('/api/admin/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        username: 'kiemnhiem.phu-hoa',
        fullName: 'Cán bộ kiêm nhiệm xã Phú Hòa',
        roles: ['official'],
        capabilities: ['drafter', 'approver'],
        orgUnitId: front,
        password: 'demo-password',
      })
      .expect(201);
    const userId = (created.body as { id: string }).id;
    expectStatus(
      await wf.put('admin', `/api/admin/users/${userId}/posts`, { orgUnitIds: [partner] }),
      200,
      'posts',
    );
    await t.login('kiemnhiem.phu-hoa', 'demo-password');
    const draft = await wf.create('kiemnhiem.phu-hoa', 'joint-regulation', 'phu-hoa.mttq', {
      title: 'Quy chế phối hợp giữa Ủy ban MTTQ và Ủy ban nhân dân xã Phú Hòa',
    });
    await wf.submit('kiemnhiem.phu-hoa', draft);
    expect((await wf.act('dangu.phu-hoa', draft.id, 'APPROVE', {})).state).toBe('partnerSigning');

    const login = await request(t.http)
      .post('/api/auth/login')
      .send({ username: 'kiemnhiem.phu-hoa', password: 'demo-password', orgUnitId: partner });
    expectStatus(login, 200, 'sign in for the Committee post');
    const asPartner = (login.body as { accessToken: string }).accessToken;
    const own = await wf.send(asPartner, draft.id, 'COSIGN', sampleForm('joint-regulation.COSIGN'));
    expect(own.status).toBe(403);
    expect((own.body as ErrorBody).message).toMatch(/Four eyes/);
    expect(await sql.commandCounts(draft.id)).toEqual({ applied: 2 });
    // Another official of the Committee co-signs.
    const cosigned = await wf.act(
      'ubnd.phu-hoa',
      draft.id,
      'COSIGN',
      sampleForm('joint-regulation.COSIGN'),
    );
    expect(cosigned.state).toBe('boardReview');
  });

  it('lets the partner send the draft back when it does not agree, with its reason', async () => {
    const created = await wf.create('mttq.tan-loc', 'joint-regulation', 'tan-loc.mttq', {
      title: 'Quy chế phối hợp giữa Ủy ban MTTQ và Ủy ban nhân dân xã Tân Lộc',
    });
    await wf.submit('mttq.tan-loc', created, {
      ...sampleForm('joint-regulation.SUBMIT'),
      copyToUnitIds: [],
    });
    expect((await copiesOf('mttq.tan-loc', created.id)).items).toEqual([]);
    await wf.act('dangu.tan-loc', created.id, 'APPROVE', {});
    const noReason = await wf.command('ubnd.tan-loc', created.id, 'RETURN', {});
    expect(noReason.status).toBe(422);
    const back = await wf.act(
      'ubnd.tan-loc',
      created.id,
      'RETURN',
      {},
      'Chưa thống nhất Điều 5: đề nghị quy định rõ thời hạn trả lời kiến nghị.',
    );
    expect(back.state).toBe('draft');
    // An Bình's partner has no part in Tân Lộc's regulation.
    expect((await wf.get('ubnd.an-binh', `/api/instances/${created.id}`)).status).toBe(403);
  });

  it('hands a unit’s received copies to its successor when the unit is merged or retired', async () => {
    // The Women's Union of An Bình received the first case's copy; it is retired into Tân Lộc's.
    const successor = await t.unitId('tan-loc.hoi-lhpn');
    const retired = await wf.post(
      'admin',
      `/api/admin/org-units/${await t.unitId('an-binh.hoi-lhpn')}/retire`,
      { handOverToId: successor, comment: 'Sáp nhập Hội Liên hiệp Phụ nữ hai xã' },
    );
    expectStatus(retired, 200, 'retire with a successor');
    const names = (await copiesOf('mttq.an-binh', instance.id)).items.map((c) => c.orgUnitName);
    expect(names).toEqual(
      expect.arrayContaining([
        'Hội Liên hiệp Phụ nữ xã An Bình',
        'Hội Liên hiệp Phụ nữ xã Tân Lộc',
      ]),
    );
    const admin = await t.login('admin');
    await request(t.http)
      .post('/api/admin/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        username: 'phunu.tan-loc',
        fullName: 'Chủ tịch Hội Liên hiệp Phụ nữ xã Tân Lộc',
        roles: ['official'],
        capabilities: ['approver'],
        orgUnitId: successor,
        password: 'demo-password',
      })
      .expect(201);
    await t.login('phunu.tan-loc', 'demo-password');
    expect((await wf.read('phunu.tan-loc', instance.id)).availableActions).toEqual([]);
  });
});
