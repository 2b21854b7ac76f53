import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Client } from 'pg';
import { pgClient } from './pg';
import { HttpClient } from './http-client';
import { backgroundBusy } from './monitor';
import { type BenchOptions } from './options';
import { type BenchEnvironment, ROOT, startProduct } from './product';
import { type CapturedQuery } from './query-capture';
import { type Target } from './target';
import { createTemplates, seedPopulation, type SeedResult } from './seed';
import { Session } from './session';
import { type LatencySummary, round, summarize } from './stats';

export interface QueryShare {
  /** The statement, whitespace collapsed, cut to 160 characters. */
  sql: string;
  perRequest: number;
  meanMs: number;
}

export interface ReadScenario {
  /** Stable across runs: the plan's file name. */
  id: string;
  name: string;
  path: string;
  user: string;
  latency: LatencySummary;
  non200: number;
  /** The first failed request, or why the scenario stopped early. */
  failure?: string;
  /** Items on the pages read (inbox, audit) or events returned (history), on average. */
  meanItems: number;
  target?: { kind: 'inbox' | 'audit' | 'audit free text' | 'history'; p95Ms: number };
  /** What the product sent to PostgreSQL per request (captured in the API process). */
  queries?: { perRequest: number; dbMsPerRequest: number; statements: QueryShare[] };
  plan?: { file: string; executionMs: number | null };
}

export interface ReadsResult {
  /** How busy the machine was (all cores, %) just before the read measurements. */
  backgroundBusyPercentBefore: number;
  seed: SeedResult;
  scenarios: ReadScenario[];
  targets: Target[];
}

interface Page {
  items: unknown[];
  nextCursor: string | null;
}

/** Issue #11: free text for a common term may take longer than a filtered search. */
const TARGET_MS = { inbox: 20, audit: 50, auditText: 100, history: 10 } as const;

