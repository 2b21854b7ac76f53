import { Client } from 'pg';
import { COMMANDS_QUEUE, TIMERS_QUEUE } from '../../src/queue/queue.constants';
import { sampleForm } from '../../src/workflows/definitions/testing/sample-forms';
import { COMMUNES } from '../factories/workflow-factory';
import { OwnRedisServer, freePort } from '../utils/redis-server';
import { openQueueProbe, type QueueProbe, type QueueProbeSettings } from '../utils/queue-probe';
import {
  QUEUE_BACKEND,
  deleteKeys,
  prepareEnvironment,
  type TestEnvironment,
} from '../utils/test-app';
import { dropDatabase } from '../utils/test-database';
import { TestSql } from '../utils/test-sql';
import { WorkerProcess } from '../utils/worker-process';
import { ApiProcess, RetryingClient, sleep } from './fault-harness';
import { type JsonObject } from '../../src/common/json/json.types';

/** How many commands the whole stream sends (split evenly over the four fault phases). */
const TOTAL_COMMANDS = Number(process.env.FAULT_COMMANDS ?? 2000);
const LANES = Number(process.env.FAULT_LANES ?? 16);
const INSTANCES = Number(process.env.FAULT_INSTANCES ?? 32);
const DRAIN_TIMEOUT_MS = 60_000;
const PHASE_TIMEOUT_MS = 150_000;
const GRACE_MS = 1000;
/** A ts-node boot on a busy two-core machine can take a while. */
const BOOT_TIMEOUT_MS = 90_000;
/** The timer sweep queues every timer of the next 60 days, so each open step's are checkable. */
const TIMER_HORIZON_MS = 60 * 24 * 3_600_000;
/** QUEUE_BACKEND=postgres: the queues live in PostgreSQL; the Redis-loss phase does not apply. */
const onRedis = QUEUE_BACKEND === 'redis';

type Phase = 'worker-kills' | 'redis-loss' | 'pg-terminate' | 'api-restart';

/** One command as the client saw it, once it got a final answer. */
interface LedgerEntry {
  key: string;
  username: string;
  instanceId: string;
  type: string;
  status: number;
  commandId?: string;
  phase: Phase;
}

interface Lane {
  id: string;
  commune: string;
  state: string;
  cycles: number;
  /** Ends with SUBMIT + APPROVE by the commune's Party committee, then leaves the stream. */
  approveAfter?: number;
}

/**
 * The fault suite: a stream of thousands of commands over HTTP to an API process, applied by two
 * worker processes, while workers are SIGKILLed, Redis is flushed and restarted, PostgreSQL
 * backends are terminated and the API is restarted. After each phase every accepted command must
 * be decided exactly once, every chain must verify, nothing may be stuck, every timer present.
 */
