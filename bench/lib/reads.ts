import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { foldDiacritics } from '../../src/common/text/fold-diacritics';
import { HttpClient, type HttpResult } from './http-client';
import { type BenchOptions } from './options';
import { type BenchEnvironment, ROOT, startProduct } from './product';
import { type Target } from './report';
import { createTemplates, seedPopulation, type SeedResult } from './seed';
import { Session } from './session';
import { type LatencySummary, round, summarize } from './stats';

export interface ReadScenario {
  name: string;
  path: string;
  user: string;
  latency: LatencySummary;
  non200: number;
  /** Items on the pages read (inbox) or events returned (history), on average. */
  meanItems: number;
}

export interface PlanFile {
  name: string;
  file: string;
  executionMs: number | null;
  matchesApi?: boolean;
}

export interface ReadsResult {
  seed: SeedResult;
  scenarios: ReadScenario[];
  plans: PlanFile[];
  targets: Target[];
}

interface InboxPage {
  items: Array<{ taskId: string; instanceId: string }>;
  nextCursor: string | null;
}

/** The same md5-based ids as the seed's `pg_temp.seed_id`. */
function seedId(g: number): string {
  const hex = createHash('md5').update(`dwf-bench-instance-${g}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The inbox query as `InboxService.page` builds it (src/modules/inbox/inbox.service.ts), for the
 * EXPLAIN plans. The bench checks that it returns what the API returned, so a drift shows.
 */
function inboxSql(
  unitId: string,
  capabilities: string[],
  filters: { q?: string; overdue?: boolean; cursor?: { due: string; id: string } },
  limit = 20,
): { text: string; params: unknown[] } {
  const params: unknown[] = [unitId, capabilities];
  const where = [
    `t.status = 'open'`,
    `t.assignee_unit_id = $1`,
    `(t.capability IS NULL OR t.capability = ANY($2))`,
  ];
  if (filters.overdue !== undefined) {
    where.push(filters.overdue ? `t.due_at < now()` : `(t.due_at IS NULL OR t.due_at >= now())`);
  }
  const text = filters.q ? foldDiacritics(filters.q.trim()) : '';
  if (text) {
    params.push(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`i.search_text LIKE $${params.length}`);
  }
  if (filters.cursor) {
    params.push(filters.cursor.due, filters.cursor.id);
    where.push(
      `(COALESCE(t.due_at, 'infinity'::timestamptz), t.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
    );
  }
  params.push(limit + 1);
  return {
    text: `SELECT t.id AS task_id, t.instance_id, i.definition_key, i.title, t.state, i.org_unit_id,
              t.due_at, COALESCE(t.due_at, 'infinity'::timestamptz) AS sort_due, t.created_at,
              COALESCE(t.due_at < now(), false) AS overdue
         FROM workflow_tasks t
         JOIN workflow_instances i ON i.id = t.instance_id
        WHERE ${where.join(' AND ')}
        ORDER BY COALESCE(t.due_at, 'infinity'::timestamptz), t.id
        LIMIT $${params.length}`,
    params,
  };
}

const HISTORY_SQL = `SELECT * FROM history_events WHERE instance_id = $1 ORDER BY seq ASC`;
const UNIT_WAS_ASSIGNED_SQL = `SELECT 1 FROM workflow_tasks WHERE instance_id = $1 AND assignee_unit_id = $2 LIMIT 1`;

function encodeCursor(due: Date, id: string): string {
  return Buffer.from(JSON.stringify({ due: due.toISOString(), id })).toString('base64url');
}

