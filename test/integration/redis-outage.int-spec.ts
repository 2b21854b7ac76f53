import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { WorkflowFactory } from '../factories/workflow-factory';
import { type CommandAcceptedBody } from '../utils/api-types';
import { OwnRedisServer } from '../utils/redis-server';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';

const COMMAND_WAIT_MS = 1500;

describe('trust: a command never hangs on an unreachable Redis', () => {
  let redis: OwnRedisServer;
  let t: TestApp;
  let f: WorkflowFactory;
  let sql: TestSql;

  beforeAll(async () => {
    // A Redis of the test's own: the test stops it; the shared one is never touched.
    redis = await OwnRedisServer.start();
    t = await createTestApp({
      REDIS_URL: redis.url,
      COMMAND_WAIT_MS: String(COMMAND_WAIT_MS),
      SWEEP_INTERVAL_MS: '300',
      SWEEP_GRACE_MS: '500',
    });
    f = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
  });
  afterAll(async () => {
    await sql?.close();
    await t?.close();
    await redis?.stop();
  });

  it('answers 202 within COMMAND_WAIT_MS + 1 s with the command durable, and applies it once when Redis returns', async () => {
    const created = await f.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq');
    const token = await t.login('mttq.an-binh');
    await redis.stop();

    // The latency bound is the point of this test: measured around the one request.
    const started = Date.now();
    const res = await f.send(token, created.id, 'SUBMIT', sampleForm('regulation-review.SUBMIT'));
    const elapsed = Date.now() - started;
    console.log(`with Redis down, the command answered ${res.status} in ${elapsed} ms`);
    expect(res.status).toBe(202);
    expect(elapsed).toBeLessThan(COMMAND_WAIT_MS + 1000);
    const { commandId } = res.body as CommandAcceptedBody;
    expect(await sql.commandCounts(created.id)).toEqual({ pending: 1 });

    // Back on the same port: the add waiting in the Redis client or the sweeper queues it.
    await redis.start();
    const applied = await f.waitForCommand(token, commandId, 60_000);
    expect(applied.status).toBe('applied');
    expect(await sql.commandCounts(created.id)).toEqual({ applied: 1 });
    const history = await f.history('mttq.an-binh', created.id);
    expect(history.filter((e) => e.commandId === commandId)).toHaveLength(1);
    expect(history.map((e) => e.type)).toEqual(['CREATED', 'SUBMIT']);
    expect((await f.read('mttq.an-binh', created.id)).version).toBe(2);
  }, 180_000);
});
