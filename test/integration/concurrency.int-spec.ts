import request, { type Response } from 'supertest';
import { WorkflowFactory, expectStatus, sleep } from '../factories/workflow-factory';
import { type CommandAcceptedBody, type ErrorBody, type InstanceBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';

const RACERS = 24;

function statusCounts(responses: Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const res of responses) counts[res.status] = (counts[res.status] ?? 0) + 1;
  return counts;
}

describe('concurrency, ordering and idempotency (HTTP, real PostgreSQL, Redis and BullMQ)', () => {
  let t: TestApp;
  let wf: WorkflowFactory;
  let sql: TestSql;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    wf = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
  });
  afterAll(async () => {
    await sql.close();
    await t.close();
  });

  /** A regulation review of the commune waiting for its Đảng ủy (version 2). */
  async function atCommuneReview(commune = 'an-binh', factory = wf): Promise<string> {
    const { id } = await factory.create(`mttq.${commune}`, 'regulation-review', `${commune}.mttq`);
    await factory.actEventually(
      `mttq.${commune}`,
      id,
      'SUBMIT',
      await factory.sample('regulation-review.SUBMIT'),
    );
    return id;
  }

  /** Fresh sign-ins of one user: several sessions, as several browser tabs would have. */
  async function sessions(username: string, count: number): Promise<string[]> {
    const tokens: string[] = [];
    for (let n = 0; n < count; n += 1) {
      const res = await request(t.http)
        .post('/api/auth/login')
        .send({ username, password: 'demo' })
        .expect(200);
      tokens.push((res.body as { accessToken: string }).accessToken);
    }
    return tokens;
  }

  async function waitUntilRecorded(instanceId: string, pending: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const recorded = await sql.count(
        `SELECT count(*) FROM workflow_commands WHERE instance_id = $1 AND status = 'pending'`,
        [instanceId],
      );
      if (recorded >= pending) return;
      await sleep(25);
    }
    throw new Error(`Fewer than ${pending} commands were recorded on ${instanceId}`);
  }

  async function expectConsistent(instanceId: string, approvals: number): Promise<void> {
    const { version, historyLength, verified } = await wf.consistency(instanceId);
    expect(version).toBe(historyLength);
    expect(verified.ok).toBe(true);
    const history = await wf.history('auditor', instanceId);
    expect(history.filter((event) => event.type === 'APPROVE')).toHaveLength(approvals);
  }

  /** One 200 with the instance after it; every other answer a 409 carrying the current instance. */
  function expectOneWinner(responses: Response[], instanceId: string): InstanceBody {
    expect(statusCounts(responses)).toEqual({ 200: 1, 409: responses.length - 1 });
    const winner = responses.find((res) => res.status === 200)?.body as InstanceBody;
    expect(winner).toMatchObject({ id: instanceId, state: 'boardReview', version: 3 });
    for (const res of responses.filter((candidate) => candidate.status === 409)) {
      const body = res.body as ErrorBody;
      expect(body).toMatchObject({ statusCode: 409, code: 'conflict' });
      expect(body.instance).toMatchObject({ id: instanceId, state: 'boardReview', version: 3 });
      // The instance is as the loser sees it: nothing left for them to do.
      expect(body.instance?.availableActions).toEqual([]);
    }
    return winner;
  }

  describe('the race', () => {
    it(`lets exactly one of ${RACERS} concurrent approvals (several sessions, same expectedVersion) win`, async () => {
      const id = await atCommuneReview();
      const tokens = await sessions('dangu.an-binh', 4);
      const responses = await Promise.all(
        Array.from({ length: RACERS }, (_, n) =>
          wf.send(
            tokens[n % tokens.length],
            id,
            'APPROVE',
            { opinion: `Đồng ý (phiên ${n})` },
            undefined,
            {},
            { expectedVersion: 2 },
          ),
        ),
      );
      const winner = expectOneWinner(responses, id);
      await expectConsistent(id, 1);
      // The applied approval is the winner's, with its own opinion.
      const history = await wf.history('auditor', id);
      const applied = history.find((event) => event.type === 'APPROVE');
      expect(winner.version).toBe(applied?.seq);
      const counts = await sql.commandCounts(id);
      expect(counts.applied).toBe(2); // SUBMIT and the one APPROVE
      expect(counts.pending).toBeUndefined();
    });

    it(`decides ${RACERS} approvals recorded before any applied: the oldest wins, the others conflict`, async () => {
      // The instance's row lock is held while the requests arrive, so every one passes the API's
      // pre-check on version 2 and is recorded (implicit expectedVersion); the worker then decides.
      const id = await atCommuneReview('phu-hoa');
      const tokens = await sessions('dangu.phu-hoa', 3);
      const lock = await sql.lockInstance(id);
      let responses: Response[];
      try {
        const racing = Promise.all(
          Array.from({ length: RACERS }, (_, n) =>
            wf.send(tokens[n % tokens.length], id, 'APPROVE'),
          ),
        );
        await waitUntilRecorded(id, RACERS);
        await lock.release();
        responses = await racing;
      } finally {
        await lock.release().catch(() => undefined);
      }
      expectOneWinner(responses, id);
      expect(await sql.commandCounts(id)).toEqual({ applied: 2, rejected: RACERS - 1 });
      const [oldest] = await sql.rows<{ status: string }>(
        `SELECT status FROM workflow_commands WHERE instance_id = $1 AND type = 'APPROVE'
          ORDER BY seq LIMIT 1`,
        [id],
      );
      expect(oldest.status).toBe('applied');
      await expectConsistent(id, 1);
    });

    it('applies commands on one instance in the order they were accepted', async () => {
      const id = await atCommuneReview('tan-loc');
      const lock = await sql.lockInstance(id);
      try {
        // Accepted in this order while the worker is held: APPROVE (v2 → 3), then nothing else
        // may apply on version 2, so the later RETURN conflicts rather than undoing it.
        const approve = wf.send(await wf.token('dangu.tan-loc'), id, 'APPROVE');
        await waitUntilRecorded(id, 1);
        const withdraw = wf.send(await wf.token('mttq.tan-loc'), id, 'WITHDRAW');
        await waitUntilRecorded(id, 2);
        await lock.release();
        const [approved, withdrawn] = await Promise.all([approve, withdraw]);
        expect(approved.status).toBe(200);
        expect(withdrawn.status).toBe(409);
      } finally {
        await lock.release().catch(() => undefined);
      }
      expect((await wf.read('auditor', id)).state).toBe('boardReview');
      await expectConsistent(id, 1);
    });
  });

  describe('expectedVersion', () => {
    it('answers 409 with the current instance for a stale or future version, and changes nothing', async () => {
      const id = await atCommuneReview('thi-tran-chau-thanh');
      const token = await wf.token('dangu.thi-tran-chau-thanh');
      for (const expectedVersion of [1, 7]) {
        const res = await wf.send(
          token,
          id,
          'APPROVE',
          undefined,
          undefined,
          {},
          {
            expectedVersion,
          },
        );
        expect(res.status).toBe(409);
        const body = res.body as ErrorBody;
        expect(body.code).toBe('conflict');
        expect(body.message).toMatch(/version 2/);
        expect(body.instance).toMatchObject({ id, state: 'communeReview', version: 2 });
        expect(body.instance?.availableActions.map((a) => a.type).sort()).toEqual([
          'APPROVE',
          'RETURN',
        ]);
      }
      expect(await sql.commandCounts(id)).toEqual({ applied: 1 });
      const current = await wf.send(
        token,
        id,
        'APPROVE',
        undefined,
        undefined,
        {},
        {
          expectedVersion: 2,
        },
      );
      expect(current.status).toBe(200);
      await expectConsistent(id, 1);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a sequential repeat as the first did and applies it once', async () => {
      const { id } = await wf.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq');
      const token = await wf.token('mttq.an-binh');
      const form = await wf.sample('regulation-review.SUBMIT');
      const headers = { 'Idempotency-Key': `submit-${id}` };
      const first = await wf.send(token, id, 'SUBMIT', form, undefined, headers);
      expectStatus(first, 200, 'first SUBMIT');
      for (let n = 0; n < 3; n += 1) {
        const again = await wf.send(token, id, 'SUBMIT', form, undefined, headers);
        expect(again.status).toBe(200);
        expect(again.body).toMatchObject({ id, state: 'communeReview', version: 2 });
      }
      expect(await sql.commandCounts(id)).toEqual({ applied: 1 });
      // Still answered as applied, and still not applied again, once the instance moved on.
      await wf.act('dangu.an-binh', id, 'APPROVE');
      const later = await wf.send(token, id, 'SUBMIT', form, undefined, headers);
      expect(later.status).toBe(200);
      expect((later.body as InstanceBody).state).toBe('boardReview');
      expect(await sql.commandCounts(id)).toEqual({ applied: 2 });
      const history = await wf.history('auditor', id);
      expect(history.map((event) => event.type)).toEqual(['CREATED', 'SUBMIT', 'APPROVE']);
    });

    it('answers concurrent requests with one key alike and applies the command once', async () => {
      // Several instances at once, so some repeats arrive while the first is recorded, some while
      // it is applied and some after: each must answer as the first did, never with a refusal
      // computed on the state the first one produced.
      const ids: string[] = [];
      for (let n = 0; n < 4; n += 1) ids.push(await atCommuneReview());
      const tokens = await sessions('dangu.an-binh', 3);
      const perInstance = 12;
      const responses = await Promise.all(
        ids.flatMap((id) =>
          Array.from({ length: perInstance }, async (_, n) => {
            // Spread over ~100 ms: before, during and after the first one is applied.
            await sleep((n % 6) * 20);
            return wf.send(
              tokens[n % tokens.length],
              id,
              'APPROVE',
              { opinion: 'Đồng ý.' },
              undefined,
              {
                'Idempotency-Key': `approve-${id}`,
              },
            );
          }),
        ),
      );
      expect(statusCounts(responses)).toEqual({ 200: responses.length });
      responses.forEach((res, index) => {
        const id = ids[Math.floor(index / perInstance)];
        expect(res.body).toMatchObject({ id, state: 'boardReview', version: 3 });
      });
      for (const id of ids) {
        expect(
          await sql.count(
            `SELECT count(*) FROM workflow_commands WHERE instance_id = $1 AND idempotency_key = $2`,
            [id, `approve-${id}`],
          ),
        ).toBe(1);
        await expectConsistent(id, 1);
      }
    });

    it('answers a repeat of a command that lost its race with the same 409', async () => {
      const id = await atCommuneReview('phu-hoa');
      const token = await wf.token('dangu.phu-hoa');
      const lock = await sql.lockInstance(id);
      let answers: Response[];
      try {
        const sending = Promise.all(
          ['first', 'second'].map((key) =>
            wf.send(token, id, 'APPROVE', undefined, undefined, {
              'Idempotency-Key': `${key}-${id}`,
            }),
          ),
        );
        await waitUntilRecorded(id, 2);
        await lock.release();
        answers = await sending;
      } finally {
        await lock.release().catch(() => undefined);
      }
      expect(answers.map((res) => res.status).sort()).toEqual([200, 409]);
      const keys = ['first', 'second'];
      for (const [index, res] of answers.entries()) {
        const again = await wf.send(token, id, 'APPROVE', undefined, undefined, {
          'Idempotency-Key': `${keys[index]}-${id}`,
        });
        expect(again.status).toBe(res.status);
      }
      expect(await sql.commandCounts(id)).toEqual({ applied: 2, rejected: 1 });
      await expectConsistent(id, 1);
    });

    it('refuses one key for a different command with 422, and keeps keys per caller', async () => {
      const first = await atCommuneReview('tan-loc');
      const other = await atCommuneReview('tan-loc');
      const token = await wf.token('dangu.tan-loc');
      const key = { 'Idempotency-Key': `shared-${first}` };
      expect((await wf.send(token, first, 'APPROVE', undefined, undefined, key)).status).toBe(200);

      const before = await sql.count('SELECT count(*) FROM workflow_commands');
      const otherType = await wf.send(token, first, 'RETURN', undefined, 'Trả lại.', key);
      expect(otherType.status).toBe(422);
      expect(otherType.body).toMatchObject({ code: 'idempotency-key-reused' });
      expect((otherType.body as ErrorBody).details?.[0].path).toBe('Idempotency-Key');
      const otherInstance = await wf.send(token, other, 'APPROVE', undefined, undefined, key);
      expect(otherInstance.status).toBe(422);
      expect(await sql.count('SELECT count(*) FROM workflow_commands')).toBe(before);
      expect((await wf.read('auditor', other)).version).toBe(2);

      // Another caller's key of the same text is their own.
      const drafter = await wf.token('mttq.tan-loc');
      const withdrawn = await wf.send(drafter, other, 'WITHDRAW', undefined, undefined, key);
      expect(withdrawn.status).toBe(200);
      expect((withdrawn.body as InstanceBody).state).toBe('draft');
    });
  });

  describe('the 202 path (COMMAND_WAIT_MS=0, a second app)', () => {
    let t2: TestApp;
    let wf2: WorkflowFactory;
    let sql2: TestSql;

    beforeAll(async () => {
      t2 = await createTestApp({ LOGIN_RATE_LIMIT: '1000', COMMAND_WAIT_MS: '0' });
      wf2 = new WorkflowFactory(t2);
      sql2 = await TestSql.connect(t2.databaseUrl);
    });
    afterAll(async () => {
      await sql2.close();
      await t2.close();
    });

    it('runs on its own database', () => {
      expect(t2.databaseUrl).not.toBe(t.databaseUrl);
    });

    it('answers 202 with the command id, which GET /api/commands/:id follows until applied', async () => {
      const { id } = await wf2.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq');
      const token = await wf2.token('mttq.an-binh');
      // Held so the answer cannot race the worker: the command is surely pending when answered.
      const lock = await sql2.lockInstance(id);
      let accepted: CommandAcceptedBody;
      try {
        const res = await wf2.send(
          token,
          id,
          'SUBMIT',
          await wf2.sample('regulation-review.SUBMIT'),
        );
        expect(res.status).toBe(202);
        accepted = res.body as CommandAcceptedBody;
        expect(accepted).toEqual({ commandId: expect.any(String), status: 'pending' });
        const pending = await request(t2.http)
          .get(`/api/commands/${accepted.commandId}`)
          .set('Authorization', `Bearer ${token}`)
          .expect(200);
        expect(pending.body).toMatchObject({
          id: accepted.commandId,
          instanceId: id,
          status: 'pending',
        });
        expect((await wf2.read('mttq.an-binh', id)).version).toBe(1);
      } finally {
        await lock.release();
      }
      const outcome = await wf2.waitForCommand(token, accepted.commandId);
      expect(outcome).toMatchObject({ status: 'applied', instanceVersion: 2, type: 'SUBMIT' });
      expect(await wf2.read('mttq.an-binh', id)).toMatchObject({
        state: 'communeReview',
        version: 2,
      });
      const history = await wf2.history('mttq.an-binh', id);
      expect(history[1].commandId).toBe(accepted.commandId);
      // Someone else's command is not theirs to follow.
      const stranger = await wf2.token('mttq.phu-hoa');
      const hidden = await request(t2.http)
        .get(`/api/commands/${accepted.commandId}`)
        .set('Authorization', `Bearer ${stranger}`);
      expect(hidden.status).toBe(403);
    });

    it('reports through GET /api/commands/:id a command the worker rejected', async () => {
      const id = await atCommuneReview('an-binh', wf2);
      const token = await wf2.token('dangu.an-binh');
      const lock = await sql2.lockInstance(id);
      let ids: string[];
      try {
        const answers = await Promise.all([
          wf2.send(token, id, 'APPROVE'),
          wf2.send(token, id, 'RETURN', undefined, 'Trả lại để bổ sung.'),
        ]);
        expect(answers.map((res) => res.status)).toEqual([202, 202]);
        ids = answers.map((res) => (res.body as CommandAcceptedBody).commandId);
      } finally {
        await lock.release();
      }
      const outcomes = await Promise.all(
        ids.map((commandId) => wf2.waitForCommand(token, commandId)),
      );
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['applied', 'rejected']);
      const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
      expect(rejected?.error).toMatchObject({ code: 'conflict' });
      expect(rejected?.instanceVersion).toBe(3);
      const { version, historyLength, verified } = await wf2.consistency(id);
      expect(version).toBe(3);
      expect(historyLength).toBe(3);
      expect(verified.ok).toBe(true);
    });
  });
});
