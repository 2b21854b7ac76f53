import { randomBytes } from 'node:crypto';
import { type Pool, type PoolClient } from 'pg';
import { pgPool } from './pg';
import { searchableText } from '../../src/common/text/fold-diacritics';
import { type UsageMonitor, type WindowUsage } from './monitor';
import { type LatencySummary, round, summarize } from './stats';
import { type JsonObject } from '../../src/common/json/json.types';

/**
 * The physical baseline: per "command", the rows the engine writes, by plain `pg` from Node, with no
 * queue, no HTTP and no framework, in one transaction: insert the command, lock the instance row,
 * append a history event, update the instance (same snapshot, data and search text sizes), close
 * the open task and open the next, mark the command applied. What PostgreSQL on this machine can
 * commit for that shape, at the same concurrency as the engine.
 */
export interface BaselineTemplate {
  instanceId: string;
  actorId: string;
  actorUsername: string;
  actorOrgUnitId: string;
  assigneeUnitId: string;
  submitForm: JsonObject;
}

export interface BaselineLevel {
  concurrency: number;
  /** With `SELECT pg_notify(...)` in each transaction, as the engine's worker does. */
  notify: boolean;
  seconds: number;
  committed: number;
  throughput: number;
  latency: LatencySummary;
  errors: number;
  errorSamples: string[];
  usage?: WindowUsage;
}

interface Row {
  id: string;
  version: number;
  history_head: string;
}

const APPROVE_DATA = { opinion: 'Đồng ý nội dung rà soát.' };

const TYPES = ['SUBMIT', 'WITHDRAW', 'SUBMIT', 'APPROVE', 'APPROVE', 'RETURN'] as const;
const STATES = [
  'draft',
  'communeReview',
  'draft',
  'communeReview',
  'boardReview',
  'committeeReview',
];

export class Baseline {
  private constructor(
    private readonly pool: Pool,
    private readonly instanceIds: string[],
    private readonly template: BaselineTemplate,
    private readonly snapshot: string,
    private readonly data: string,
    private readonly searchText: string,
    /** Whether history rows carry the folded text audit search reads (the product fills it). */
    private readonly historySearchText: boolean,
  ) {
    this.searchTexts = {
      SUBMIT: searchableText(template.submitForm),
      APPROVE: searchableText(APPROVE_DATA),
      WITHDRAW: '',
      RETURN: '',
    };
  }

  /** The folded text of each command's history row, computed once (the product folds per row). */
  private readonly searchTexts: Record<string, string>;