/** The same md5-based ids as the seed's `pg_temp.seed_id`. */
function seedId(g: number): string {
  const hex = createHash('md5').update(`dwf-bench-instance-${g}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function normalizeSql(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Reads over a bulk-loaded population, through the running API, one request at a time: inbox
 * pages, audit search pages and an instance's history. The API process records the SQL it sends
 * (bench/lib/query-capture.ts), so each scenario reports its queries per page and its database
 * time, and the slowest statement of each is EXPLAINed (ANALYZE, BUFFERS) exactly as it ran.
 */
export async function runReads(
  options: BenchOptions,
  environment: BenchEnvironment,
  log: (message: string) => void,
): Promise<ReadsResult> {
  log(
    `reads: seeding ${options.seedInstances.toLocaleString('en')} instances / ${options.seedEvents.toLocaleString('en')} history events`,
  );
  const captureFile = join(environment.logDir, 'reads-queries.jsonl');
  writeFileSync(captureFile, '');
  // One worker process while the templates are moved to their states, stopped before the
  // measurements: no command, timer or sweep runs in the background of the reads.
  const product = await startProduct(environment, 'reads', 1, {
    env: { BENCH_CAPTURE_FILE: captureFile },
    apiNodeArgs: [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      join(ROOT, 'bench', 'lib', 'query-capture.ts'),
    ],
  });
  const client = new HttpClient(product.baseUrl, 8);
  const db = pgClient({
    connectionString: environment.databaseUrl,
    application_name: 'dwf-bench-reads',
  });
  try {
    const session = await Session.open(product.baseUrl);
    const templates = await createTemplates(session, client);
    await Promise.all(product.workers.map((w) => w.stop()));
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
    const background = await backgroundBusy();
    log(`  reads: machine ${background}% busy before`);

    const commune = session.communes[0];
    const n = options.readSamples;
    const scenarios: ReadScenario[] = [];
    const windows = new Map<ReadScenario, { from: number; to: number; requests: number }>();

    // Each scenario: `count` requests, or fewer when its time budget runs out (at least 5); a
    // request that takes longer than the timeout ends the scenario (and its query is cancelled).
    const budgetMs = options.mode === 'quick' ? 2_000 : 20_000;
    const timeoutMs = options.mode === 'quick' ? 5_000 : 15_000;
    const measure = async (
      scenario: Pick<ReadScenario, 'id' | 'name' | 'user'> & { target?: ReadScenario['target'] },
      paths: () => string,
      count: number,
      itemsOf: (body: unknown) => number,
    ): Promise<void> => {
      const token = session.token(scenario.user);
      const latencies: number[] = [];
      let non200 = 0;
      let items = 0;
      let example = '';
      let failure = '';
      let from = Date.now();
      for (let i = -Math.min(3, count); i < count; i++) {
        if (i === 0) from = Date.now(); // the first three were the warm-up
        if (i >= 5 && Date.now() - from > budgetMs) break;
        const path = paths();
        example ||= path;
        const res = await client.send('GET', path, undefined, token, timeoutMs);
        if (res.status === 0) {
          non200++;
          failure = `no answer within ${timeoutMs} ms`;
          await cancelRunaway(db, environment.databaseName);
          break;
        }
        if (i < 0) continue;
        if (res.status === 200) {
          latencies.push(res.ms);
          items += itemsOf(res.body);
        } else {
          non200++;
          failure ||= `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
        }
      }
      const result: ReadScenario = {
        ...scenario,
        path: example,
        latency: summarize(latencies),
        non200,
        meanItems: round(latencies.length ? items / latencies.length : 0, 1),
      };
      windows.set(result, { from, to: Date.now(), requests: latencies.length + non200 });
      if (failure) result.failure = failure;
      scenarios.push(result);
      log(
        `  ${result.name}: p50 ${result.latency.p50} ms, p95 ${result.latency.p95} ms (${result.meanItems} items)` +
          (non200 ? ` — ${non200} non-200, e.g. ${failure}` : ''),
      );
    };
    const pageItems = (body: unknown): number => (body as Page).items.length;
    const listItems = (body: unknown): number => (body as unknown[]).length;
    let turn = 0;
    const pick = <T>(list: readonly T[]): T => list[turn++ % list.length];

    // Walk the Board's inbox with the largest page, keeping cursors at many depths (the cursor is
    // the API's own, whatever its format).
    const boardOpen = seed.openTasksByUnit['ban-dan-van-huyen-uy'] ?? 0;
    const maxWalk = options.mode === 'quick' ? 60 : 300;
    const cursors: string[] = [];
    {
      const token = session.token('danvan');
      const latencies: number[] = [];
      let cursor: string | null = null;
      let non200 = 0;
      const from = Date.now();
      const every = Math.max(1, Math.floor(Math.min(maxWalk, boardOpen / 100) / 40));
      for (let page = 0; page < maxWalk; page++) {
        const path: string = `/api/inbox?limit=100${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await client.get<Page>(path, token);
        if (res.status !== 200) {
          non200++;
          break;
        }
        latencies.push(res.ms);
        cursor = res.body.nextCursor;
        if (!cursor) break;
        if (page % every === 0) cursors.push(cursor);
      }
      const walk: ReadScenario = {
        id: 'inbox-walk-limit-100',
        name: `inbox: walk the Board's ${boardOpen.toLocaleString('en')} open tasks, limit=100 (up to ${maxWalk} pages)`,
        path: '/api/inbox?limit=100&cursor=…',
        user: 'danvan',
        latency: summarize(latencies),
        non200,
        meanItems: 100,
      };
      windows.set(walk, { from, to: Date.now(), requests: latencies.length + non200 });
      scenarios.push(walk);
      log(`  ${walk.name}: p50 ${walk.latency.p50} ms, p95 ${walk.latency.p95} ms`);
    }

    const inbox = { kind: 'inbox' as const, p95Ms: TARGET_MS.inbox };
    await measure(
      {
        id: 'inbox-first-page',
        name: 'inbox: first page (Dân vận Board)',
        user: 'danvan',
        target: inbox,
      },
      () => '/api/inbox?limit=20',
      n,
      pageItems,
    );
    if (cursors.length > 0) {
      await measure(
        {
          id: 'inbox-cursor-depths',
          name: `inbox: pages at ${cursors.length} depths by cursor (Board)`,
          user: 'danvan',
          target: inbox,
        },
        () => `/api/inbox?limit=20&cursor=${pick(cursors)}`,
        n,
        pageItems,
      );
    }
    await measure(
      { id: 'inbox-overdue', name: 'inbox: overdue=true (Board)', user: 'danvan', target: inbox },
      () => '/api/inbox?limit=20&overdue=true',
      n,
      pageItems,
    );
    await measure(
      {
        id: 'inbox-commune-committee',
        name: `inbox: first page (Party committee of ${commune})`,
        user: `dangu.${commune}`,
        target: inbox,
      },
      () => '/api/inbox?limit=20',
      n,
      pageItems,
    );
    await measure(
      {
        id: 'inbox-q-everywhere',
        name: 'inbox: q="phối hợp" (in every document)',
        user: 'danvan',
        target: inbox,
      },
      () => `/api/inbox?limit=20&q=${encodeURIComponent('phối hợp')}`,
      n,
      pageItems,
    );
    await measure(
      {
        id: 'inbox-q-4-percent',
        name: 'inbox: q="thien tai" (no diacritics; 4% of titles)',
        user: 'danvan',
        target: inbox,
      },
      () => `/api/inbox?limit=20&q=${encodeURIComponent('thien tai')}`,
      n,
      pageItems,
    );
    await measure(
      {
        id: 'inbox-q-1-percent',
        name: 'inbox: q="thien tai nam 2024" (1.3% of titles)',
        user: 'danvan',
        target: inbox,
      },
      () => `/api/inbox?limit=20&q=${encodeURIComponent('thiên tai năm 2024')}`,
      n,
      pageItems,
    );
    const waiting = await db.query<{ title: string }>(
      `SELECT i.title FROM workflow_tasks t JOIN workflow_instances i ON i.id = t.instance_id
        JOIN org_units u ON u.id = t.assignee_unit_id
        WHERE t.status = 'open' AND u.slug = 'ban-dan-van-huyen-uy' AND i.title LIKE '%(số %'
        ORDER BY t.id LIMIT 200`,
    );
    const numbers = waiting.rows
      .map((r) => /\(số (\d+)\)/.exec(r.title)?.[1])
      .filter((x): x is string => x !== undefined);
    if (numbers.length > 0) {
      await measure(
        {
          id: 'inbox-q-one-document',
          name: 'inbox: q="số <n>)" (one document)',
          user: 'danvan',
          target: inbox,
        },
        () => `/api/inbox?limit=20&q=${encodeURIComponent(`số ${pick(numbers)})`)}`,
        n,
        pageItems,
      );
    }
    await measure(
      {
        id: 'inbox-q-nothing',
        name: 'inbox: q="khong ton tai" (matches nothing)',
        user: 'danvan',
        target: inbox,
      },
      () => `/api/inbox?limit=20&q=${encodeURIComponent('không tồn tại')}`,
      Math.max(10, Math.floor(n / 4)),
      pageItems,
    );

    const audit = { kind: 'audit' as const, p95Ms: TARGET_MS.audit };
    const auditText = { kind: 'audit free text' as const, p95Ms: TARGET_MS.auditText };
    const communeUnit = session.unit(commune).id;
    await measure(
      {
        id: 'audit-newest',
        name: 'audit search: newest events, no filter',
        user: 'auditor',
        target: audit,
      },
      () => '/api/audit/events?limit=50',
      n,
      pageItems,
    );
    await measure(
      {
        id: 'audit-unit-subtree',
        name: `audit search: unit ${commune} and below`,
        user: 'auditor',
        target: audit,
      },
      () => `/api/audit/events?limit=50&unitId=${communeUnit}&includeSubUnits=true`,
      n,
      pageItems,
    );
    await measure(
      { id: 'audit-actor', name: 'audit search: actor=danvan', user: 'auditor', target: audit },
      () => '/api/audit/events?limit=50&actor=danvan',
      n,
      pageItems,
    );
    await measure(
      {
        id: 'audit-actor-rare',
        name: 'audit search: actor=thuongtruc (no events)',
        user: 'auditor',
        target: audit,
      },
      () => '/api/audit/events?limit=50&actor=thuongtruc',
      n,
      pageItems,
    );
    await measure(
      { id: 'audit-type', name: 'audit search: type=RETURN', user: 'auditor', target: audit },
      () => '/api/audit/events?limit=50&type=RETURN',
      n,
      pageItems,
    );
    await measure(
      {
        id: 'audit-q-4-percent',
        name: 'audit search: q="thien tai"',
        user: 'auditor',
        target: auditText,
      },
      () => `/api/audit/events?limit=50&q=${encodeURIComponent('thiên tai')}`,
      n,
      pageItems,
    );
    if (numbers.length > 0) {
      await measure(
        {
          id: 'audit-q-one-document',
          name: 'audit search: q="số <n>)" (one document)',
          user: 'auditor',
          target: audit,
        },
        () => `/api/audit/events?limit=50&q=${encodeURIComponent(`số ${pick(numbers)})`)}`,
        n,
        pageItems,
      );
    }

    // History: random instances over the whole population.
    const spread = Math.max(
      1,
      2 * Math.max(1, Math.round(options.seedEvents / options.seedInstances)) - 1,
    );
    const version = (g: number): number => 1 + ((g * 7919) % spread);
    const completed = (g: number): boolean => g % 100 < 60 && version(g) >= 5;
    let seedRandom = 42;
    const random = (): number => {
      seedRandom = (seedRandom * 1103515245 + 12345) % 2 ** 31;
      return seedRandom / 2 ** 31;
    };
    const randomG = (): number => 1 + Math.floor(random() * options.seedInstances * 0.999);
    const completedG = (): number => {
      for (;;) {
        const g = randomG();
        if (completed(g)) return g;
      }
    };
    const history = { kind: 'history' as const, p95Ms: TARGET_MS.history };
    await measure(
      {
        id: 'history-auditor',
        name: 'history: GET /api/instances/:id/history (auditor)',
        user: 'auditor',
        target: history,
      },
      () => `/api/instances/${seedId(randomG())}/history`,
      n,
      listItems,
    );
    await measure(
      {
        id: 'history-board',
        name: 'history: same, as the Board (reads via its past task)',
        user: 'danvan',
        target: history,
      },
      () => `/api/instances/${seedId(completedG())}/history`,
      n,
      listItems,
    );

    await new Promise((resolve) => setTimeout(resolve, 500)); // the capture flushes every 200 ms
    await explainScenarios(db, captureFile, windows, options, seed);

    const targets: Target[] = scenarios
      .filter((s) => s.target)
      .map((s) => ({
        name: `${s.target?.kind} p95 — ${s.name}`,
        target: `<= ${s.target?.p95Ms} ms`,
        measured: s.latency.p95,
        met: s.non200 === 0 && s.latency.count > 0 && s.latency.p95 <= (s.target?.p95Ms ?? 0),
        ...(s.non200 ? { note: `${s.non200} failed: ${s.failure ?? ''}` } : {}),
      }));
    return { backgroundBusyPercentBefore: background, seed, scenarios, targets };
  } finally {
    client.close();
    await db.end().catch(() => undefined);
    await product.stop();
  }
}

