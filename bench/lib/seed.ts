import { cpus } from 'node:os';
import { type Client } from 'pg';
import { pgClient } from './pg';
import { foldDiacritics, searchableText } from '../../src/common/text/fold-diacritics';
import { DEFINITION_KEY, submitFormFor } from './engine';
import { type HttpClient } from './http-client';
import { type Session } from './session';
import { mapLimit, round } from './stats';
import { type JsonObject } from '../../src/common/json/json.types';

/**
 * Bulk-loads a large population for the read benchmark, in SQL (`INSERT ... SELECT` over
 * `generate_series`, nothing row by row): regulation reviews spread over the communes, each with a
 * history of 1 to 2·avg−1 events (interleaved in insertion order, as events of many instances are
 * in reality), the open task of every active instance and the closed tasks before it.
 *
 * Snapshots, form data and search text are copied from instances the real API created and moved to
 * each state, so rows have the product's sizes. History hashes are well-formed but not a valid chain
 * (the read paths do not verify them). Secondary indexes and constraints of the loaded tables are
 * dropped for the load and recreated from the catalog's own definitions afterwards; the schema is
 * checked to be identical.
 */

const SEED_STATES = [
  'draft',
  'communeReview',
  'boardReview',
  'committeeReview',
  'promulgated',
  'cancelled',
] as const;

/** Topics in titles, so a free-text search can match a few percent of the population. */
const TOPICS = [
  'về xây dựng nông thôn mới',
  'về phòng, chống thiên tai',
  'về bảo vệ môi trường',
  'về giảm nghèo bền vững',
  'về cải cách hành chính',
  'về an ninh trật tự',
  'về chuyển đổi số',
  'về khuyến học, khuyến tài',
  'về chăm sóc người cao tuổi',
  'về phát triển kinh tế hộ',
  'về xây dựng đời sống văn hóa',
  'về giám sát, phản biện xã hội',
  'về tiếp xúc cử tri',
  'về hòa giải ở cơ sở',
  'về đền ơn đáp nghĩa',
  'về an toàn giao thông',
  'về phòng, chống dịch bệnh',
  'về tôn giáo, dân tộc',
  'về vận động quỹ vì người nghèo',
  'về dân vận khéo',
  'về thanh niên lập nghiệp',
  'về bình đẳng giới',
  'về nước sạch nông thôn',
  'về xây dựng khu dân cư văn minh',
  'về phòng, chống ma túy',
];

const APPROVE_OPINION = 'Đồng ý, đề nghị cấp trên xem xét.';
const RETURN_COMMENT = 'Đề nghị bổ sung trách nhiệm của các đoàn thể trong Điều 6.';

export interface SeedResult {
  instances: number;
  events: number;
  tasks: number;
  seconds: number;
  steps: Record<string, number>;
  openTasksByUnit: Record<string, number>;
  notes: string[];
}

export interface Templates {
  /** Instance ids by `<commune index>:<state>`. */
  ids: Map<string, string>;
  forms: JsonObject[];
}