  /** Copies the template instance `lanes` times (rows of its own, so no lock is shared with it). */
  static async prepare(
    databaseUrl: string,
    template: BaselineTemplate,
    lanes: number,
    poolSize: number,
  ): Promise<Baseline> {
    const pool = pgPool({
      connectionString: databaseUrl,
      max: poolSize,
      application_name: 'dwf-bench-baseline',
    });
    const source = await pool.query<{ snapshot: unknown; data: unknown; search_text: string }>(
      `SELECT snapshot, data, search_text FROM workflow_instances WHERE id = $1`,
      [template.instanceId],
    );
    if (source.rowCount !== 1) throw new Error('baseline template instance not found');
    const copies = await pool.query<{ id: string }>(
      `INSERT INTO workflow_instances (definition_id, definition_key, definition_version, org_unit_id,
          title, state, status, version, snapshot, data, history_head, search_text, created_by)
       SELECT definition_id, definition_key, definition_version, org_unit_id,
              title || ' (baseline ' || g || ')', state, status, 1, snapshot, data,
              history_head, search_text, created_by
         FROM workflow_instances, generate_series(1, $2) g
        WHERE id = $1
       RETURNING id`,
      [template.instanceId, lanes],
    );
    const ids = copies.rows.map((r) => r.id);
    await pool.query(
      `INSERT INTO workflow_tasks (instance_id, state, assignee_unit_id, capability, status, due_at)
       SELECT id, 'draft', $2, 'drafter', 'open', now() + interval '15 days'
         FROM unnest($1::uuid[]) id`,
      [ids, template.assigneeUnitId],
    );
    const columns = await pool.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'history_events'`,
    );
    const row = source.rows[0];
    return new Baseline(
      pool,
      ids,
      template,
      JSON.stringify(row.snapshot),
      JSON.stringify(row.data),
      row.search_text,
      columns.rows.some((c) => c.column_name === 'search_text'),
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async once(
    client: PoolClient,
    instanceId: string,
    step: number,
    notify: boolean,
  ): Promise<void> {
    const t = this.template;
    const type = TYPES[step % TYPES.length];
    const searchTexts = this.searchTexts;
    const data =
      type === 'SUBMIT'
        ? JSON.stringify(t.submitForm)
        : type === 'APPROVE'
          ? JSON.stringify(APPROVE_DATA)
          : null;
    const now = new Date();
    await client.query('BEGIN');
    try {
      const command = await client.query<{ id: string }>(
        `INSERT INTO workflow_commands (instance_id, type, data, comment, actor_id, expected_version)
         VALUES ($1, $2, $3, NULL, $4, NULL) RETURNING id`,
        [instanceId, type, data, t.actorId],
      );
      const commandId = command.rows[0].id;
      const locked = await client.query<Row>(
        `SELECT id, version, history_head FROM workflow_instances WHERE id = $1 FOR UPDATE`,
        [instanceId],
      );
      const { version, history_head: prevHash } = locked.rows[0];
      const hash = randomBytes(32).toString('hex');
      await client.query(
        `INSERT INTO history_events (instance_id, seq, type, from_state, to_state, actor_id,
           actor_username, actor_org_unit_id, on_behalf_of_id, data, comment, command_id, at, prev_hash, hash
           ${this.historySearchText ? ', search_text' : ''})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, NULL, $10, $11, $12, $13
           ${this.historySearchText ? ', $14' : ''})`,
        [
          instanceId,
          version + 1,
          type,
          STATES[step % STATES.length],
          STATES[(step + 1) % STATES.length],
          t.actorId,
          t.actorUsername,
          t.actorOrgUnitId,
          data,
          commandId,
          now,
          prevHash,
          hash,
          ...(this.historySearchText ? [searchTexts[type]] : []),
        ],
      );
      await client.query(
        `UPDATE workflow_instances
            SET state = $2, status = 'active', version = $3, snapshot = $4, data = $5,
                history_head = $6, search_text = $7, updated_at = $8
          WHERE id = $1`,
        [
          instanceId,
          STATES[(step + 1) % STATES.length],
          version + 1,
          this.snapshot,
          this.data,
          hash,
          this.searchText,
          now,
        ],
      );
      await client.query(
        `UPDATE workflow_tasks SET status = 'done', closed_at = $2, closed_by = $3
          WHERE instance_id = $1 AND status = 'open'`,
        [instanceId, now, t.actorId],
      );
      await client.query(
        `INSERT INTO workflow_tasks (instance_id, state, assignee_unit_id, capability, status, due_at, created_at)
         VALUES ($1, $2, $3, 'approver', 'open', $4, $5)`,
        [
          instanceId,
          STATES[(step + 1) % STATES.length],
          t.assigneeUnitId,
          new Date(now.getTime() + 7 * 86_400_000),
          now,
        ],
      );
      await client.query(
        `UPDATE workflow_commands SET status = 'applied', instance_version = $2, processed_at = $3
          WHERE id = $1`,
        [commandId, version + 1, now],
      );
      if (notify) await client.query('SELECT pg_notify($1, $2)', ['dwf_bench_baseline', commandId]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** `concurrency` connections, each committing its next transaction as soon as the last one is done. */
  async run(
    concurrency: number,
    warmupMs: number,
    measureMs: number,
    notify = false,
    monitor?: UsageMonitor,
  ): Promise<BaselineLevel> {
    const latencies: number[] = [];
    const errorSamples: string[] = [];
    let errors = 0;
    const begin = performance.now();
    const windowStart = begin + warmupMs;
    const windowEnd = windowStart + measureMs;
    const startMonitor = setTimeout(() => monitor?.start(), warmupMs);
    const users = Array.from({ length: concurrency }, async (_, user) => {
      const mine = this.instanceIds.filter((_, i) => i % concurrency === user);
      const client = await this.pool.connect();
      try {
        for (let turn = 0; performance.now() < windowEnd; turn++) {
          const instanceId = mine[turn % mine.length];
          const started = performance.now();
          let failed = false;
          try {
            await this.once(client, instanceId, Math.floor(turn / mine.length), notify);
          } catch (error) {
            failed = true;
            if (errorSamples.length < 5) errorSamples.push((error as Error).message);
          }
          const done = performance.now();
          if (done < windowStart || done > windowEnd) continue;
          if (failed) errors++;
          else latencies.push(done - started);
        }
      } finally {
        client.release();
      }
    });
    await Promise.all(users);
    clearTimeout(startMonitor);
    const usage = monitor ? await monitor.stop() : undefined;
    const seconds = measureMs / 1000;
    return {
      concurrency,
      notify,
      seconds,
      committed: latencies.length,
      throughput: round(latencies.length / seconds, 1),
      latency: summarize(latencies),
      errors,
      errorSamples,
      ...(usage ? { usage } : {}),
    };
  }
}