/**
 * The product does not cancel a query when its HTTP client gives up: a request the bench abandoned
 * would keep a backend busy (and skew what follows). Cancels the bench database's queries running
 * longer than the timeout.
 */
async function cancelRunaway(db: Client, databaseName: string): Promise<void> {
  // Requests go one at a time, so whatever the API still runs now belongs to the abandoned one.
  await db
    .query(
      `SELECT pg_cancel_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()
          AND application_name NOT LIKE 'dwf-bench%'`,
      [databaseName],
    )
    .catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 300)); // its capture record, flushed
}

/**
 * Sorts the captured statements into the scenarios' time windows, and EXPLAINs each scenario's
 * costliest statement with the parameters of its median run.
 */
async function explainScenarios(
  db: Client,
  captureFile: string,
  windows: Map<ReadScenario, { from: number; to: number; requests: number }>,
  options: BenchOptions,
  seed: SeedResult,
): Promise<void> {
  // Read line by line: with a large seed the sequencer's batches alone pass V8's string limit.
  const captured: CapturedQuery[] = [];
  const first = Math.min(...[...windows.values()].map((w) => w.from));
  for await (const line of createInterface({ input: createReadStream(captureFile) })) {
    if (!line) continue;
    const query = JSON.parse(line) as CapturedQuery;
    if (query.at >= first) captured.push(query);
  }
  const plansDir = join(ROOT, 'bench', 'results', 'plans');
  rmSync(plansDir, { recursive: true, force: true });
  mkdirSync(plansDir, { recursive: true });
  for (const [scenario, window] of windows) {
    const mine = captured.filter((q) => q.at >= window.from && q.at <= window.to);
    if (mine.length === 0 || window.requests === 0) continue;
    const byText = new Map<string, CapturedQuery[]>();
    for (const q of mine) {
      const key = normalizeSql(q.text);
      byText.set(key, [...(byText.get(key) ?? []), q]);
    }
    const statements = [...byText.entries()]
      .map(([sql, runs]) => ({
        sql,
        runs,
        total: runs.reduce((a, r) => a + r.ms, 0),
      }))
      .sort((a, b) => b.total - a.total);
    scenario.queries = {
      perRequest: round(mine.length / window.requests, 2),
      dbMsPerRequest: round(mine.reduce((a, q) => a + q.ms, 0) / window.requests, 2),
      statements: statements.map((s) => ({
        sql: s.sql.slice(0, 160),
        perRequest: round(s.runs.length / window.requests, 2),
        meanMs: round(s.total / s.runs.length, 2),
      })),
    };
    const main = statements.find((s) => /^\s*(SELECT|WITH)\b/i.test(s.sql));
    if (!main) continue;
    const sorted = [...main.runs].sort((a, b) => a.ms - b.ms);
    const median = sorted[Math.floor(sorted.length / 2)];
    let plan: string;
    const limitMs = options.mode === 'quick' ? 10_000 : 60_000;
    try {
      await db.query(`SET statement_timeout = ${limitMs}`);
      const result = await db.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${median.text}`,
        median.values,
      );
      plan = result.rows.map((r) => r['QUERY PLAN']).join('\n');
    } catch (error) {
      // Too slow to run to the end here: the plan the planner chose, without run-time figures.
      const reason = (error as Error).message;
      try {
        const result = await db.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN ${median.text}`,
          median.values,
        );
        plan = [
          `EXPLAIN ANALYZE did not finish (${reason}; limit ${limitMs} ms); the plan without run-time figures:`,
          ...result.rows.map((r) => r['QUERY PLAN']),
        ].join('\n');
      } catch (second) {
        plan = `EXPLAIN failed: ${reason}; ${(second as Error).message}`;
      }
    } finally {
      await db.query('SET statement_timeout = 0').catch(() => undefined);
    }
    const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN);
    const name = scenario.id;
    const file = join(plansDir, `${name}.txt`);
    writeFileSync(
      file,
      [
        `-- ${scenario.name} (${options.mode} mode, ${new Date().toISOString()})`,
        `-- population: ${seed.instances} instances, ${seed.events} history events, ${seed.tasks} tasks`,
        `-- request: GET ${scenario.path} as ${scenario.user}; HTTP p50 ${scenario.latency.p50} ms, p95 ${scenario.latency.p95} ms`,
        `-- statements per request: ${scenario.queries.perRequest}, database time per request: ${scenario.queries.dbMsPerRequest} ms`,
        ...scenario.queries.statements.map(
          (s) => `--   ${s.perRequest} × ${s.meanMs} ms  ${s.sql}`,
        ),
        `-- explained below: the costliest statement, as the API sent it (its median run, ${round(median.ms, 2)} ms)`,
        `-- parameters: ${JSON.stringify(median.values)}`,
        median.text.replace(/^/gm, '-- '),
        '',
        plan,
        '',
      ].join('\n'),
    );
    scenario.plan = {
      file: `bench/results/plans/${name}.txt`,
      executionMs: Number.isNaN(executionMs) ? null : executionMs,
    };
  }
}
