/**
 * `npm run bench:audit-verify` (1,000,000 history events) or `-- --events=N`: how long the
 * transparency log takes to take a large history in, and to verify it all (what
 * `POST /api/audit/verify` does: every record re-hashed into the tree, checked against a signed
 * checkpoint, and every record checked to be in the log), and the process's peak memory while it
 * verifies. Creates a database of its own, runs the real setup, loads instances and hash-chained
 * history events with valid hashes, and drops the database at the end (on failure too).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { type AppConfigService } from '../src/config/app-config.service';
import { type Env, validateEnv } from '../src/config/env.schema';
import { dataSourceOptions, requireDatabaseUrl } from '../src/database/data-source-options';
import { GENESIS_HASH, hashEvent } from '../src/modules/history/hash-chain';
import { AttachmentsRepository } from '../src/modules/attachments/attachments.repository';
import { AttachmentStorages } from '../src/modules/attachments/storage/attachment-storages';
import { loadLogSigner } from '../src/modules/transparency-log/log-signer.provider';
import { TransparencyLogRepository } from '../src/modules/transparency-log/transparency-log.repository';
import { TransparencyLogService } from '../src/modules/transparency-log/transparency-log.service';
import { DigestsService } from '../src/modules/heavy-work/digests.service';
import { HeavyWorkService } from '../src/modules/heavy-work/heavy-work.service';
import { cleanupAll, installSignalHandlers, onCleanup } from './lib/cleanup';
import { dropDatabase, ROOT, SERVER_URL, uniqueName } from './lib/product';

const INSERT_BATCH = 10_000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      'per-instance': { type: 'string', default: '10' },
    },
  });
  const events = Number(values.events);
  const perInstance = Number(values['per-instance']);
  installSignalHandlers();

  const databaseName = uniqueName('dwf_bench_audit');
  const dataDir = mkdtempSync(join(tmpdir(), 'dwf-bench-audit-'));
  onCleanup('remove data dir', async () => rmSync(dataDir, { recursive: true, force: true }));
  onCleanup(`drop database ${databaseName}`, () => dropDatabase(databaseName));
  Object.assign(process.env, {
    DATABASE_URL: `${SERVER_URL}/${databaseName}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });
  const env = validateEnv(process.env);
  const { setup } = await import('../src/cli/setup');
  await setup();

  const dataSource = new DataSource(
    dataSourceOptions(requireDatabaseUrl(env.DATABASE_URL), { poolSize: 4, statementTimeoutMs: 0 }),
  );
  await dataSource.initialize();
  onCleanup('close data source', () => dataSource.destroy());

  const loadStarted = Date.now();
  await load(dataSource, events, perInstance);
  const loadMs = Date.now() - loadStarted;
  console.log(`loaded ${events} events in ${(loadMs / 1000).toFixed(1)} s`);

  const config = { get: <K extends keyof Env>(key: K): Env[K] => env[key] } as AppConfigService;
  const heavyWork = new HeavyWorkService(config);
  onCleanup('stop heavy-work threads', () => heavyWork.onModuleDestroy());
  const log = new TransparencyLogService(
    dataSource,
    new TransparencyLogRepository(),
    new AttachmentStorages(config, new AttachmentsRepository()),
    config,
    await loadLogSigner(config),
    new DigestsService(heavyWork, config),
  );

  const integrateStarted = Date.now();
  const checkpoint = await log.checkpoint();
  const integrateMs = Date.now() - integrateStarted;
  console.log(`sequenced ${checkpoint.treeSize} leaves in ${(integrateMs / 1000).toFixed(1)} s`);

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const verifyStarted = Date.now();
  const report = await log.verify([log.openCheckpoint(checkpoint.note)]);
  const verifyMs = Date.now() - verifyStarted;
  clearInterval(sampler);

  const result = {
    at: new Date().toISOString(),
    events,
    perInstance,
    loadMs,
    integrateMs,
    verifyMs,
    verifyEventsPerSecond: Math.round(report.checked / (verifyMs / 1000)),
    rssBeforeMb: Math.round(rssBefore / 2 ** 20),
    peakRssMb: Math.round(peakRss / 2 ** 20),
    report,
  };
  console.log(JSON.stringify(result, null, 2));
  writeFileSync(
    join(ROOT, 'bench', 'results', 'audit-verify.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  if (!report.ok || report.checked !== events) throw new Error('The verification did not pass');
}

/** Instances, then their hash-chained events in batches (valid chains: verify recomputes them). */
async function load(dataSource: DataSource, events: number, perInstance: number): Promise<void> {
  const [refs] = await dataSource.query<
    Array<{ definition_id: string; unit_id: string; user_id: string; username: string }>
  >(
    `SELECT d.id AS definition_id, u.org_unit_id AS unit_id, u.id AS user_id, u.username
       FROM workflow_definitions d, users u
      WHERE d.key = 'regulation-review' AND u.username = 'mttq.an-binh' LIMIT 1`,
  );
  const instances = Math.ceil(events / perInstance);
  const ids = await dataSource.query<Array<{ id: string }>>(
    `INSERT INTO workflow_instances (definition_id, definition_key, definition_version, org_unit_id,
       title, state, status, version, snapshot, history_head, created_by)
     SELECT $1, 'regulation-review', 1, $2, 'Hồ sơ thử tải số ' || n, '"draft"', 'active', 1, '{}',
            $3, $4
       FROM generate_series(1, $5) AS n
     RETURNING id`,
    [refs.definition_id, refs.unit_id, GENESIS_HASH, refs.user_id, instances],
  );
  const at = new Date(Date.UTC(2026, 0, 1));
  let rows: unknown[][] = [];
  let written = 0;
  const flush = async (): Promise<void> => {
    if (rows.length === 0) return;
    const column = (i: number): unknown[] => rows.map((r) => r[i]);
    await dataSource.query(
      `INSERT INTO history_events (instance_id, seq, type, from_state, to_state, actor_id,
         actor_username, actor_org_unit_id, data, at, prev_hash, hash)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::uuid[],
         $7::text[], $8::uuid[], $9::jsonb[], $10::timestamptz[], $11::text[], $12::text[])`,
      Array.from({ length: 12 }, (_, i) => column(i)),
    );
    written += rows.length;
    rows = [];
    if (written % 100_000 < INSERT_BATCH) console.log(`  ${written} events`);
  };
  for (const { id } of ids) {
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= perInstance && written + rows.length < events; seq++) {
      const fields = {
        instanceId: id,
        seq,
        type: seq === 1 ? 'CREATED' : 'COMMENTED',
        fromState: seq === 1 ? null : 'draft',
        toState: 'draft',
        actorId: refs.user_id,
        actorUsername: refs.username,
        actorOrgUnitId: refs.unit_id,
        onBehalfOfId: null,
        data: { note: randomBytes(12).toString('base64'), opinion: 'Đồng ý với dự thảo' },
        comment: null,
        commandId: null,
        at: new Date(at.getTime() + written + rows.length),
        prevHash: prev,
      };
      const hash = hashEvent(fields);
      rows.push([
        id,
        seq,
        fields.type,
        fields.fromState,
        fields.toState,
        fields.actorId,
        fields.actorUsername,
        fields.actorOrgUnitId,
        JSON.stringify(fields.data),
        fields.at,
        prev,
        hash,
      ]);
      prev = hash;
      if (rows.length >= INSERT_BATCH) await flush();
    }
  }
  await flush();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