export async function runReads(
  options: BenchOptions,
  environment: BenchEnvironment,
  log: (message: string) => void,
): Promise<ReadsResult> {
  log(
    `reads: seeding ${options.seedInstances.toLocaleString('en')} instances / ${options.seedEvents.toLocaleString('en')} history events`,
  );
  const product = await startProduct(environment, 'reads', 0);
  const client = new HttpClient(product.baseUrl, 8);
  const db = new Client({ connectionString: environment.databaseUrl, application_name: 'dwf-bench-reads' });
  try {
    const session = await Session.open(product.baseUrl);
    const templates = await createTemplates(session, client);
    const seed = await seedPopulation(
      environment.databaseUrl,
      session,
      templates,
      options.seedInstances,
      options.seedEvents,
      log,
    );
    log(
      `  seeded ${seed.instances.toLocaleString('en')} instances, ${seed.events.toLocaleString('en')} events, ` +
        `${seed.tasks.toLocaleString('en')} tasks in ${seed.seconds} s; open tasks: ${JSON.stringify(seed.openTasksByUnit)}`,
    );
    await db.connect();

    const board = session.unit('ban-dan-van-huyen-uy').id;
    const commune = session.communes[0];
    const communeCommittee = session.unit(`${commune}.dang-uy`).id;
    const n = options.readSamples;
    const scenarios: ReadScenario[] = [];

    const measure = async (
      name: string,
      user: string,
      paths: () => string,
      count: number,
      itemsOf: (body: unknown) => number,
    ): Promise<ReadScenario> => {
      const token = session.token(user);
      for (let i = 0; i < Math.min(5, count); i++) await client.get(paths(), token); // warm-up
      const latencies: number[] = [];
      let non200 = 0;
      let items = 0;
      let example = '';
      for (let i = 0; i < count; i++) {
        const path = paths();
        example ||= path;
        const res = await client.get(path, token);
        if (res.status === 200) {
          latencies.push(res.ms);
          items += itemsOf(res.body);
        } else non200++;
      }
      const scenario = {
        name,
        path: example,
        user,
        latency: summarize(latencies),
        non200,
        meanItems: round(latencies.length ? items / latencies.length : 0, 1),
      };
      log(`  ${name}: p50 ${scenario.latency.p50} ms, p95 ${scenario.latency.p95} ms (${scenario.meanItems} items)`);
      scenarios.push(scenario);
      return scenario;
    };
    const inboxItems = (body: unknown): number => (body as InboxPage).items.length;
    const historyItems = (body: unknown): number => (body as unknown[]).length;

    // Cursors at many depths of the Board's open tasks, in the inbox's own order.
    const boardOpen = seed.openTasksByUnit['ban-dan-van-huyen-uy'] ?? 0;
    const depths = await db.query<{ due_at: Date; id: string }>(
      `SELECT due_at, id FROM (
         SELECT due_at, id, row_number() OVER (ORDER BY COALESCE(due_at, 'infinity'::timestamptz), id) AS r
           FROM workflow_tasks WHERE status = 'open' AND assignee_unit_id = $1) x
        WHERE r % GREATEST(1, $2::bigint / 50) = 0`,
      [board, boardOpen],
    );
    const cursors = depths.rows.map((r) => encodeCursor(r.due_at, r.id));
    // Numbers of instances waiting for the Board, for a search that finds one of them.
    const waiting = await db.query<{ title: string }>(
      `SELECT i.title FROM workflow_tasks t JOIN workflow_instances i ON i.id = t.instance_id
        WHERE t.status = 'open' AND t.assignee_unit_id = $1 AND i.title LIKE '%(số %'
        ORDER BY t.id LIMIT 200`,
      [board],
    );
    const numbers = waiting.rows
      .map((r) => /\(số (\d+)\)/.exec(r.title)?.[1])
      .filter((x): x is string => x !== undefined);
    let turn = 0;
    const pick = <T>(list: readonly T[]): T => list[turn++ % list.length];

    await measure('inbox: first page (Dân vận Board)', 'danvan', () => '/api/inbox?limit=20', n, inboxItems);
    {
      // Paging on: pages 2..10 following nextCursor, measured each.
      const token = session.token('danvan');
      const latencies: number[] = [];
      let non200 = 0;
      let items = 0;
      while (latencies.length + non200 < n) {
        let cursor: string | null = null;
        for (let page = 1; page <= 10 && latencies.length + non200 < n; page++) {
          const path: string = `/api/inbox?limit=20${cursor ? `&cursor=${cursor}` : ''}`;
          const res: HttpResult<InboxPage> = await client.get<InboxPage>(path, token);
          if (res.status !== 200) {
            non200++;
            break;
          }
          if (page > 1) {
            latencies.push(res.ms);
            items += res.body.items.length;
          }
          cursor = res.body.nextCursor;
          if (!cursor) break;
        }
        if (!cursor && latencies.length === 0) break;
      }
      const scenario: ReadScenario = {
        name: 'inbox: next pages 2-10 by cursor (Board)',
        path: '/api/inbox?limit=20&cursor=…',
        user: 'danvan',
        latency: summarize(latencies),
        non200,
        meanItems: round(latencies.length ? items / latencies.length : 0, 1),
      };
      log(`  ${scenario.name}: p50 ${scenario.latency.p50} ms, p95 ${scenario.latency.p95} ms`);
      scenarios.push(scenario);
    }
    if (cursors.length > 0) {
      await measure(
        `inbox: deep pages, cursors across all ${boardOpen.toLocaleString('en')} open tasks (Board)`,
        'danvan',
        () => `/api/inbox?limit=20&cursor=${pick(cursors)}`,
        n,
        inboxItems,
      );
    }
    await measure('inbox: overdue=true (Board)', 'danvan', () => '/api/inbox?limit=20&overdue=true', n, inboxItems);
    await measure(
      `inbox: first page (commune Party committee ${commune})`,
      `dangu.${commune}`,
      () => '/api/inbox?limit=20',
      n,
      inboxItems,
    );
    await measure(
      'inbox: q="phối hợp" (matches nearly every task)',
      'danvan',
      () => `/api/inbox?limit=20&q=${encodeURIComponent('phối hợp')}`,
      n,
      inboxItems,
    );
    await measure(
      'inbox: q="thien tai" (no diacritics; ~4% of titles)',
      'danvan',
      () => `/api/inbox?limit=20&q=${encodeURIComponent('thien tai')}`,
      n,
      inboxItems,
    );
    if (numbers.length > 0) {
      await measure(
        'inbox: q="số <n>)" (one document)',
        'danvan',
        () => `/api/inbox?limit=20&q=${encodeURIComponent(`số ${pick(numbers)})`)}`,
        n,
        inboxItems,
      );
    }

    // History: random instances over the whole population.
    const spread = Math.max(1, 2 * Math.max(1, Math.round(options.seedEvents / options.seedInstances)) - 1);
    const version = (g: number): number => 1 + ((g * 7919) % spread);
    const completed = (g: number): boolean => g % 100 < 60 && version(g) >= 5;
    let seedRandom = 42;
    const random = (): number => {
      seedRandom = (seedRandom * 1103515245 + 12345) % 2 ** 31;
      return seedRandom / 2 ** 31;
    };
    const randomG = (): number => 1 + Math.floor(random() * seed.instances * 0.999);
    await measure(
      'history: GET /api/instances/:id/history (auditor, random instance)',
      'auditor',
      () => `/api/instances/${seedId(randomG())}/history`,
      n,
      historyItems,
    );
    const completedG = (): number => {
      for (;;) {
        const g = randomG();
        if (completed(g) && g <= options.seedInstances) return g;
      }
    };
    await measure(
      'history: same, as the Board (reads via its past task)',
      'danvan',
      () => `/api/instances/${seedId(completedG())}/history`,
      n,
      historyItems,
    );

    // EXPLAIN (ANALYZE, BUFFERS) of the queries behind these pages.
    const plansDir = join(ROOT, 'bench', 'results', 'plans');
    rmSync(plansDir, { recursive: true, force: true });
    mkdirSync(plansDir, { recursive: true });
    const plans: PlanFile[] = [];
    const explain = async (
      name: string,
      sql: { text: string; params: unknown[] },
      apiCheck?: { path: string; user: string },
    ): Promise<void> => {
      await db.query(sql.text, sql.params); // warm, as the page measurements were
      const result = await db.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`,
        sql.params,
      );
      const plan = result.rows.map((r) => r['QUERY PLAN']).join('\n');
      const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN);
      let matchesApi: boolean | undefined;
      if (apiCheck) {
        const rows = await db.query<{ task_id: string }>(sql.text, sql.params);
        const res = await client.get<InboxPage>(apiCheck.path, session.token(apiCheck.user));
        const api = res.status === 200 ? res.body.items.map((i) => i.taskId) : [];
        matchesApi = JSON.stringify(rows.rows.slice(0, 20).map((r) => r.task_id)) === JSON.stringify(api);
      }
      const file = join(plansDir, `${name}.txt`);
      writeFileSync(
        file,
        [
          `-- ${name} (${options.mode} mode, ${new Date().toISOString()})`,
          `-- population: ${seed.instances} instances, ${seed.events} history events, ${seed.tasks} tasks`,
          ...(matchesApi === undefined ? [] : [`-- same rows as the API answered: ${matchesApi}`]),
          `-- parameters: ${JSON.stringify(sql.params)}`,
          sql.text.replace(/^/gm, '-- '),
          '',
          plan,
          '',
        ].join('\n'),
      );
      plans.push({
        name,
        file: `bench/results/plans/${name}.txt`,
        executionMs: Number.isNaN(executionMs) ? null : executionMs,
        ...(matchesApi === undefined ? {} : { matchesApi }),
      });
    };
    const approver = ['approver'];
    await explain('inbox-first-page', inboxSql(board, approver, {}), {
      path: '/api/inbox?limit=20',
      user: 'danvan',
    });
    if (depths.rows.length > 0) {
      const mid = depths.rows[Math.floor(depths.rows.length / 2)];
      await explain(
        'inbox-deep-cursor',
        inboxSql(board, approver, { cursor: { due: mid.due_at.toISOString(), id: mid.id } }),
        { path: `/api/inbox?limit=20&cursor=${encodeCursor(mid.due_at, mid.id)}`, user: 'danvan' },
      );
    }
    await explain('inbox-overdue', inboxSql(board, approver, { overdue: true }), {
      path: '/api/inbox?limit=20&overdue=true',
      user: 'danvan',
    });
    await explain('inbox-commune-committee', inboxSql(communeCommittee, approver, {}));
    await explain('inbox-q-common', inboxSql(board, approver, { q: 'phối hợp' }), {
      path: `/api/inbox?limit=20&q=${encodeURIComponent('phối hợp')}`,
      user: 'danvan',
    });
    await explain('inbox-q-topic', inboxSql(board, approver, { q: 'thien tai' }), {
      path: `/api/inbox?limit=20&q=${encodeURIComponent('thien tai')}`,
      user: 'danvan',
    });
    if (numbers.length > 0) {
      await explain('inbox-q-rare', inboxSql(board, approver, { q: `số ${numbers[0]})` }), {
        path: `/api/inbox?limit=20&q=${encodeURIComponent(`số ${numbers[0]})`)}`,
        user: 'danvan',
      });
    }
    const sample = seedId(completedG());
    await explain('history-of-instance', { text: HISTORY_SQL, params: [sample] });
    await explain('history-unit-was-assigned', { text: UNIT_WAS_ASSIGNED_SQL, params: [sample, board] });

    const targets: Target[] = [];
    for (const s of scenarios.filter((x) => x.name.startsWith('inbox'))) {
      targets.push({
        name: `inbox page p95 — ${s.name}`,
        target: '<= 20 ms',
        measured: s.latency.p95,
        met: s.non200 === 0 && s.latency.p95 <= 20,
        ...(s.non200 ? { note: `${s.non200} non-200 answers` } : {}),
      });
    }
    targets.push({
      name: 'audit search page p95',
      target: '<= 50 ms',
      measured: null,
      met: null,
      note: 'not measured: the product has no audit search route yet (only GET /api/audit/verify)',
    });
    for (const s of scenarios.filter((x) => x.name.startsWith('history'))) {
      targets.push({
        name: `instance history p95 — ${s.name}`,
        target: '<= 10 ms',
        measured: s.latency.p95,
        met: s.non200 === 0 && s.latency.p95 <= 10,
        ...(s.non200 ? { note: `${s.non200} non-200 answers` } : {}),
      });
    }
    return { seed, scenarios, plans, targets };
  } finally {
    client.close();
    await db.end().catch(() => undefined);
    await product.stop();
  }
}