describe(`fault suite (API and workers as processes, queues on ${onRedis ? 'an own Redis' : 'PostgreSQL'}, real PostgreSQL)`, () => {
  let redis: OwnRedisServer;
  let environment: TestEnvironment;
  let sql: TestSql;
  let api: ApiProcess | undefined;
  let apiEnv: Record<string, string>;
  let workerEnv: Record<string, string>;
  let port: number;
  const workers: WorkerProcess[] = [];
  const apis: ApiProcess[] = [];
  const ledger: LedgerEntry[] = [];
  const tokens = new Map<string, string>();
  const lanes: Lane[] = [];
  const client = new RetryingClient(() => api?.url ?? 'http://127.0.0.1:1');
  const counts = {
    kills: 0,
    stalledJobs: 0,
    workerStarts: 0,
    apiRestarts: 0,
    redisFlushes: 0,
    redisRestarts: 0,
  };
  let terminatedBackends = 0;
  let keySeq = 0;
  let submit: JsonObject;
  const begun = Date.now();

  let queueSettings: QueueProbeSettings;
  let commandsProbe: QueueProbe | undefined;
  let timersProbe: QueueProbe | undefined;

  beforeAll(async () => {
    if (onRedis) redis = await OwnRedisServer.start();
    port = await freePort();
    const redisUrl = onRedis ? redis.url : '';
    environment = await prepareEnvironment({ REDIS_URL: redisUrl });
    sql = await TestSql.connect(environment.databaseUrl);
    queueSettings = {
      REDIS_URL: redisUrl,
      DATABASE_URL: environment.databaseUrl,
      QUEUE_PREFIX: environment.queuePrefix,
    };
    const common = {
      ...environment.env,
      REDIS_URL: redisUrl,
      SWEEP_INTERVAL_MS: '500',
      SWEEP_GRACE_MS: String(GRACE_MS),
      TIMER_SWEEP_INTERVAL_MS: '1000',
      TIMER_QUEUE_HORIZON_MS: String(TIMER_HORIZON_MS),
    };
    apiEnv = {
      ...common,
      RUN_WORKERS: 'false',
      COMMAND_WAIT_MS: '300',
      LOGIN_RATE_LIMIT: '100000',
      LOGIN_RATE_LIMIT_PER_ADDRESS: '100000',
      DATABASE_POOL_SIZE: '10',
      LOG_LEVEL: 'warn',
    };
    workerEnv = {
      ...common,
      RUN_WORKERS: 'true',
      LOG_LEVEL: 'info',
      DATABASE_POOL_SIZE: '6',
      WORKER_CONCURRENCY: '8',
      WORKER_LOCK_MS: '1000',
    };
    // One at a time: three ts-node boots at once can outlast a boot timeout on a busy machine.
    api = await startApi();
    await startWorker();
    await startWorker();

    const users = ['admin', 'auditor'].concat(COMMUNES.flatMap((c) => [`mttq.${c}`, `dangu.${c}`]));
    for (const username of users) {
      const res = await client.call('POST', '/api/auth/login', undefined, {
        username,
        password: 'demo',
      });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      tokens.set(username, (res.body as { accessToken: string }).accessToken);
    }
    const units = await client.call('GET', '/api/org-units', token('admin'));
    const unitIds = new Map(
      (units.body as Array<{ id: string; slug: string }>).map((u) => [u.slug, u.id]),
    );
    submit = sampleForm('regulation-review.SUBMIT');
    for (let n = 0; n < INSTANCES; n += 1) {
      const commune = COMMUNES[n % COMMUNES.length];
      const res = await client.call('POST', '/api/instances', token(`mttq.${commune}`), {
        definitionKey: 'regulation-review',
        orgUnitId: unitIds.get(`${commune}.mttq`),
        title: `Kiểm thử sự cố số ${n + 1}`,
      });
      if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
      const { id, state } = res.body as { id: string; state: string };
      lanes.push({
        id,
        commune,
        state,
        cycles: 0,
        ...(n % 8 === 7 ? { approveAfter: 2 + n } : {}),
      });
    }
  }, 180_000);

  afterAll(async () => {
    const children: Array<Promise<void>> = [
      ...workers.map((w) => w.kill()),
      ...apis.map((a) => a.kill()),
    ];
    await Promise.allSettled(children);
    await commandsProbe?.close().catch(() => undefined);
    await timersProbe?.close().catch(() => undefined);
    await sql?.close().catch(() => undefined);
    if (environment) await dropDatabase(environment.databaseName).catch(() => undefined);
    if (redis) {
      if (environment) {
        await deleteKeys(redis.url, `${environment.queuePrefix}:*`).catch(() => undefined);
      }
      await redis.stop();
    }
  }, 60_000);

  function token(username: string): string {
    const value = tokens.get(username);
    if (!value) throw new Error(`No token for ${username}`);
    return value;
  }

  async function startApi(): Promise<ApiProcess> {
    const started = await ApiProcess.start(port, apiEnv);
    apis.push(started);
    return started;
  }

  async function startWorker(): Promise<WorkerProcess> {
    counts.workerStarts += 1;
    const worker = await WorkerProcess.start(
      `worker-${counts.workerStarts}`,
      workerEnv,
      BOOT_TIMEOUT_MS,
    );
    workers.push(worker);
    return worker;
  }

  function accepted(entries: LedgerEntry[] = ledger): LedgerEntry[] {
    return entries.filter((e) => e.status === 200 || e.status === 202);
  }

  /** Polls the command until it is decided; then reads the instance's state. */
  async function settle(lane: Lane, entry: LedgerEntry): Promise<void> {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    for (;;) {
      const res = await client.call(
        'GET',
        `/api/commands/${entry.commandId}`,
        token(entry.username),
      );
      if (res.status !== 200) throw new Error(`command status: ${res.status}`);
      if ((res.body as { status: string }).status !== 'pending') break;
      if (Date.now() > deadline) throw new Error(`Command ${entry.commandId} still pending`);
      await sleep(100);
    }
    await refresh(lane);
  }

  async function refresh(lane: Lane): Promise<void> {
    const res = await client.call('GET', `/api/instances/${lane.id}`, token('auditor'));
    if (res.status !== 200) throw new Error(`read instance: ${res.status}`);
    lane.state = (res.body as { state: string }).state;
  }

  /** Sends the instance's next command; returns false once the instance has left the stream. */
  async function step(lane: Lane, phase: Phase): Promise<boolean> {
    let username = `mttq.${lane.commune}`;
    let type: string;
    let data: JsonObject | undefined;
    if (lane.state === 'draft') {
      type = 'SUBMIT';
      data = submit;
    } else if (lane.state === 'communeReview') {
      if (lane.approveAfter !== undefined && lane.cycles >= lane.approveAfter) {
        type = 'APPROVE';
        username = `dangu.${lane.commune}`;
      } else {
        type = 'WITHDRAW';
        lane.cycles += 1;
      }
    } else {
      return false;
    }
    keySeq += 1;
    const key = `fault-${keySeq}`;
    const res = await client.call(
      'POST',
      `/api/instances/${lane.id}/commands`,
      token(username),
      { type, ...(data ? { data } : {}) },
      { 'Idempotency-Key': key },
    );
    const entry: LedgerEntry = {
      key,
      username,
      instanceId: lane.id,
      type,
      status: res.status,
      phase,
    };
    ledger.push(entry);
    if (res.status === 200) lane.state = (res.body as { state: string }).state;
    else if (res.status === 202) {
      entry.commandId = (res.body as { commandId: string }).commandId;
      await settle(lane, entry);
    } else if (res.status === 409 || res.status === 422 || res.status === 403) {
      await refresh(lane);
    } else {
      throw new Error(`${type} by ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return true;
  }

  /**
   * Streams `count` commands over the lanes while `inject` runs; `progress` is how far through
   * the segment the stream is (0..1).
   */
  async function stream(
    phase: Phase,
    count: number,
    inject: (progress: () => number, streaming: () => boolean) => Promise<void>,
  ): Promise<void> {
    const start = ledger.length;
    let active = true;
    const progress = (): number => (ledger.length - start) / count;
    const injector = inject(progress, () => active);
    const live = (l: Lane): boolean => l.state === 'draft' || l.state === 'communeReview';
    let claimed = 0;
    try {
      await Promise.all(
        Array.from({ length: LANES }, async (_, laneNo) => {
          let turn = laneNo;
          while (claimed < count) {
            // Each instance belongs to one lane, so its commands are sequential.
            const mine = lanes.filter((l, i) => i % LANES === laneNo && live(l));
            if (mine.length === 0) return;
            claimed += 1;
            await step(mine[turn % mine.length], phase);
            turn += 1;
          }
        }),
      );
    } finally {
      active = false;
      await injector;
    }
  }

  /** Command jobs some worker holds right now (BullMQ's active jobs). */
  async function activeJobs(): Promise<number> {
    commandsProbe ??= await openQueueProbe(COMMANDS_QUEUE, queueSettings);
    return commandsProbe.activeCount();
  }

  async function pendingCount(): Promise<number> {
    return sql.count(`SELECT count(*) FROM workflow_commands WHERE status = 'pending'`);
  }

  async function waitUntilNothingPending(): Promise<void> {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while ((await pendingCount()) > 0) {
      if (Date.now() > deadline) {
        const tails = workers
          .filter((w) => w.alive)
          .map((w) => `${w.name}\n${w.tail()}`)
          .join('\n');
        throw new Error(`${await pendingCount()} commands still pending\n${tails}`);
      }
      await sleep(200);
    }
  }

  async function missingTimers(): Promise<{ checked: number; missing: string[] }> {
    const tasks = await sql.rows<{ id: string; reminder: boolean; escalation: boolean }>(
      `SELECT id,
              (remind_at IS NOT NULL AND reminded_at IS NULL AND overdue_at IS NULL) AS reminder,
              (due_at IS NOT NULL AND overdue_at IS NULL) AS escalation
         FROM workflow_tasks
        WHERE status = 'open' AND kind = 'step' AND due_at IS NOT NULL`,
    );
    timersProbe ??= await openQueueProbe(TIMERS_QUEUE, queueSettings);
    const missing: string[] = [];
    let checked = 0;
    for (const task of tasks) {
      const ids = [
        ...(task.reminder ? [`reminder-${task.id}`] : []),
        ...(task.escalation ? [`escalation-${task.id}`] : []),
      ];
      for (const jobId of ids) {
        checked += 1;
        if (!(await timersProbe.hasJob(jobId))) missing.push(jobId);
      }
    }
    return { checked, missing };
  }

  /** The invariants every phase ends on. */
  async function expectInvariants(phase: Phase): Promise<void> {
    await waitUntilNothingPending();
    expect(
      await sql.count(
        `SELECT count(*) FROM workflow_commands
          WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1 / 1000.0)`,
        [GRACE_MS],
      ),
    ).toBe(0);

    // Ledger against the commands PostgreSQL recorded.
    const recorded = await sql.rows<{ id: string; key: string; status: string }>(
      `SELECT id, idempotency_key AS key, status FROM workflow_commands`,
    );
    const byKey = new Map(recorded.map((row) => [row.key, row]));
    const keys = new Set(ledger.map((e) => e.key));
    // Nothing was recorded that the client did not send.
    expect(recorded.filter((row) => !keys.has(row.key)).map((r) => r.key)).toEqual([]);
    const problems: string[] = [];
    for (const entry of ledger) {
      const row = byKey.get(entry.key);
      if (entry.status === 200 || entry.status === 202) {
        if (!row) problems.push(`${entry.key}: accepted but not recorded`);
        else if (row.status !== 'applied' && row.status !== 'rejected')
          problems.push(`${entry.key}: ${row.status}`);
        else if (entry.status === 200 && row.status !== 'applied')
          problems.push(`${entry.key}: answered 200 but ${row.status}`);
        else if (entry.commandId && entry.commandId !== row.id)
          problems.push(`${entry.key}: answered ${entry.commandId}, recorded ${row.id}`);
      } else if (row?.status === 'applied') {
        problems.push(`${entry.key}: refused with ${entry.status} but applied`);
      }
    }
    expect(problems).toEqual([]);
    const acceptedIds = accepted()
      .map((e) => byKey.get(e.key)?.id)
      .filter((id): id is string => id !== undefined);

    // History against the ledger: once per applied command, never for anything else.
    expect(
      await sql.rows(
        `SELECT command_id, count(*) AS n FROM history_events
          WHERE command_id IS NOT NULL GROUP BY command_id HAVING count(*) > 1`,
      ),
    ).toEqual([]);
    expect(
      await sql.rows(
        `SELECT c.id, count(h.seq) AS n FROM workflow_commands c
           LEFT JOIN history_events h ON h.command_id = c.id
          GROUP BY c.id, c.status HAVING count(h.seq) <> (CASE WHEN c.status = 'applied' THEN 1 ELSE 0 END)`,
      ),
    ).toEqual([]);
    expect(
      await sql.rows(
        `SELECT instance_id, seq, type FROM history_events
          WHERE (command_id IS NULL AND type NOT IN ('CREATED', 'ATTACHMENT_ADDED'))
             OR (command_id IS NOT NULL AND NOT command_id = ANY($1::uuid[]))`,
        [acceptedIds],
      ),
    ).toEqual([]);

    // Every instance's version is its history's length, and every chain verifies.
    expect(
      await sql.rows(
        `SELECT i.id, i.version, count(h.seq) AS events
           FROM workflow_instances i LEFT JOIN history_events h ON h.instance_id = i.id
          GROUP BY i.id, i.version HAVING i.version <> count(h.seq)`,
      ),
    ).toEqual([]);
    const verify = await client.call('GET', '/api/audit/verify', token('auditor'));
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true });

    // Every open step with a deadline has its timers in Redis once the timer sweep has run.
    const deadline = Date.now() + 20_000;
    let timers = await missingTimers();
    while (timers.missing.length > 0 && Date.now() < deadline) {
      await sleep(500);
      timers = await missingTimers();
    }
    expect(timers.missing).toEqual([]);
    expect(timers.checked).toBeGreaterThan(0);

    const mine = ledger.filter((e) => e.phase === phase);
    console.log(
      `[fault ${phase}] sent ${mine.length}, accepted ${accepted(mine).length}; ` +
        `all ${accepted().length} accepted so far decided once; ${timers.checked} timers present; ${(Date.now() - begun) / 1000} s`,
    );
  }

  // Split over the phases that run: on PostgreSQL there is no Redis to lose.
  const SEGMENT = Math.ceil(TOTAL_COMMANDS / (onRedis ? 4 : 3));

  it(
    'survives worker processes SIGKILLed repeatedly',
    async () => {
      // BullMQ reports each job it takes back from a killed worker (its lock lapsed) as stalled.
      const queueEvents = await openQueueProbe(COMMANDS_QUEUE, queueSettings, true);
      queueEvents.on('stalled', () => {
        counts.stalledJobs += 1;
      });
      const replacements: Array<Promise<WorkerProcess>> = [];
      try {
        await stream('worker-kills', SEGMENT, async (progress, streaming) => {
          for (const at of [0.1, 0.3, 0.5, 0.7]) {
            while (streaming() && progress() < at) await sleep(50);
            if (!streaming()) return;
            const alive = workers.filter((w) => w.alive);
            if (alive.length === 0) continue;
            // Kill while command jobs are in flight (bounded), so the kill cuts them off.
            const waitUntil = Date.now() + 3000;
            while (streaming() && Date.now() < waitUntil && (await activeJobs()) === 0) {
              await sleep(20);
            }
            await alive[counts.kills % alive.length].kill();
            counts.kills += 1;
            // The replacement boots while the stream goes on; its jobs wait in Redis meanwhile.
            replacements.push(startWorker());
          }
        });
      } finally {
        // A replacement that failed to boot fails the phase here, not silently.
        await Promise.all(replacements);
      }
      await queueEvents.close();
      await expectInvariants('worker-kills');
      expect(counts.kills).toBeGreaterThanOrEqual(4);
    },
    PHASE_TIMEOUT_MS,
  );

  (onRedis ? it : it.skip)(
    'survives Redis flushed, then stopped and restarted on the same port',
    async () => {
      await stream('redis-loss', SEGMENT, async (progress, streaming) => {
        while (streaming() && progress() < 0.25) await sleep(50);
        if (!streaming()) return;
        await redis.flushAll();
        counts.redisFlushes += 1;
        while (streaming() && progress() < 0.6) await sleep(50);
        if (!streaming()) return;
        await redis.stop();
        await sleep(1500);
        await redis.start();
        counts.redisRestarts += 1;
      });
      await expectInvariants('redis-loss');
      expect(counts.redisRestarts).toBe(1);
    },
    PHASE_TIMEOUT_MS,
  );

  it(
    'survives PostgreSQL backends terminated mid-load',
    async () => {
      const admin = new Client({ connectionString: environment.ownerDatabaseUrl });
      await admin.connect();
      try {
        await stream('pg-terminate', SEGMENT, async (progress, streaming) => {
          for (const at of [0.2, 0.45, 0.7]) {
            while (streaming() && progress() < at) await sleep(50);
            if (!streaming()) return;
            // Every connection to the test database but this one and the test's own reader.
            const { rows } = await admin.query<{ terminated: boolean }>(
              `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
                WHERE datname = $1 AND pid <> pg_backend_pid() AND pid <> $2`,
              [environment.databaseName, await sqlPid()],
            );
            terminatedBackends += rows.filter((r) => r.terminated).length;
          }
        });
      } finally {
        await admin.end();
      }
      await expectInvariants('pg-terminate');
      expect(terminatedBackends).toBeGreaterThan(0);
    },
    PHASE_TIMEOUT_MS,
  );

  async function sqlPid(): Promise<number> {
    const [row] = await sql.rows<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return row.pid;
  }

  it(
    'survives the API process restarted (SIGTERM, then SIGKILL)',
    async () => {
      await stream('api-restart', SEGMENT, async (progress, streaming) => {
        for (const [index, at] of [0.3, 0.65].entries()) {
          while (streaming() && progress() < at) await sleep(50);
          if (!streaming()) return;
          const old = api;
          api = undefined;
          // The first time gracefully (SIGKILL only if it lingers), the second by SIGKILL.
          await old?.stop(index === 0 ? 5000 : 0);
          api = await startApi();
          counts.apiRestarts += 1;
        }
      });
      await expectInvariants('api-restart');
      expect(counts.apiRestarts).toBeGreaterThanOrEqual(1);

      const all = accepted();
      const outcomes = await sql.rows<{ status: string; n: string }>(
        `SELECT status, count(*) AS n FROM workflow_commands GROUP BY status`,
      );
      const n = (status: string): number =>
        Number(outcomes.find((o) => o.status === status)?.n ?? 0);
      console.log(
        `FAULT SUITE SUMMARY: sent ${ledger.length}, accepted ${all.length} ` +
          `(200: ${all.filter((e) => e.status === 200).length}, 202: ${all.filter((e) => e.status === 202).length}), ` +
          `applied ${n('applied')}, rejected ${n('rejected')}, pending ${n('pending')}; ` +
          `worker kills ${counts.kills} (${counts.stalledJobs} jobs taken back), worker starts ${counts.workerStarts}, ` +
          `redis flushes ${counts.redisFlushes}, redis restarts ${counts.redisRestarts}, ` +
          `terminated backends ${terminatedBackends}, API restarts ${counts.apiRestarts}, ` +
          `client retries ${client.retries}; ${((Date.now() - begun) / 1000).toFixed(1)} s`,
      );
      expect(all.length).toBeGreaterThanOrEqual(TOTAL_COMMANDS * 0.9);
    },
    PHASE_TIMEOUT_MS,
  );
});
