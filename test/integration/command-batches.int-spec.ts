import { Client } from 'pg';
import { CommandApplier } from '../../src/modules/commands/command-applier.service';
import { WorkflowFactory, expectStatus } from '../factories/workflow-factory';
import { type CommandAcceptedBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';

/**
 * The worker's batches, driven by hand: no worker runs in this app, so commands stay pending
 * until the test hands their ids to {@link CommandApplier.applyBatch}, as the batcher would.
 */
describe('command batches (real PostgreSQL)', () => {
  let t: TestApp;
  let wf: WorkflowFactory;
  let sql: TestSql;
  let owner: TestSql;
  let applier: CommandApplier;
  let listener: Client;
  const notices: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKERS: 'false', COMMAND_WAIT_MS: '0' });
    wf = new WorkflowFactory(t);
    sql = await TestSql.connect(t.databaseUrl);
    owner = await TestSql.connect(t.ownerDatabaseUrl);
    applier = t.app.get(CommandApplier);
    listener = new Client({ connectionString: t.databaseUrl });
    await listener.connect();
    listener.on('notification', (message) => notices.push(message.payload ?? ''));
    await listener.query('LISTEN workflow_command_outcome');
  });
  afterAll(async () => {
    await listener.end();
    await owner.close();
    await sql.close();
    await t.close();
  });

  async function drafts(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let n = 0; n < count; n += 1) {
      const { id } = await wf.create('mttq.an-binh', 'regulation-review', 'an-binh.mttq');
      ids.push(id);
    }
    return ids;
  }

  /** Records a command without applying it; its id. */
  async function record(
    instanceId: string,
    type: string,
    extra: { expectedVersion?: number } = {},
  ): Promise<string> {
    const data = type === 'SUBMIT' ? await wf.sample('regulation-review.SUBMIT') : undefined;
    const res = await wf.send(
      await t.login('mttq.an-binh'),
      instanceId,
      type,
      data,
      undefined,
      {},
      extra,
    );
    expectStatus(res, 202, `${type} recorded`);
    return (res.body as CommandAcceptedBody).commandId;
  }

  async function statusOf(commandId: string): Promise<{ status: string; processed_at: Date }> {
    const [row] = await sql.rows<{ status: string; processed_at: Date }>(
      `SELECT status, processed_at FROM workflow_commands WHERE id = $1`,
      [commandId],
    );
    return row;
  }

  async function expectChained(instanceId: string, version: number): Promise<void> {
    const consistency = await wf.consistency(instanceId);
    expect(consistency.verified.ok).toBe(true);
    expect(consistency.version).toBe(version);
    expect(consistency.historyLength).toBe(version);
  }

  it('decides the commands of many instances in one transaction, each instance in order', async () => {
    const instances = await drafts(6);
    const submits: string[] = [];
    for (const id of instances) submits.push(await record(id, 'SUBMIT'));
    // Behind the SUBMITs of the first two instances, a second one on the version before (implicit
    // and explicit): decided in a later round, after the first moved the instance on, so refused.
    const later = await record(instances[0], 'SUBMIT');
    const stale = await record(instances[1], 'SUBMIT', { expectedVersion: 1 });
    notices.length = 0;

    const failures = await applier.applyBatch([later, stale, ...submits]);

    expect([...failures.keys()]).toEqual([]);
    const submitted: Array<{ status: string; processed_at: Date }> = [];
    for (const id of submits) submitted.push(await statusOf(id));
    expect(submitted.map((row) => row.status)).toEqual(submits.map(() => 'applied'));
    // One round decided them all: one `now`, one transaction.
    expect(new Set(submitted.map((row) => row.processed_at.getTime())).size).toBe(1);
    expect((await statusOf(later)).status).toBe('rejected');
    expect((await statusOf(stale)).status).toBe('rejected');
    expect((await statusOf(later)).processed_at.getTime()).toBeGreaterThan(
      submitted[0].processed_at.getTime(),
    );

    for (const id of instances) await expectChained(id, 2);
    const openTasks = await sql.rows<{ instance_id: string; count: string }>(
      `SELECT instance_id, count(*) FROM workflow_tasks
        WHERE instance_id = ANY($1::uuid[]) AND status = 'open' GROUP BY instance_id`,
      [instances],
    );
    expect(openTasks.map((row) => Number(row.count))).toEqual(instances.map(() => 1));
    // Each new task was announced to its unit, in the batch's statement.
    expect(
      await sql.count(
        `SELECT count(DISTINCT n.task_id) FROM notifications n JOIN workflow_tasks t ON t.id = n.task_id
          WHERE t.instance_id = ANY($1::uuid[]) AND t.status = 'open' AND n.kind = 'new-task'`,
        [instances],
      ),
    ).toBe(instances.length);
    // Every event written by the batch waits for, or is in, the transparency log.
    expect(
      await sql.count(
        `SELECT count(*) FROM history_events h WHERE h.instance_id = ANY($1::uuid[])
            AND NOT EXISTS (SELECT 1 FROM tlog_pending p WHERE p.history_event_id = h.id)
            AND NOT EXISTS (SELECT 1 FROM tlog_leaves l WHERE l.history_event_id = h.id)`,
        [instances],
      ),
    ).toBe(0);
    // Each outcome was announced once, with its status.
    await sql.rows('SELECT 1'); // a round trip, so the notifications have arrived
    const announced = notices.map(
      (payload) => JSON.parse(payload) as { id: string; status: string },
    );
    expect(announced.map((n) => n.id).sort()).toEqual([later, stale, ...submits].sort());
    expect(
      announced
        .filter((n) => n.status === 'rejected')
        .map((n) => n.id)
        .sort(),
    ).toEqual([later, stale].sort());

    // A re-delivered batch finds nothing pending and changes nothing.
    expect([...(await applier.applyBatch([later, ...submits])).keys()]).toEqual([]);
    await expectChained(instances[0], 2);
    await expectChained(instances[1], 2);
  });

  it('falls back to one command at a time when the batch fails: one bad command fails alone', async () => {
    const instances = await drafts(3);
    const commands: string[] = [];
    for (const id of instances) commands.push(await record(id, 'SUBMIT'));
    // History rows of the second instance are refused, as a broken write would be.
    await owner.rows(`
      CREATE FUNCTION test_refuse_history() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await owner.rows(
      `CREATE TRIGGER test_refuse_history BEFORE INSERT ON history_events FOR EACH ROW
         WHEN (NEW.instance_id = '${instances[1]}') EXECUTE FUNCTION test_refuse_history()`,
    );
    let failures: Map<string, unknown>;
    try {
      failures = await applier.applyBatch(commands);
    } finally {
      await owner.rows(`DROP TRIGGER test_refuse_history ON history_events`);
      await owner.rows(`DROP FUNCTION test_refuse_history()`);
    }

    expect([...failures.keys()]).toEqual([commands[1]]);
    expect((await statusOf(commands[0])).status).toBe('applied');
    expect((await statusOf(commands[1])).status).toBe('pending');
    expect((await statusOf(commands[2])).status).toBe('applied');
    await expectChained(instances[0], 2);
    await expectChained(instances[1], 1);
    await expectChained(instances[2], 2);

    // Its job's retry applies it.
    expect([...(await applier.applyBatch([commands[1]])).keys()]).toEqual([]);
    expect((await statusOf(commands[1])).status).toBe('applied');
    await expectChained(instances[1], 2);
  });
});