/** Creates one instance per commune and state through the API and moves it there. */
export async function createTemplates(session: Session, client: HttpClient): Promise<Templates> {
  const ids = new Map<string, string>();
  const forms = session.communes.map((c, i) => submitFormFor(session, c, i));
  const send = async (id: string, user: string, body: object): Promise<void> => {
    let res = await client.post<{ commandId?: string; status?: string }>(
      `/api/instances/${id}/commands`,
      body,
      session.token(user),
    );
    // 202: not applied within the API's wait (a busy machine); follow the command for a minute.
    for (let tries = 0; res.status === 202 && tries < 120; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const command = await client.get<{ status: string }>(
        `/api/commands/${res.body.commandId}`,
        session.token(user),
      );
      if (command.status !== 200 || command.body.status !== 'pending') {
        res = command.body.status === 'applied' ? { ...command, status: 200 } : command;
      }
    }
    if (res.status !== 200) {
      throw new Error(
        `template ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
  };
  const jobs = session.communes.flatMap((commune, c) =>
    SEED_STATES.map((state) => ({ commune, c, state })),
  );
  await mapLimit(jobs, 4, async ({ commune, c, state }) => {
    const unit = session.unit(`${commune}.mttq`);
    const drafter = `mttq.${commune}`;
    const created = await client.post<{ id: string }>(
      '/api/instances',
      {
        definitionKey: DEFINITION_KEY,
        orgUnitId: unit.id,
        title: `Rà soát, bổ sung quy chế phối hợp — mẫu ${state}`,
      },
      session.token(drafter),
    );
    if (created.status !== 201) throw new Error(`template: ${created.status}`);
    const id = created.body.id;
    const path: Array<[string, object]> = [];
    const submit: [string, object] = [drafter, { type: 'SUBMIT', data: forms[c] }];
    const approve = (user: string): [string, object] => [
      user,
      { type: 'APPROVE', data: { opinion: APPROVE_OPINION } },
    ];
    if (state === 'cancelled') path.push([drafter, { type: 'CANCEL' }]);
    if (['communeReview', 'boardReview', 'committeeReview', 'promulgated'].includes(state))
      path.push(submit);
    if (['boardReview', 'committeeReview', 'promulgated'].includes(state))
      path.push(approve(`dangu.${commune}`));
    if (['committeeReview', 'promulgated'].includes(state)) path.push(approve('danvan'));
    if (state === 'promulgated') path.push(approve('btv'));
    for (const [user, body] of path) await send(id, user, body);
    ids.set(`${c}:${state}`, id);
  });
  return { ids, forms };
}

interface SchemaObject {
  kind: 'constraint' | 'foreign-key' | 'index';
  table: string;
  name: string;
  definition: string;
}

const LANES = Math.max(1, Math.min(4, cpus().length));

const LOADED_TABLES = ['workflow_instances', 'history_events', 'workflow_tasks', 'inbox_search'];

async function schemaObjects(client: Client): Promise<SchemaObject[]> {
  const constraints = await client.query<{ tbl: string; name: string; def: string; type: string }>(
    `SELECT c.conrelid::regclass::text AS tbl, c.conname AS name, pg_get_constraintdef(c.oid) AS def,
            c.contype AS type
       FROM pg_constraint c
      WHERE c.contype IN ('p', 'u', 'f')
        AND (c.conrelid::regclass::text = ANY($1) OR c.confrelid::regclass::text = ANY($1))
      ORDER BY c.contype DESC, c.conname`,
    [LOADED_TABLES],
  );
  const indexes = await client.query<{ tbl: string; name: string; def: string }>(
    `SELECT i.tablename AS tbl, i.indexname AS name, i.indexdef AS def
       FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname
                          AND c.conrelid::regclass::text = i.tablename)
      ORDER BY i.indexname`,
    [LOADED_TABLES],
  );
  return [
    ...constraints.rows.map((r) => ({
      kind: r.type === 'f' ? ('foreign-key' as const) : ('constraint' as const),
      table: r.tbl,
      name: r.name,
      definition: r.def,
    })),
    ...indexes.rows.map((r) => ({
      kind: 'index' as const,
      table: r.tbl,
      name: r.name,
      definition: r.def,
    })),
  ];
}

function fingerprint(objects: SchemaObject[]): string {
  return objects
    .map((o) => `${o.kind}|${o.table}|${o.name}|${o.definition}`)
    .sort()
    .join('\n');
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export async function seedPopulation(
  databaseUrl: string,
  session: Session,
  templates: Templates,
  instances: number,
  events: number,
  log: (message: string) => void,
): Promise<SeedResult> {
  const started = performance.now();
  const steps: Record<string, number> = {};
  const step = async (name: string, fn: () => Promise<unknown>): Promise<void> => {
    const t = performance.now();
    await fn();
    steps[name] = round((performance.now() - t) / 1000, 1);
    log(`  seed: ${name} ${steps[name]} s`);
  };
  // One connection per core: each loads its share of the instances, then builds indexes.
  const clients = Array.from({ length: LANES }, () =>
    pgClient({ connectionString: databaseUrl, application_name: 'dwf-bench-seed' }),
  );
  await Promise.all(clients.map((c) => c.connect()));
  const client = clients[0];
  /** Runs the statement on every lane; each lane's `pg_temp.seed_lo/hi` select its instances. */
  const all = (sql: string, params: unknown[]): Promise<unknown> =>
    Promise.all(clients.map((c) => c.query(sql, params)));
  try {
    const communes = session.communes;
    const avg = Math.max(1, Math.round(events / instances));
    const spread = Math.max(1, 2 * avg - 1);
    const user = (name: string): string => {
      const id = session.userIds.get(name);
      if (!id) throw new Error(`no user ${name}`);
      return id;
    };

    const share = Math.ceil(instances / LANES);
    const prepare = async (client: Client, lane: number): Promise<void> => {
      await client.query(`SET maintenance_work_mem = '1GB'`);
      await client.query(`SET work_mem = '256MB'`);
      await client.query(`SET synchronous_commit = off`);
      await client.query(
        `CREATE FUNCTION pg_temp.seed_lo() RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT ${lane * share + 1}::bigint $$`,
      );
      await client.query(
        `CREATE FUNCTION pg_temp.seed_hi() RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT ${Math.min(instances, (lane + 1) * share)}::bigint $$`,
      );
      await client.query(`
        CREATE TEMP TABLE seed_templates (commune int, state_key text, definition_id uuid,
          definition_key text, definition_version int, org_unit_id uuid, state text, status text,
          snapshot jsonb, data jsonb, body text, created_by uuid, unit_name text, unit_folded text)`);
      const rows: Array<[number, string, string, string]> = [];
      for (const [key, id] of templates.ids) {
        const [c, state] = key.split(':');
        const data = await client.query<{ data: JsonObject }>(
          `SELECT data FROM workflow_instances WHERE id = $1`,
          [id],
        );
        const strings = searchableText(data.rows[0].data);
        rows.push([Number(c), state, id, strings ? ` ${strings}` : '']);
      }
      await client.query(
        `INSERT INTO seed_templates
         SELECT t.commune, t.state_key, i.definition_id, i.definition_key, i.definition_version,
                i.org_unit_id, i.state, i.status, i.snapshot, i.data, t.body, i.created_by, u.name, NULL
           FROM unnest($1::int[], $2::text[], $3::uuid[], $4::text[]) AS t(commune, state_key, id, body)
           JOIN workflow_instances i ON i.id = t.id
           JOIN org_units u ON u.id = i.org_unit_id`,
        [
          rows.map((r) => r[0]),
          rows.map((r) => r[1]),
          rows.map((r) => r[2]),
          rows.map((r) => r[3]),
        ],
      );
      const names = await client.query<{ unit_name: string }>(
        `SELECT DISTINCT unit_name FROM seed_templates`,
      );
      for (const { unit_name } of names.rows) {
        await client.query(`UPDATE seed_templates SET unit_folded = $2 WHERE unit_name = $1`, [
          unit_name,
          foldDiacritics(unit_name),
        ]);
      }
      await client.query(
        `CREATE TEMP TABLE seed_forms (commune int PRIMARY KEY, data jsonb, folded text)`,
      );
      await client.query(
        `INSERT INTO seed_forms SELECT * FROM unnest($1::int[], $2::jsonb[], $3::text[])`,
        [
          templates.forms.map((_, i) => i),
          templates.forms.map((f) => JSON.stringify(f)),
          templates.forms.map((f) => searchableText(f)),
        ],
      );
      // Inlined per row: the instance's number g decides everything about it.
      await client.query(
        `CREATE FUNCTION pg_temp.seed_v(g bigint) RETURNS int LANGUAGE sql IMMUTABLE
           AS $$ SELECT (1 + ((g * 7919) % ${spread}))::int $$`,
      );
      await client.query(
        `CREATE FUNCTION pg_temp.seed_status(g bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
           SELECT CASE WHEN g % 100 < 60 AND pg_temp.seed_v(g) >= 5 THEN 'completed'
                       WHEN g % 100 < 65 OR (g % 100 < 60) THEN 'cancelled'
                       ELSE 'active' END $$`,
      );
      await client.query(
        `CREATE FUNCTION pg_temp.seed_state_after(s int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
           SELECT CASE WHEN s <= 1 THEN 'draft'
                       ELSE (ARRAY['communeReview','boardReview','committeeReview','draft'])[((s - 2) % 4) + 1]
                  END $$`,
      );
      await client.query(
        `CREATE FUNCTION pg_temp.seed_state(g bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
           SELECT CASE pg_temp.seed_status(g) WHEN 'completed' THEN 'promulgated'
                       WHEN 'cancelled' THEN 'cancelled'
                       ELSE pg_temp.seed_state_after(pg_temp.seed_v(g)) END $$`,
      );
      await client.query(
        `CREATE FUNCTION pg_temp.seed_id(g bigint) RETURNS uuid LANGUAGE sql IMMUTABLE
           AS $$ SELECT md5('dwf-bench-instance-' || g)::uuid $$`,
      );
      await client.query(
        `CREATE FUNCTION pg_temp.seed_hash(g bigint, s int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
           SELECT CASE WHEN s < 1 THEN repeat('0', 64)
                       ELSE md5(g || ':' || s) || md5(s || ':' || g) END $$`,
      );
      // Active instances are recent; closed ones spread over two years.
      await client.query(
        `CREATE FUNCTION pg_temp.seed_created(g bigint, now_ timestamptz) RETURNS timestamptz
           LANGUAGE sql IMMUTABLE AS $$
           SELECT now_ - make_interval(days => (g % CASE WHEN pg_temp.seed_status(g) = 'active' THEN 90 ELSE 730 END)::int,
                                       mins => (g % 1440)::int, hours => 48) $$`,
      );
    };
    await step('templates', () => Promise.all(clients.map((c, lane) => prepare(c, lane))));

    const before = await schemaObjects(client);
    await step('drop indexes and constraints', async () => {
      for (const o of before.filter((x) => x.kind === 'foreign-key')) {
        await client.query(`ALTER TABLE ${o.table} DROP CONSTRAINT ${q(o.name)}`);
      }
      for (const o of before.filter(
        (x) => x.kind === 'constraint' && LOADED_TABLES.includes(x.table),
      )) {
        await client.query(`ALTER TABLE ${o.table} DROP CONSTRAINT ${q(o.name)}`);
      }
      for (const o of before.filter((x) => x.kind === 'index')) {
        await client.query(`DROP INDEX ${q(o.name)}`);
      }
    });

    const columnsOf = async (table: string): Promise<Set<string>> =>
      new Set(
        (
          await client.query<{ column_name: string }>(
            `SELECT column_name FROM information_schema.columns WHERE table_name = $1`,
            [table],
          )
        ).rows.map((r) => r.column_name),
      );
    // Columns and tables the product added since the bench was written, filled as it fills them.
    const withFoldedTitle = (await columnsOf('workflow_instances')).has('folded_title');
    const withInboxSearch = (
      await client.query(`SELECT 1 FROM pg_class WHERE relname = 'inbox_search'`)
    ).rowCount;
    // Since migration InboxSearchCarriesTask the narrow row also carries the task's filter columns.
    const inboxSearchTaskColumns =
      withInboxSearch && (await columnsOf('inbox_search')).has('kind')
        ? ['kind', 'capability', 'state', 'due_at', 'created_at', 'claimed_by']
        : [];
    const now = new Date();
    await step(`instances (${instances.toLocaleString('en')})`, async () => {
      // The folded title is the start of the folded search text, as the product folds both.
      const foldedTitle = `'ra soat, bo sung quy che phoi hop ' || ($4::text[])[(1 + g % $5)::int] || ' nam ' || (2024 + g % 3)
                  || ' — ' || t.unit_folded || ' (so ' || g || ')'`;
      await all(
        `INSERT INTO workflow_instances (id, definition_id, definition_key, definition_version,
            org_unit_id, title, state, status, version, snapshot, data, history_head, search_text,
            created_by, created_at, updated_at${withFoldedTitle ? ', folded_title' : ''})
         SELECT pg_temp.seed_id(g), t.definition_id, t.definition_key, t.definition_version,
                t.org_unit_id,
                'Rà soát, bổ sung quy chế phối hợp ' || ($3::text[])[(1 + g % $5)::int] || ' năm ' || (2024 + g % 3)
                  || ' — ' || t.unit_name || ' (số ' || g || ')',
                t.state, t.status, pg_temp.seed_v(g), t.snapshot, t.data,
                pg_temp.seed_hash(g, pg_temp.seed_v(g)),
                ${foldedTitle} || t.body,
                t.created_by, pg_temp.seed_created(g, $2),
                pg_temp.seed_created(g, $2) + make_interval(hours => pg_temp.seed_v(g))
                ${withFoldedTitle ? `, ${foldedTitle}` : ''}
           FROM generate_series(1, $1::bigint) g
           JOIN seed_templates t ON t.commune = g % ${communes.length} AND t.state_key = pg_temp.seed_state(g)
          WHERE g BETWEEN pg_temp.seed_lo() AND pg_temp.seed_hi()`,
        [instances, now, TOPICS, TOPICS.map(foldDiacritics), TOPICS.length],
      );
    });

    const historyColumns = await columnsOf('history_events');
    const withSearchText = historyColumns.has('search_text');
    const mttq = communes.map((c) => user(`mttq.${c}`));
    const dangu = communes.map((c) => user(`dangu.${c}`));
    await step(`history events (~${(instances * avg).toLocaleString('en')})`, async () => {
      // Outer loop over the position, inner over the instance: events of one instance lie far
      // apart in the table, as when they were appended over months.
      await all(
        `INSERT INTO history_events (instance_id, seq, type, from_state, to_state, actor_id,
            actor_username, actor_org_unit_id, on_behalf_of_id, data, comment, command_id, at,
            prev_hash, hash${withSearchText ? ', search_text' : ''})
         SELECT pg_temp.seed_id(g), s, e.type, e.from_state, e.to_state, e.actor, u.username,
                u.org_unit_id, NULL,
                CASE e.type WHEN 'SUBMIT' THEN f.data
                            WHEN 'APPROVE' THEN jsonb_build_object('opinion', '${APPROVE_OPINION}')
                            WHEN 'RETURN' THEN '{}'::jsonb
                            WHEN 'CREATED' THEN '{}'::jsonb END,
                CASE e.type WHEN 'RETURN' THEN '${RETURN_COMMENT}' END,
                CASE WHEN s > 1 THEN md5('dwf-bench-command-' || g || ':' || s)::uuid END,
                pg_temp.seed_created(g, $1) + make_interval(hours => s),
                pg_temp.seed_hash(g, s - 1), pg_temp.seed_hash(g, s)
                ${
                  withSearchText
                    ? `, CASE e.type WHEN 'SUBMIT' THEN f.folded WHEN 'APPROVE' THEN $7
                                     WHEN 'RETURN' THEN $8 ELSE '' END`
                    : ''
                }
           FROM generate_series(1, ${spread}) s
           CROSS JOIN LATERAL generate_series(1, $2::bigint) g
           JOIN seed_forms f ON f.commune = g % ${communes.length}
           CROSS JOIN LATERAL (
             SELECT CASE WHEN s = 1 THEN 'CREATED'
                         WHEN s = pg_temp.seed_v(g) AND pg_temp.seed_status(g) = 'completed' THEN 'APPROVE'
                         WHEN s = pg_temp.seed_v(g) AND pg_temp.seed_status(g) = 'cancelled' THEN 'CANCEL'
                         ELSE (ARRAY['SUBMIT','APPROVE','APPROVE','RETURN'])[((s - 2) % 4) + 1] END AS type,
                    CASE WHEN s = 1 THEN NULL ELSE pg_temp.seed_state_after(s - 1) END AS from_state,
                    CASE WHEN s = pg_temp.seed_v(g) AND pg_temp.seed_status(g) = 'completed' THEN 'promulgated'
                         WHEN s = pg_temp.seed_v(g) AND pg_temp.seed_status(g) = 'cancelled' THEN 'cancelled'
                         ELSE pg_temp.seed_state_after(s) END AS to_state,
                    CASE WHEN s = 1 OR (s - 2) % 4 = 0 OR (s = pg_temp.seed_v(g) AND pg_temp.seed_status(g) = 'cancelled')
                           THEN ($3::uuid[])[(1 + g % ${communes.length})::int]
                         WHEN s = pg_temp.seed_v(g) AND pg_temp.seed_status(g) = 'completed' THEN $5::uuid
                         WHEN (s - 2) % 4 = 1 THEN ($4::uuid[])[(1 + g % ${communes.length})::int]
                         WHEN (s - 2) % 4 = 2 THEN $6::uuid
                         ELSE $5::uuid END AS actor
           ) e
           JOIN users u ON u.id = e.actor
          WHERE s <= pg_temp.seed_v(g) AND g BETWEEN pg_temp.seed_lo() AND pg_temp.seed_hi()`,
        [
          now,
          instances,
          mttq,
          dangu,
          user('btv'),
          user('danvan'),
          ...(withSearchText
            ? [foldDiacritics(APPROVE_OPINION), foldDiacritics(RETURN_COMMENT)]
            : []),
        ],
      );
    });

    const unit = (slug: string): string => session.unit(slug).id;
    await step('tasks', async () => {
      // The triggers that keep `inbox_search` would look each instance up while its key is
      // dropped: off for the load, the open tasks' rows written in one statement after it (the
      // templates' tasks, opened through the API, have theirs already).
      if (withInboxSearch) await client.query(`ALTER TABLE workflow_tasks DISABLE TRIGGER USER`);
      const mttqUnits = communes.map((c) => unit(`${c}.mttq`));
      const danguUnits = communes.map((c) => unit(`${c}.dang-uy`));
      // Every instance: its closed drafting task.
      await all(
        `INSERT INTO workflow_tasks (instance_id, state, assignee_unit_id, capability, status, due_at,
            created_at, closed_at, closed_by)
         SELECT pg_temp.seed_id(g), 'draft', ($2::uuid[])[(1 + g % ${communes.length})::int], 'drafter', 'done',
                pg_temp.seed_created(g, $3) + interval '15 days', pg_temp.seed_created(g, $3),
                pg_temp.seed_created(g, $3) + interval '2 hours', ($4::uuid[])[(1 + g % ${communes.length})::int]
           FROM generate_series(1, $1::bigint) g
          WHERE g BETWEEN pg_temp.seed_lo() AND pg_temp.seed_hi()`,
        [instances, mttqUnits, now, mttq],
      );
      // Completed ones: the Board's closed review.
      await all(
        `INSERT INTO workflow_tasks (instance_id, state, assignee_unit_id, capability, status, due_at,
            created_at, closed_at, closed_by)
         SELECT pg_temp.seed_id(g), 'boardReview', $2, 'approver', 'done',
                pg_temp.seed_created(g, $3) + interval '13 days', pg_temp.seed_created(g, $3) + interval '3 days',
                pg_temp.seed_created(g, $3) + interval '4 days', $4
           FROM generate_series(1, $1::bigint) g
          WHERE pg_temp.seed_status(g) = 'completed' AND g BETWEEN pg_temp.seed_lo() AND pg_temp.seed_hi()`,
        [instances, unit('ban-dan-van-huyen-uy'), now, user('danvan')],
      );
      // Active ones: the open task of their state.
      await all(
        `INSERT INTO workflow_tasks (instance_id, state, assignee_unit_id, capability, status, due_at, created_at)
         SELECT pg_temp.seed_id(g), st, CASE st
                  WHEN 'draft' THEN ($2::uuid[])[(1 + g % ${communes.length})::int]
                  WHEN 'communeReview' THEN ($3::uuid[])[(1 + g % ${communes.length})::int]
                  WHEN 'boardReview' THEN $4::uuid
                  ELSE $5::uuid END,
                CASE st WHEN 'draft' THEN 'drafter' ELSE 'approver' END, 'open',
                pg_temp.seed_created(g, $6) + make_interval(hours => pg_temp.seed_v(g))
                  + make_interval(days => CASE st WHEN 'draft' THEN 15 WHEN 'communeReview' THEN 7 ELSE 10 END),
                pg_temp.seed_created(g, $6) + make_interval(hours => pg_temp.seed_v(g))
           FROM generate_series(1, $1::bigint) g
           CROSS JOIN LATERAL (SELECT pg_temp.seed_state(g) AS st) x
          WHERE pg_temp.seed_status(g) = 'active' AND g BETWEEN pg_temp.seed_lo() AND pg_temp.seed_hi()`,
        [
          instances,
          mttqUnits,
          danguUnits,
          unit('ban-dan-van-huyen-uy'),
          unit('ban-thuong-vu-huyen-uy'),
          now,
        ],
      );
      if (withInboxSearch) {
        await client.query(
          `INSERT INTO inbox_search (task_id, instance_id, assignee_unit_id, search_text${inboxSearchTaskColumns.map((c) => `, ${c}`).join('')})
           SELECT t.id, t.instance_id, t.assignee_unit_id, i.search_text${inboxSearchTaskColumns.map((c) => `, t.${c}`).join('')}
             FROM workflow_tasks t JOIN workflow_instances i ON i.id = t.instance_id
            WHERE t.status = 'open'
              AND NOT EXISTS (SELECT 1 FROM inbox_search s WHERE s.task_id = t.id)`,
        );
        await client.query(`ALTER TABLE workflow_tasks ENABLE TRIGGER USER`);
      }
    });

    await step('recreate constraints and indexes', async () => {
      // Work queues shared by the lanes: keys first (foreign keys need them), GIN indexes first
      // among the indexes (the longest builds), foreign keys last.
      const drain = async (objects: SchemaObject[]): Promise<void> => {
        const queue = [...objects];
        await Promise.all(
          clients.map(async (c) => {
            for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
              const t = performance.now();
              await c.query(
                next.kind === 'index'
                  ? next.definition
                  : `ALTER TABLE ${next.table} ADD CONSTRAINT ${q(next.name)} ${next.definition}`,
              );
              const seconds = round((performance.now() - t) / 1000, 1);
              if (seconds >= 1) steps[`  ${next.kind} ${next.name}`] = seconds;
            }
          }),
        );
      };
      await drain(before.filter((x) => x.kind === 'constraint' && LOADED_TABLES.includes(x.table)));
      await drain(
        before
          .filter((x) => x.kind === 'index')
          .sort(
            (a, b) =>
              Number(/using gin/i.test(b.definition)) - Number(/using gin/i.test(a.definition)),
          ),
      );
      await drain(before.filter((x) => x.kind === 'foreign-key'));
    });
    const after = await schemaObjects(client);
    if (fingerprint(after) !== fingerprint(before)) {
      throw new Error('seed: the schema after the load differs from the schema before it');
    }

    await step('vacuum analyze', async () => {
      const queue = [...LOADED_TABLES];
      await Promise.all(
        clients.map(async (c) => {
          for (let table = queue.shift(); table !== undefined; table = queue.shift()) {
            await c.query(`VACUUM (ANALYZE) ${table}`);
          }
        }),
      );
    });

    const counts = await client.query<{ instances: string; events: string; tasks: string }>(
      `SELECT (SELECT count(*) FROM workflow_instances) AS instances,
              (SELECT count(*) FROM history_events) AS events,
              (SELECT count(*) FROM workflow_tasks) AS tasks`,
    );
    const open = await client.query<{ slug: string; n: string }>(
      `SELECT u.slug, count(*) AS n FROM workflow_tasks t JOIN org_units u ON u.id = t.assignee_unit_id
        WHERE t.status = 'open' GROUP BY u.slug ORDER BY count(*) DESC`,
    );
    return {
      instances: Number(counts.rows[0].instances),
      events: Number(counts.rows[0].events),
      tasks: Number(counts.rows[0].tasks),
      seconds: round((performance.now() - started) / 1000, 1),
      steps,
      openTasksByUnit: Object.fromEntries(open.rows.map((r) => [r.slug, Number(r.n)])),
      notes: [
        'all seeded instances are regulation reviews of the four communes; snapshots, form data and search text copied from instances the API moved to each state',
        `history: 1 to ${spread} events per instance (mean ${avg}), interleaved in insertion order; SUBMIT events carry the full form document`,
        'history hashes are well-formed but do not form a valid chain (reads do not verify)',
        'tasks: each instance has its closed drafting task; completed ones the Board’s closed review; active ones the open task of their state',
        'workflow_commands is not seeded (no read path touches it)',
      ],
    };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}
