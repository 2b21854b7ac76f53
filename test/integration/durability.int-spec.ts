import Redis from 'ioredis';
import { COMMANDS_QUEUE } from '../../src/queue/queue.constants';
import { COMMUNES, WorkflowFactory, sleep } from '../factories/workflow-factory';
import {
  type CommandAcceptedBody,
  type CommandStatusBody,
  type InstanceBody,
} from '../utils/api-types';
import { OwnRedisServer } from '../utils/redis-server';
import { openQueueProbe } from '../utils/queue-probe';
import { QUEUE_BACKEND, createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';
import { WorkerProcess } from '../utils/worker-process';
import { type JsonObject } from '../../src/common/json/json.types';

/** One command as the client saw it: sent with its own Idempotency-Key, answered with a status. */
interface LedgerEntry {
  key: string;
  instanceId: string;
  type: string;
  username: string;
  status: number;
  commandId?: string;
}

interface Step {
  username: string;
  type: string;
  data?: JsonObject;
  comment?: string;
}

/**
 * Durability with the API and the workers in separate processes, as `npm run start:worker` runs
 * them: the API (RUN_WORKERS=false) records and queues; worker processes spawned from source apply.
 * Redis is a server of the test's own, so it can be flushed. With QUEUE_BACKEND=postgres the queues
 * live in PostgreSQL and the Redis-loss test does not apply.
 */
const onRedis = QUEUE_BACKEND === 'redis';
describe(`durability (worker processes, queues on ${onRedis ? 'a Redis of its own' : 'PostgreSQL'}, real PostgreSQL)`, () => {
  let redis: OwnRedisServer;
  let t: TestApp;
  let wf: WorkflowFactory;
  let sql: TestSql;
  let workerEnv: Record<string, string>;
  const workers: WorkerProcess[] = [];
  let started = 0;

  beforeAll(async () => {
    if (onRedis) redis = await OwnRedisServer.start();
    t = await createTestApp({
      REDIS_URL: onRedis ? redis.url : '',
      RUN_WORKERS: 'false',
      COMMAND_WAIT_MS: '300',
      LOGIN_RATE_LIMIT: '1000',
      DATABASE_POOL_SIZE: '10',
    });
    wf = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
    workerEnv = {
      ...t.env,
      RUN_WORKERS: 'true',
      LOG_LEVEL: 'info',
      // More jobs at once than pooled connections: applying a command must never wait for a
      // second connection while its transaction holds one (it once deadlocked here).
      DATABASE_POOL_SIZE: '5',
      WORKER_CONCURRENCY: '8',
      // A killed worker's jobs are found stalled within seconds, not BullMQ's default minute.
      WORKER_LOCK_MS: '1000',
      SWEEP_INTERVAL_MS: '300',
      SWEEP_GRACE_MS: '500',
    };
    // Sign everyone in up front: hashing passwords is slow on a loaded machine.
    await Promise.all(
      ['admin', 'auditor', 'mttq.huyen', 'danvan', 'btv']
        .concat(COMMUNES.flatMap((c) => [`mttq.${c}`, `dangu.${c}`]))
        .map((username) => t.login(username)),
    );
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await sql?.close();
    await t?.close();
    await redis?.stop();
  });

  async function startWorker(): Promise<WorkerProcess> {
    started += 1;
    const worker = await WorkerProcess.start(`worker-${started}`, workerEnv);
    workers.push(worker);
    return worker;
  }

  async function pendingCount(): Promise<number> {
    return sql.count(`SELECT count(*) FROM workflow_commands WHERE status = 'pending'`);
  }

  async function waitUntilNothingPending(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await pendingCount()) > 0) {
      if (Date.now() > deadline) {
        const tails = workers.map((w) => `${w.name} alive=${w.alive}\n${w.tail()}`).join('\n');
        throw new Error(`${await pendingCount()} commands still pending\n${tails}`);
      }
      await sleep(100);
    }
  }

  async function redisKeyCount(): Promise<number> {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      return await client.dbsize();
    } finally {
      client.disconnect();
    }
  }

  /** Every instance's version equals its history's length, and the whole store verifies. */
  async function expectStoreConsistent(): Promise<void> {
    const mismatched = await sql.rows<{ id: string; version: number; events: string }>(
      `SELECT i.id, i.version, count(h.seq) AS events
         FROM workflow_instances i LEFT JOIN history_events h ON h.instance_id = i.id
        GROUP BY i.id, i.version HAVING i.version <> count(h.seq)`,
    );
    expect(mismatched).toEqual([]);
    const verified = await wf.verify();
    expect(verified.ok).toBe(true);
    expect(verified.firstBroken).toBeUndefined();
  }

  (onRedis ? it : it.skip)(
    'applies every accepted command exactly once after Redis lost every key',
    async () => {
      const instances: string[] = [];
      for (let n = 0; n < 12; n += 1) {
        const commune = COMMUNES[n % COMMUNES.length];
        instances.push(
          (await wf.create(`mttq.${commune}`, 'regulation-review', `${commune}.mttq`)).id,
        );
      }
      const submit = await wf.sample('regulation-review.SUBMIT');
      const accepted: Array<{ instanceId: string; commandId: string; username: string }> = [];
      const sendSubmit = async (instanceId: string, index: number): Promise<void> => {
        const username = `mttq.${COMMUNES[index % COMMUNES.length]}`;
        const res = await wf.send(await wf.token(username), instanceId, 'SUBMIT', submit);
        // No worker runs: every command is recorded and queued, none applied within the wait.
        expect(res.status).toBe(202);
        accepted.push({
          instanceId,
          username,
          commandId: (res.body as CommandAcceptedBody).commandId,
        });
      };
      for (const [index, id] of instances.slice(0, 8).entries()) await sendSubmit(id, index);
      expect(await redisKeyCount()).toBeGreaterThan(0);

      await redis.flushAll();
      expect(await redisKeyCount()).toBe(0);
      // The API keeps accepting commands on the emptied Redis.
      for (const [index, id] of instances.slice(8).entries()) await sendSubmit(id, index + 8);
      expect(await pendingCount()).toBe(12);
      await redis.flushAll();

      const worker = await startWorker();
      await waitUntilNothingPending(30_000);

      for (const { instanceId, commandId, username } of accepted) {
        const outcome = await wf.waitForCommand(await wf.token(username), commandId, 1000);
        expect(outcome).toMatchObject({ status: 'applied', instanceVersion: 2 });
        const instance = await wf.read('auditor', instanceId);
        expect(instance).toMatchObject({ state: 'communeReview', version: 2 });
        const history = await wf.history('auditor', instanceId);
        expect(history.filter((event) => event.commandId === commandId)).toHaveLength(1);
      }
      expect(
        await sql.count(`SELECT count(*) FROM history_events WHERE command_id = ANY($1::uuid[])`, [
          accepted.map((entry) => entry.commandId),
        ]),
      ).toBe(accepted.length);
      await expectStoreConsistent();
      console.log(
        `Redis flushed twice with ${accepted.length} commands pending: all ${accepted.length} applied once after the sweep`,
      );
      await worker.stop();
    },
  );

  // A guard for a loaded machine; it takes about half of this alone.
  const STREAM_TIMEOUT_MS = 120_000;
  it(
    'loses and doubles nothing while worker processes are killed with SIGKILL mid-stream',
    async () => {
      const begun = Date.now();
      const ledger: LedgerEntry[] = [];
      let keySeq = 0;
      const submit = await wf.sample('regulation-review.SUBMIT');

      // 30 commune reviews (with a return to the commune step) and 6 district ones.
      const routes: Array<{ instanceId: string; steps: Step[] }> = [];
      for (let n = 0; n < 36; n += 1) {
        if (n % 6 === 5) {
          const { id } = await wf.create('mttq.huyen', 'regulation-review', 'mttq-huyen');
          routes.push({
            instanceId: id,
            steps: [
              { username: 'mttq.huyen', type: 'SUBMIT', data: submit },
              { username: 'danvan', type: 'APPROVE' },
              { username: 'btv', type: 'APPROVE', data: { opinion: 'Ban hành.' } },
            ],
          });
        } else {
          const commune = COMMUNES[n % COMMUNES.length];
          const { id } = await wf.create(`mttq.${commune}`, 'regulation-review', `${commune}.mttq`);
          routes.push({
            instanceId: id,
            steps: [
              { username: `mttq.${commune}`, type: 'SUBMIT', data: submit },
              { username: `dangu.${commune}`, type: 'APPROVE' },
              {
                username: 'danvan',
                type: 'RETURN',
                data: { returnTo: 'communeReview' },
                comment: 'Đảng ủy xã cho ý kiến lại.',
              },
              { username: `dangu.${commune}`, type: 'APPROVE' },
              { username: 'danvan', type: 'APPROVE' },
              { username: 'btv', type: 'APPROVE' },
            ],
          });
        }
      }

      await Promise.all([startWorker(), startWorker()]);
      // BullMQ reports each job it takes back from a dead worker (its lock lapsed) as stalled.
      const probe = await openQueueProbe(
        COMMANDS_QUEUE,
        { REDIS_URL: t.env.REDIS_URL, DATABASE_URL: t.databaseUrl, QUEUE_PREFIX: t.queuePrefix },
        true,
      );
      let stalled = 0;
      probe.on('stalled', () => {
        stalled += 1;
      });

      /**
       * Sends one command; follows a 202 until it is decided. True when it was applied. A second
       * copy of a step may be refused outright (409, or 403/422 once the first moved the instance).
       */
      const sendStep = async (instanceId: string, step: Step, copy = false): Promise<boolean> => {
        keySeq += 1;
        const key = `ledger-${keySeq}`;
        const token = await wf.token(step.username);
        const res = await wf.send(token, instanceId, step.type, step.data, step.comment, {
          'Idempotency-Key': key,
        });
        const entry: LedgerEntry = {
          key,
          instanceId,
          type: step.type,
          username: step.username,
          status: res.status,
        };
        ledger.push(entry);
        if (res.status === 200) return true;
        if (res.status === 409 || (copy && (res.status === 403 || res.status === 422)))
          return false;
        if (res.status !== 202) {
          throw new Error(
            `${step.type} by ${step.username}: ${res.status} ${JSON.stringify(res.body)}`,
          );
        }
        entry.commandId = (res.body as CommandAcceptedBody).commandId;
        const outcome: CommandStatusBody = await wf.waitForCommand(token, entry.commandId, 60_000);
        return outcome.status === 'applied';
      };

      /** Walks one instance's route; now and then sends a step twice at once, as a double click. */
      const walk = async (route: { instanceId: string; steps: Step[] }, lane: number) => {
        for (const [index, step] of route.steps.entries()) {
          const double = (lane + index) % 5 === 0;
          const results = await Promise.all(
            double
              ? [sendStep(route.instanceId, step), sendStep(route.instanceId, step, true)]
              : [sendStep(route.instanceId, step)],
          );
          if (!results.includes(true)) {
            throw new Error(`No ${step.type} applied on ${route.instanceId} at step ${index}`);
          }
        }
      };

      // The killer: after every ~40 accepted commands, SIGKILL a running worker and start another.
      let streaming = true;
      let kills = 0;
      const replacements: Array<Promise<unknown>> = [];
      const killer = (async () => {
        let nextKillAt = 25;
        while (streaming) {
          const accepted = ledger.filter((e) => e.status === 200 || e.status === 202).length;
          const alive = workers.filter((w) => w.alive);
          // Kill while jobs are in flight, so the kill cuts them off.
          if (accepted >= nextKillAt && alive.length > 0 && (await probe.activeCount()) > 0) {
            const victim = alive[kills % alive.length];
            await victim.kill();
            kills += 1;
            nextKillAt += 40;
            // The replacement boots while the stream goes on; commands wait for it in Redis.
            replacements.push(startWorker());
          }
          await sleep(50);
        }
      })();

      // Twelve instances at a time, each walking its route to the end.
      const queue = [...routes.entries()];
      try {
        await Promise.all(
          Array.from({ length: 12 }, async () => {
            for (let next = queue.shift(); next; next = queue.shift()) {
              await walk(next[1], next[0]);
            }
          }),
        );
      } finally {
        streaming = false;
        await killer;
        await probe.close();
        // A worker that failed to boot fails the test here, not silently.
        await Promise.all(replacements);
      }
      const streamed = Date.now();
      if (!workers.some((w) => w.alive)) await startWorker();
      await waitUntilNothingPending(40_000);
      const drained = Date.now();

      // Every accepted command (200 or 202) was recorded and decided, exactly once.
      const keys = ledger.map((entry) => entry.key);
      const recorded = await sql.rows<{
        id: string;
        key: string;
        status: string;
        instance_id: string;
      }>(
        `SELECT c.id, c.idempotency_key AS key, c.status, c.instance_id FROM workflow_commands c
        WHERE c.instance_id = ANY($1::uuid[])`,
        [routes.map((route) => route.instanceId)],
      );
      const byKey = new Map(recorded.map((row) => [row.key, row]));
      // Nothing was recorded that the client did not send.
      expect(recorded.filter((row) => !keys.includes(row.key))).toEqual([]);
      const accepted = ledger.filter((entry) => entry.status === 200 || entry.status === 202);
      // A refused command was never applied (a 409 may have been recorded and rejected).
      for (const entry of ledger.filter((e) => e.status !== 200 && e.status !== 202)) {
        expect(['rejected', undefined]).toContain(byKey.get(entry.key)?.status);
      }
      for (const entry of accepted) {
        const row = byKey.get(entry.key);
        expect({ key: entry.key, recorded: row !== undefined }).toEqual({
          key: entry.key,
          recorded: true,
        });
        if (entry.status === 200) expect(row?.status).toBe('applied');
        if (entry.commandId) expect(row?.id).toBe(entry.commandId);
        expect(['applied', 'rejected']).toContain(row?.status);
      }
      // A history row per applied command, none for a rejected one, none twice.
      const events = await sql.rows<{ command_id: string; n: string }>(
        `SELECT command_id, count(*) AS n FROM history_events
        WHERE command_id = ANY($1::uuid[]) GROUP BY command_id`,
        [recorded.map((row) => row.id)],
      );
      expect(events.filter((event) => Number(event.n) !== 1)).toEqual([]);
      const applied = recorded.filter((row) => row.status === 'applied');
      expect(new Set(events.map((event) => event.command_id))).toEqual(
        new Set(applied.map((row) => row.id)),
      );
      // Every route reached its end, each step exactly once.
      for (const route of routes) {
        const instance: InstanceBody = await wf.read('auditor', route.instanceId);
        expect(instance).toMatchObject({
          state: 'promulgated',
          status: 'completed',
          version: route.steps.length + 1,
        });
      }
      await expectStoreConsistent();

      const count = (status: number) => ledger.filter((entry) => entry.status === status).length;
      console.log(
        [
          `SIGKILL stream: ${ledger.length} commands sent over ${routes.length} instances`,
          `accepted ${accepted.length} (200: ${count(200)}, 202: ${count(202)})`,
          `refused ${ledger.length - accepted.length} (409: ${count(409)}, 403: ${count(403)}, 422: ${count(422)})`,
          `recorded ${recorded.length}: applied ${applied.length}, rejected ${recorded.length - applied.length}`,
          `${kills} workers killed with SIGKILL (${stalled} jobs taken back from them), ${started} started in all (boot ${workers.map((w) => (w.bootMs / 1000).toFixed(1)).join('/')} s)`,
          `stream ${((streamed - begun) / 1000).toFixed(1)} s, drained ${((drained - streamed) / 1000).toFixed(1)} s`,
          `in ${((Date.now() - begun) / 1000).toFixed(1)} s`,
        ].join('; '),
      );
      expect(kills).toBeGreaterThanOrEqual(3);
      // The kills did cut jobs off mid-flight, and other workers finished them.
      expect(stalled).toBeGreaterThanOrEqual(1);
      expect(accepted.length).toBeGreaterThanOrEqual(200);
    },
    STREAM_TIMEOUT_MS,
  );
});
