import { FINAL_STATE, WorkflowFactory } from '../factories/workflow-factory';
import { type ErrorBody, type InstanceBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { type JsonObject } from '../../src/common/json/json.types';

function actionTypes(instance: InstanceBody): string[] {
  return instance.availableActions.map((action) => action.type).sort();
}

function action(instance: InstanceBody, type: string) {
  const found = instance.availableActions.find((candidate) => candidate.type === type);
  if (!found) throw new Error(`${type} is not among ${actionTypes(instance).join(', ')}`);
  return found;
}

describe('workflow routes (HTTP, real PostgreSQL, Redis and BullMQ)', () => {
  let t: TestApp;
  let wf: WorkflowFactory;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    wf = new WorkflowFactory(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Version equals the history's length, the chain verifies, and the history went this way. */
  async function expectAudited(instanceId: string, types: string[]): Promise<void> {
    const { version, historyLength, verified } = await wf.consistency(instanceId);
    expect(historyLength).toBe(types.length);
    expect(version).toBe(historyLength);
    expect(verified).toMatchObject({ ok: true, checked: types.length, instances: 1 });
    expect(verified.firstBroken).toBeUndefined();
    const history = await wf.history('auditor', instanceId);
    expect(history.map((event) => event.type)).toEqual(types);
    history.forEach((event, index) => {
      expect(event.seq).toBe(index + 1);
      if (index > 0) {
        expect(event.prevHash).toBe(history[index - 1].hash);
        expect(event.fromState).toBe(history[index - 1].toState);
      }
    });
  }

  describe('regulation-review', () => {
    it('goes from a commune draft to promulgated, with the right people acting at each step', async () => {
      const unitId = await t.unitId('an-binh.mttq');
      const draft = await wf.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq', {
        title: 'Rà soát quy chế phối hợp năm 2025 — xã An Bình',
      });
      expect(draft).toMatchObject({
        definitionKey: 'regulation-review',
        definitionVersion: 1,
        orgUnitId: unitId,
        state: 'draft',
        status: 'active',
        version: 1,
        title: 'Rà soát quy chế phối hợp năm 2025 — xã An Bình',
      });
      expect(actionTypes(draft)).toEqual(['CANCEL', 'SUBMIT']);
      expect(action(draft, 'SUBMIT').formSchema).toMatchObject({
        type: 'object',
        required: expect.arrayContaining(['regulationNumber', 'coordinatingOrganizations']),
      });
      expect(action(draft, 'CANCEL').formSchema).toBeUndefined();
      // The commune committee has nothing to see until the draft is submitted to it.
      expect((await wf.get('dangu.an-binh', `/api/instances/${draft.id}`)).status).toBe(403);

      const document = await wf.sample('regulation-review.SUBMIT');
      const submitted = await wf.act('mttq.an-binh', draft.id, 'SUBMIT', document);
      expect(submitted).toMatchObject({ state: 'communeReview', version: 2, data: document });
      // The drafter may now only take it back; approving is not theirs.
      expect(actionTypes(submitted)).toEqual(['WITHDRAW']);
      expect(action(submitted, 'WITHDRAW').formSchema).toBeUndefined();

      const atCommune = await wf.read('dangu.an-binh', draft.id);
      expect(actionTypes(atCommune)).toEqual(['APPROVE', 'RETURN']);
      expect(action(atCommune, 'APPROVE').formSchema).toMatchObject({
        properties: { opinion: expect.any(Object) },
      });
      expect(action(atCommune, 'RETURN')).toMatchObject({
        commentRequired: true,
        formSchema: { properties: { returnTo: expect.any(Object) } },
      });
      for (const outsider of ['danvan', 'btv', 'dangu.phu-hoa']) {
        expect((await wf.get(outsider, `/api/instances/${draft.id}`)).status).toBe(403);
      }

      const opinion = { opinion: 'Đồng ý trình Ban Dân vận Huyện ủy.' };
      const atBoard = await wf.act('dangu.an-binh', draft.id, 'APPROVE', opinion);
      expect(atBoard).toMatchObject({ state: 'boardReview', version: 3 });
      expect(actionTypes(atBoard)).toEqual([]);
      expect(actionTypes(await wf.read('mttq.an-binh', draft.id))).toEqual([]);
      expect(actionTypes(await wf.read('danvan', draft.id))).toEqual(['APPROVE', 'RETURN']);

      const atCommittee = await wf.act('danvan', draft.id, 'APPROVE');
      expect(atCommittee).toMatchObject({ state: 'committeeReview', version: 4 });
      expect(actionTypes(await wf.read('btv', draft.id))).toEqual(['APPROVE', 'RETURN']);

      const done = await wf.act('btv', draft.id, 'APPROVE', { opinion: 'Ban hành.' });
      expect(done).toMatchObject({ state: 'promulgated', status: 'completed', version: 5 });
      expect(done.availableActions).toEqual([]);
      // Once done, the document is what the drafter submitted (approval opinions are not merged).
      expect(done.data).toEqual(document);

      await expectAudited(draft.id, ['CREATED', 'SUBMIT', 'APPROVE', 'APPROVE', 'APPROVE']);
      const history = await wf.history('mttq.an-binh', draft.id);
      expect(
        history.map((event) => [event.actor.username, event.fromState, event.toState]),
      ).toEqual([
        ['mttq.an-binh', null, 'draft'],
        ['mttq.an-binh', 'draft', 'communeReview'],
        ['dangu.an-binh', 'communeReview', 'boardReview'],
        ['danvan', 'boardReview', 'committeeReview'],
        ['btv', 'committeeReview', 'promulgated'],
      ]);
      expect(history[1].data).toEqual(document);
      expect(history[2].data).toEqual(opinion);
      expect(history[2].actor.orgUnitId).toBe(await t.unitId('an-binh.dang-uy'));
      expect(history[1].commandId).toEqual(expect.any(String));
    });

    it('lets a district drafter (mttq.huyen) skip the commune step', async () => {
      const draft = await wf.create('mttq.huyen', 'regulation-review', 'mttq-huyen');
      const submitted = await wf.act(
        'mttq.huyen',
        draft.id,
        'SUBMIT',
        await wf.sample('regulation-review.SUBMIT'),
      );
      expect(submitted.state).toBe('boardReview');
      expect(actionTypes(await wf.read('danvan', draft.id))).toEqual(['APPROVE', 'RETURN']);
      // Before the first approval the district drafter may still withdraw.
      expect(actionTypes(submitted)).toEqual(['WITHDRAW']);
      await wf.act('danvan', draft.id, 'APPROVE');
      const done = await wf.act('btv', draft.id, 'APPROVE');
      expect(done).toMatchObject({ state: 'promulgated', status: 'completed', version: 4 });
      const history = await wf.history('mttq.huyen', draft.id);
      expect(history.map((event) => event.toState)).toEqual([
        'draft',
        'boardReview',
        'committeeReview',
        'promulgated',
      ]);
      await expectAudited(draft.id, ['CREATED', 'SUBMIT', 'APPROVE', 'APPROVE']);
    });

    it('returns for revision with a comment, to the drafter and to an earlier review step', async () => {
      const { id } = await wf.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq');
      const document = await wf.sample('regulation-review.SUBMIT');
      await wf.act('mttq.an-binh', id, 'SUBMIT', document);

      const comment = 'Đề nghị làm rõ trách nhiệm của Hội Nông dân xã trong Điều 6.';
      const returned = await wf.act('dangu.an-binh', id, 'RETURN', undefined, comment);
      expect(returned).toMatchObject({ state: 'draft', version: 3 });
      const drafterView = await wf.read('mttq.an-binh', id);
      expect(actionTypes(drafterView)).toEqual(['CANCEL', 'SUBMIT']);
      // The revision waits in the drafter's inbox again.
      const drafterInbox = await wf.inbox('mttq.an-binh', { definitionKey: 'regulation-review' });
      expect(drafterInbox.items).toContainEqual(
        expect.objectContaining({ instanceId: id, state: 'draft' }),
      );

      await wf.act('mttq.an-binh', id, 'SUBMIT', document);
      await wf.act('dangu.an-binh', id, 'APPROVE');
      await wf.act('danvan', id, 'APPROVE');
      const backToBoard = await wf.act(
        'btv',
        id,
        'RETURN',
        { returnTo: 'boardReview' },
        'Ban Dân vận rà soát lại phạm vi điều chỉnh.',
      );
      expect(backToBoard.state).toBe('boardReview');
      const backToCommune = await wf.act(
        'danvan',
        id,
        'RETURN',
        { returnTo: 'communeReview' },
        'Đảng ủy xã cho ý kiến lại về Điều 6.',
      );
      expect(backToCommune.state).toBe('communeReview');
      // The control field steers the route; it is not merged into the document.
      expect(backToCommune.data).toEqual(document);
      await wf.act('dangu.an-binh', id, 'APPROVE');
      await wf.act('danvan', id, 'APPROVE');
      const done = await wf.act('btv', id, 'APPROVE');
      expect(done).toMatchObject({ state: 'promulgated', status: 'completed', version: 11 });

      const history = await wf.history('auditor', id);
      expect(history[2]).toMatchObject({
        type: 'RETURN',
        fromState: 'communeReview',
        toState: 'draft',
        comment,
        actor: expect.objectContaining({ username: 'dangu.an-binh' }),
      });
      expect(history.map((event) => event.toState)).toEqual([
        'draft',
        'communeReview',
        'draft',
        'communeReview',
        'boardReview',
        'committeeReview',
        'boardReview',
        'communeReview',
        'boardReview',
        'committeeReview',
        'promulgated',
      ]);
      await expectAudited(id, [
        'CREATED',
        'SUBMIT',
        'RETURN',
        'SUBMIT',
        'APPROVE',
        'APPROVE',
        'RETURN',
        'RETURN',
        'APPROVE',
        'APPROVE',
        'APPROVE',
      ]);
    });

    it('never returns a district draft to a commune step it did not pass', async () => {
      const { id } = await wf.create('mttq.huyen', 'regulation-review', 'mttq-huyen');
      await wf.act('mttq.huyen', id, 'SUBMIT', await wf.sample('regulation-review.SUBMIT'));
      await wf.act('danvan', id, 'APPROVE');
      const returned = await wf.act(
        'btv',
        id,
        'RETURN',
        { returnTo: 'communeReview' },
        'Bổ sung kết quả rà soát.',
      );
      expect(returned.state).toBe('draft');
    });

    it('refuses RETURN without a comment with 422 at /comment, in Vietnamese and English', async () => {
      const { id } = await wf.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq');
      await wf.act('mttq.an-binh', id, 'SUBMIT', await wf.sample('regulation-review.SUBMIT'));
      const token = await wf.token('dangu.an-binh');
      for (const comment of [undefined, '', '   ']) {
        const res = await wf.send(token, id, 'RETURN', { returnTo: 'draft' }, comment);
        expect(res.status).toBe(422);
        const body = res.body as ErrorBody;
        expect(body).toMatchObject({ statusCode: 422, code: 'form-invalid' });
        expect(body.details).toEqual([
          {
            path: '/comment',
            message: 'Cần nhập ý kiến (bắt buộc)',
            messages: { vi: 'Cần nhập ý kiến (bắt buộc)', en: 'A comment is required' },
          },
        ]);
      }
      const after = await wf.read('dangu.an-binh', id);
      expect(after).toMatchObject({ state: 'communeReview', version: 2 });
      await expectAudited(id, ['CREATED', 'SUBMIT']);
    });

    it('lets the drafter withdraw before the first approval, and not after', async () => {
      const { id } = await wf.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq');
      const document = await wf.sample('regulation-review.SUBMIT');
      await wf.act('mttq.an-binh', id, 'SUBMIT', document);
      // Withdrawing is the drafter's, not the reviewer's.
      const byReviewer = await wf.send(await wf.token('dangu.an-binh'), id, 'WITHDRAW');
      expect(byReviewer.status).toBe(403);

      const withdrawn = await wf.act('mttq.an-binh', id, 'WITHDRAW');
      expect(withdrawn).toMatchObject({ state: 'draft', version: 3 });
      await wf.act('mttq.an-binh', id, 'SUBMIT', document);
      await wf.act('dangu.an-binh', id, 'APPROVE');

      const late = await wf.send(await wf.token('mttq.an-binh'), id, 'WITHDRAW');
      expect(late.status).toBe(422);
      const body = late.body as ErrorBody;
      expect(body.code).toBe('event-not-allowed');
      expect(body.details?.[0].allowedEvents?.sort()).toEqual(['APPROVE', 'RETURN']);
      expect((await wf.read('mttq.an-binh', id)).state).toBe('boardReview');
      await expectAudited(id, ['CREATED', 'SUBMIT', 'WITHDRAW', 'SUBMIT', 'APPROVE']);
    });
  });

  describe.each([
    ['joint-activity-plan', 'phu-hoa'],
    ['annual-summary', 'tan-loc'],
  ])('%s', (key, commune) => {
    it(`goes from a commune draft (${commune}) through the whole chain`, async () => {
      const { id } = await wf.create(`mttq.${commune}`, key, `${commune}.mttq`);
      const document = await wf.sample(`${key}.SUBMIT`);
      const submitted = await wf.act(`mttq.${commune}`, id, 'SUBMIT', document);
      expect(submitted).toMatchObject({ state: 'communeReview', data: document });
      // Another commune's committee is not this one's reviewer.
      expect((await wf.send(await wf.token('dangu.an-binh'), id, 'APPROVE')).status).toBe(403);
      await wf.act(`dangu.${commune}`, id, 'APPROVE', await wf.sample(`${key}.APPROVE`));
      await wf.act('danvan', id, 'APPROVE');
      const done = await wf.act('btv', id, 'APPROVE');
      expect(done).toMatchObject({ state: FINAL_STATE[key], status: 'completed', version: 5 });
      await expectAudited(id, ['CREATED', 'SUBMIT', 'APPROVE', 'APPROVE', 'APPROVE']);
    });

    it('is returned by the Standing Committee to the Dân vận Board and then approved', async () => {
      const { id } = await wf.create('mttq.huyen', key, 'mttq-huyen');
      await wf.act('mttq.huyen', id, 'SUBMIT', await wf.sample(`${key}.SUBMIT`));
      await wf.act('danvan', id, 'APPROVE');
      const returned = await wf.act(
        'btv',
        id,
        'RETURN',
        await wf.sample(`${key}.RETURN`),
        'Bổ sung nguồn kinh phí.',
      );
      expect(returned.state).toBe('boardReview');
      await wf.act('danvan', id, 'APPROVE');
      const done = await wf.act('btv', id, 'APPROVE');
      expect(done).toMatchObject({ state: FINAL_STATE[key], status: 'completed', version: 6 });
      await expectAudited(id, ['CREATED', 'SUBMIT', 'APPROVE', 'RETURN', 'APPROVE', 'APPROVE']);
    });
  });

  describe('periodic-report', () => {
    it('is drafted by the Dân vận Board only', async () => {
      const board = await wf.createRequest('danvan', 'periodic-report', 'ban-dan-van-huyen-uy');
      expect(board.status).toBe(201);
      const refusals: Array<[string, string]> = [
        ['btv', 'ban-dan-van-huyen-uy'],
        ['btv', 'ban-thuong-vu-huyen-uy'],
        ['thuongtruc', 'thuong-truc-huyen-uy'],
        ['mttq.huyen', 'mttq-huyen'],
        ['mttq.an-binh', 'an-binh.mttq'],
        ['danvan', 'an-binh.mttq'],
        ['auditor', 'ban-dan-van-huyen-uy'],
      ];
      for (const [username, unit] of refusals) {
        const res = await wf.createRequest(username, 'periodic-report', unit);
        expect({ username, unit, status: res.status }).toEqual({ username, unit, status: 403 });
      }
    });

    it('goes to the Standing Board, which sends it back with directions and then acknowledges it', async () => {
      const { id } = await wf.create('danvan', 'periodic-report', 'ban-dan-van-huyen-uy', {
        title: 'Báo cáo quý II năm 2025 của Ban Dân vận',
      });
      const report = await wf.sample('periodic-report.SUBMIT');
      const submitted = await wf.act('danvan', id, 'SUBMIT', report);
      expect(submitted.state).toBe('standingBoardReview');
      const inbox = await wf.inbox('thuongtruc', { definitionKey: 'periodic-report' });
      expect(inbox.items).toContainEqual(
        expect.objectContaining({ instanceId: id, state: 'standingBoardReview' }),
      );
      expect(actionTypes(await wf.read('thuongtruc', id))).toEqual(['ACKNOWLEDGE', 'RETURN']);
      // The Standing Committee is not the Standing Board.
      expect((await wf.send(await wf.token('btv'), id, 'ACKNOWLEDGE')).status).toBe(403);

      const back = await wf.act(
        'thuongtruc',
        id,
        'RETURN',
        undefined,
        'Bổ sung số liệu các xã chưa báo cáo.',
      );
      expect(back.state).toBe('draft');
      await wf.act('danvan', id, 'SUBMIT', { ...report, communesReported: 4 });
      const directions = await wf.sample('periodic-report.ACKNOWLEDGE');
      const done = await wf.act('thuongtruc', id, 'ACKNOWLEDGE', directions);
      expect(done).toMatchObject({ state: 'acknowledged', status: 'completed', version: 5 });
      expect(done.data).toMatchObject({ ...directions, communesReported: 4 });
      await expectAudited(id, ['CREATED', 'SUBMIT', 'RETURN', 'SUBMIT', 'ACKNOWLEDGE']);
    });
  });

  describe('information-exchange', () => {
    it('is sent to a recipient unit, which acknowledges and replies', async () => {
      const { id } = await wf.create('mttq.an-binh', 'information-exchange', 'an-binh.mttq');
      const message = await wf.sample('information-exchange.SUBMIT', { recipient: 'mttq-huyen' });
      const sent = await wf.act('mttq.an-binh', id, 'SUBMIT', message);
      expect(sent).toMatchObject({ state: 'awaitingAcknowledgement', version: 2 });
      expect(actionTypes(sent)).toEqual(['WITHDRAW']);

      const inbox = await wf.inbox('mttq.huyen', { definitionKey: 'information-exchange' });
      const item = inbox.items.find((candidate) => candidate.instanceId === id);
      expect(item).toMatchObject({ state: 'awaitingAcknowledgement', overdue: false });
      // Acknowledged within 2 working days (on the holiday calendar).
      expect(item?.remainingWorkingDays).toBe(2);

      const recipientView = await wf.read('mttq.huyen', id);
      expect(actionTypes(recipientView)).toEqual(['ACKNOWLEDGE']);
      expect((await wf.get('mttq.phu-hoa', `/api/instances/${id}`)).status).toBe(403);
      // The sender does not acknowledge its own message.
      expect((await wf.send(await wf.token('mttq.an-binh'), id, 'ACKNOWLEDGE')).status).toBe(403);

      const acknowledged = await wf.act('mttq.huyen', id, 'ACKNOWLEDGE');
      expect(acknowledged.state).toBe('awaitingReply');
      expect(actionTypes(acknowledged)).toEqual(['REPLY']);
      expect(action(acknowledged, 'REPLY').formSchema).toMatchObject({
        required: ['replyContent'],
      });
      // Too late to withdraw once received.
      expect((await wf.send(await wf.token('mttq.an-binh'), id, 'WITHDRAW')).status).toBe(422);

      const reply = await wf.sample('information-exchange.REPLY');
      const replied = await wf.act('mttq.huyen', id, 'REPLY', reply);
      expect(replied).toMatchObject({ state: 'replied', status: 'completed', version: 4 });
      expect(replied.data).toMatchObject({ ...message, ...reply });
      await expectAudited(id, ['CREATED', 'SUBMIT', 'ACKNOWLEDGE', 'REPLY']);
    });
  });

  describe('inbox', () => {
    it('shows the commune approver the task after SUBMIT, and the Dân vận Board only after the commune approves', async () => {
      const { id } = await wf.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq', {
        title: 'Rà soát quy chế phối hợp ấp Phước Hưng',
      });
      const inboxIds = async (username: string): Promise<string[]> =>
        (await wf.inbox(username, { limit: '100' })).items.map((item) => item.instanceId);

      expect(await inboxIds('dangu.an-binh')).not.toContain(id);
      await wf.act('mttq.an-binh', id, 'SUBMIT', {
        ...(await wf.sample('regulation-review.SUBMIT')),
        regulationNumber: '77/QCPH-ĐBT',
      });
      const page = await wf.inbox('dangu.an-binh', { limit: '100' });
      const item = page.items.find((candidate) => candidate.instanceId === id);
      expect(item).toMatchObject({
        definitionKey: 'regulation-review',
        title: 'Rà soát quy chế phối hợp ấp Phước Hưng',
        state: 'communeReview',
        orgUnitId: await t.unitId('an-binh.mttq'),
        overdue: false,
      });
      // The commune step has 5 working days (on the holiday calendar).
      expect(item?.remainingWorkingDays).toBe(5);
      expect(await inboxIds('danvan')).not.toContain(id);
      expect(await inboxIds('dangu.phu-hoa')).not.toContain(id);
      expect(await inboxIds('mttq.an-binh')).not.toContain(id);

      await wf.act('dangu.an-binh', id, 'APPROVE');
      expect(await inboxIds('dangu.an-binh')).not.toContain(id);
      expect(await inboxIds('danvan')).toContain(id);
      await wf.act('danvan', id, 'APPROVE');
      expect(await inboxIds('danvan')).not.toContain(id);
      expect(await inboxIds('btv')).toContain(id);
    });

    it('matches q over title and form data, with or without diacritics', async () => {
      const { id } = await wf.create('mttq.phu-hoa', 'regulation-review', 'phu-hoa.mttq', {
        title: 'Quy chế phối hợp Mặt trận và Hội Cựu chiến binh ấp Đông Thạnh',
      });
      await wf.act('mttq.phu-hoa', id, 'SUBMIT', {
        ...(await wf.sample('regulation-review.SUBMIT')),
        regulationNumber: '88/QCPH-ĐTHANH',
      });
      const found = async (q: string): Promise<boolean> =>
        (await wf.inbox('dangu.phu-hoa', { q, limit: '100' })).items.some(
          (item) => item.instanceId === id,
        );
      expect(await found('Đông Thạnh')).toBe(true);
      expect(await found('dong thanh')).toBe(true);
      expect(await found('DONG THANH')).toBe(true);
      expect(await found('cuu chien binh')).toBe(true);
      expect(await found('Cựu chiến binh ấp')).toBe(true);
      // Form data is searched too: the regulation number the drafter filled in.
      expect(await found('88/qcph-dthanh')).toBe(true);
      expect(await found('đông thạnh bắc')).toBe(false);
      expect(await found('dong thanh 99')).toBe(false);
    });

    it('pages with a cursor without losing or repeating an item', async () => {
      const ids: string[] = [];
      for (let n = 0; n < 3; n += 1) {
        const { id } = await wf.create('mttq.tan-loc', 'annual-summary', 'tan-loc.mttq');
        await wf.act('mttq.tan-loc', id, 'SUBMIT', await wf.sample('annual-summary.SUBMIT'));
        ids.push(id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string> = { limit: '1' };
        if (cursor) query.cursor = cursor;
        const page = await wf.inbox('dangu.tan-loc', query);
        expect(page.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.items.map((item) => item.instanceId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(ids));
    });
  });

  it('answers every step of every route with the instance the caller may act on next', async () => {
    // availableActions never offers an action that the same caller would then be refused.
    const { id } = await wf.create(
      'mttq.thi-tran-chau-thanh',
      'regulation-review',
      'thi-tran-chau-thanh.mttq',
    );
    const users = ['mttq.thi-tran-chau-thanh', 'dangu.thi-tran-chau-thanh', 'danvan', 'btv'];
    const forms: Record<string, JsonObject | undefined> = {
      SUBMIT: await wf.sample('regulation-review.SUBMIT'),
      APPROVE: undefined,
    };
    for (let step = 0; step < 4; step += 1) {
      const offers: Array<[string, string]> = [];
      for (const username of users) {
        const res = await wf.get(username, `/api/instances/${id}`);
        if (res.status !== 200) continue;
        for (const offered of (res.body as InstanceBody).availableActions) {
          if (offered.type === 'SUBMIT' || offered.type === 'APPROVE') {
            offers.push([username, offered.type]);
          }
        }
      }
      expect(offers).toHaveLength(1);
      const [username, type] = offers[0];
      expect(username).toBe(users[step]);
      await wf.act(username, id, type, forms[type]);
    }
    expect((await wf.read('btv', id)).status).toBe('completed');
  });
});
