import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { timestampKeySql } from '../../common/pagination/keyset-cursor';
import { SqlConditions } from '../../database/sql-conditions';
import { foldDiacritics } from '../../common/text/fold-diacritics';
import { containsPattern } from '../../common/text/like-pattern';
import { type ActingIdentity } from '../delegations/acting-identity';
import { type InboxFiltersDto, type InboxSort } from './dto/inbox.dto';

/** An open task as the inbox lists it. */
export interface InboxTaskRecord {
  taskId: string;
  instanceId: string;
  definitionKey: string;
  title: string;
  state: string;
  orgUnitId: string;
  dueAt: Date | null;
  createdAt: Date;
  capability: string | null;
  overdue: boolean;
  claimedAt: Date | null;
  claimedBy: { id: string | null; username: string | null; fullName: string | null };
  /** The delegator whose task this is, when it is the caller's only by delegation. */
  onBehalfOfId: string | null;
  /** The sort key at full precision, for the cursor. */
  sortKey: string;
}

/** Counts of one (workflow, state) group of the inbox. */
export interface InboxCountRecord {
  definitionKey: string;
  state: string;
  total: number;
  overdue: number;
  dueSoon: number;
  unclaimed: number;
  mine: number;
  delegated: number;
}

interface InboxRow {
  task_id: string;
  instance_id: string;
  definition_key: string;
  title: string;
  state: string;
  org_unit_id: string;
  due_at: Date | null;
  created_at: Date;
  capability: string | null;
  overdue: boolean;
  claimed_at: Date | null;
  claimed_by_id: string | null;
  claimed_by_username: string | null;
  claimed_by_full_name: string | null;
  on_behalf_of_id: string | null;
  sort_key: string;
}

interface CountRow {
  definition_key: string;
  state: string;
  total: string;
  overdue: string;
  due_soon: string;
  unclaimed: string;
  mine: string;
  delegated: string;
}

/**
 * Where an inbox query reads its open tasks: `workflow_tasks t`, or — for a free-text search —
 * their narrow rows `inbox_search s` (migrations NarrowSearch, InboxSearchCarriesTask), which carry
 * every task column the inbox filters and orders by, so the page is chosen without reading a task.
 */
interface TaskSource {
  /** The FROM item. */
  from: string;
  /** The alias of the task columns (`assignee_unit_id`, `kind`, `due_at`, …). */
  alias: 't' | 's';
  /** The task id. */
  id: string;
  /** The condition "open" (every narrow row is an open task's). */
  open: string | null;
}

const TASKS: TaskSource = {
  from: 'workflow_tasks t',
  alias: 't',
  id: 't.id',
  open: `t.status = 'open'`,
};
const NARROW: TaskSource = { from: 'inbox_search s', alias: 's', id: 's.task_id', open: null };

/** The sort keys, written exactly as the inbox indexes are (see migrations InboxClaimsAndViews, InboxSearchCarriesTask). */
function sortKeySql(sort: InboxSort, alias: string): string {
  return sort === 'due'
    ? `COALESCE(${alias}.due_at, 'infinity'::timestamptz)`
    : `${alias}.created_at`;
}

const INSTANCE_JOIN = 'JOIN workflow_instances i ON i.id = t.instance_id';

/** Who the inbox is for, and the facts filters are evaluated against. */
export interface InboxScope {
  userId: string;
  identities: readonly ActingIdentity[];
  now: Date;
  /** The instance-unit filter, resolved to the unit and every unit below it. */
  orgUnitIds?: readonly string[];
}

interface InboxConditions {
  conditions: SqlConditions;
  /** The tasks read: all open tasks, or their narrow rows when the query searches text. */
  source: TaskSource;
  /** Whether the conditions read the instance `i` (joined on the source's `instance_id`). */
  needsInstance: boolean;
  /** SQL giving the delegator's id when the task (alias `a`) is there only by delegation, else NULL. */
  onBehalfOfSql: (a: string) => string;
  /** SQL true when the task waits for the caller in their own right. */
  ownSql: string;
  /** Placeholder of the evaluation time. */
  now: string;
}

/**
 * The conditions every inbox query shares: open tasks that wait for one of the caller's identities
 * (own unit and capabilities, or a delegator's), narrowed by the filters. Deadline conditions are
 * written over the `due` sort expression so they bound the index scan.
 */
function inboxConditions(scope: InboxScope, filters: InboxFiltersDto): InboxConditions {
  const sql = new SqlConditions();
  const now = sql.param(scope.now);
  const text = filters.q ? foldDiacritics(filters.q.trim()) : '';
  const source = text ? NARROW : TASKS;
  const t = source.alias;
  const placeholders = scope.identities.map((identity) => ({
    unit: sql.param(identity.orgUnitId),
    capabilities: sql.param(identity.capabilities),
  }));
  // "Waits for this identity", over the task columns of the alias `a` (a narrow row or a task).
  const matchesOf = (a: string): string[] =>
    placeholders.map(
      ({ unit, capabilities }) =>
        `(${a}.assignee_unit_id = ${unit}::uuid AND (${a}.capability IS NULL OR ${a}.capability = ANY(${capabilities}::text[])))`,
    );
  const matches = matchesOf(t);
  if (source.open) sql.and(source.open);
  // Follow-up copies of overdue steps elsewhere are not the caller's to act on: a tab of their own.
  sql.and(`${t}.kind = ${sql.param(filters.kind ?? 'step')}`);
  sql.and(matches.length === 1 ? matches[0] : `(${matches.join(' OR ')})`);
  // Built on demand: its parameters must only exist in queries that use them.
  const onBehalfOfSql = (a: string): string => {
    const [own, ...delegated] = matchesOf(a);
    return delegated.length === 0
      ? 'NULL::uuid'
      : `CASE WHEN ${own} THEN NULL ${delegated
          .map(
            (match, i) => `WHEN ${match} THEN ${sql.param(scope.identities[i + 1].userId)}::uuid`,
          )
          .join(' ')} END`;
  };

  const due = sortKeySql('due', t);
  const needsInstance = Boolean(filters.definitionKey || scope.orgUnitIds);
  if (filters.definitionKey) sql.and(`i.definition_key = ${sql.param(filters.definitionKey)}`);
  if (filters.state) sql.and(`${t}.state = ${sql.param(filters.state)}`);
  if (scope.orgUnitIds) sql.and(`i.org_unit_id = ANY(${sql.param(scope.orgUnitIds)}::uuid[])`);
  if (filters.overdue !== undefined) sql.and(`${due} ${filters.overdue ? '<' : '>='} ${now}`);
  if (filters.dueBefore) sql.and(`${due} < ${sql.param(new Date(filters.dueBefore))}`);
  if (filters.dueWithinHours !== undefined) {
    const until = new Date(scope.now.getTime() + filters.dueWithinHours * 3_600_000);
    sql.and(`${due} < ${sql.param(until)}`);
  }
  if (text) {
    // The narrow row holds its instance's folded search text next to the task's unit, filters and
    // sort keys: the planner either takes the unit's matches from the GIN index over (unit, text)
    // and sorts them, or — for a common term — walks the unit's rows in page order, testing each.
    sql.and(`s.search_text LIKE ${sql.param(containsPattern(text))}`);
    // With delegators' identities too, their units as one list: the index scans take it, where
    // they cannot take the OR of the identities.
    const units = [...new Set(scope.identities.map((identity) => identity.orgUnitId))];
    if (units.length > 1) sql.and(`s.assignee_unit_id = ANY(${sql.param(units)}::uuid[])`);
  }
  switch (filters.claim) {
    case undefined:
      break;
    case 'mine':
      sql.and(`${t}.claimed_by = ${sql.param(scope.userId)}::uuid`);
      break;
    case 'unclaimed':
      sql.and(`${t}.claimed_by IS NULL`);
      break;
    case 'others':
      sql.and(`${t}.claimed_by <> ${sql.param(scope.userId)}::uuid`);
      break;
  }
  return { conditions: sql, source, needsInstance, onBehalfOfSql, ownSql: matches[0], now };
}

/** The source's FROM clause, with the instance when the conditions read it. */
function fromSql(source: TaskSource, needsInstance: boolean): string {
  return needsInstance
    ? `${source.from} JOIN workflow_instances i ON i.id = ${source.alias}.instance_id`
    : source.from;
}

/** The inbox's reads of open tasks with their instances (the tasks module writes them). */
@Injectable()
export class InboxRepository {
  /** One page in `sort` order after the cursor `(sort key, task id)`, if any. */
  async page(
    manager: EntityManager,
    scope: InboxScope,
    filters: InboxFiltersDto,
    sort: InboxSort,
    after: { key: string; id: string } | null,
    limit: number,
  ): Promise<InboxTaskRecord[]> {
    const {
      conditions: sql,
      source,
      needsInstance,
      onBehalfOfSql,
      now,
    } = inboxConditions(scope, filters);
    const pageKey = sortKeySql(sort, source.alias);
    if (after) {
      sql.and(
        `(${pageKey}, ${source.id}) > (${sql.param(after.key)}::timestamptz, ${sql.param(after.id)}::uuid)`,
      );
    }
    const key = sortKeySql(sort, 't');
    const keyText =
      sort === 'due'
        ? `CASE WHEN t.due_at IS NULL THEN 'infinity' ELSE ${timestampKeySql('t.due_at')} END`
        : timestampKeySql('t.created_at');
    const chosen = `SELECT ${source === TASKS ? 't.*' : 's.task_id'} FROM ${fromSql(source, needsInstance)}
                     WHERE ${sql.whereSql()}
                     ORDER BY ${pageKey}, ${source.id}
                     LIMIT ${sql.param(limit)}`;
    const pageTasks =
      source === TASKS
        ? `(${chosen}) t`
        : `(${chosen}) p JOIN workflow_tasks t ON t.id = p.task_id`;
    // The page's tasks first, their task rows, instances and claimants after: a search that sorts
    // its matches reads none of those for the matches that miss the page.
    const rows = await manager.query<InboxRow[]>(
      `SELECT t.id AS task_id, t.instance_id, i.definition_key, i.title, t.state, i.org_unit_id,
              t.due_at, t.created_at, t.capability, ${sortKeySql('due', 't')} < ${now} AS overdue,
              t.claimed_at, cu.id AS claimed_by_id, cu.username AS claimed_by_username,
              cu.full_name AS claimed_by_full_name, ${onBehalfOfSql('t')} AS on_behalf_of_id,
              ${keyText} AS sort_key
         FROM ${pageTasks}
         ${INSTANCE_JOIN}
         LEFT JOIN users cu ON cu.id = t.claimed_by
        ORDER BY ${key}, t.id`,
      sql.params,
    );
    return rows.map((row) => ({
      taskId: row.task_id,
      instanceId: row.instance_id,
      definitionKey: row.definition_key,
      title: row.title,
      state: row.state,
      orgUnitId: row.org_unit_id,
      dueAt: row.due_at,
      createdAt: row.created_at,
      capability: row.capability,
      overdue: row.overdue,
      claimedAt: row.claimed_at,
      claimedBy: {
        id: row.claimed_by_id,
        username: row.claimed_by_username,
        fullName: row.claimed_by_full_name,
      },
      onBehalfOfId: row.on_behalf_of_id,
      sortKey: row.sort_key,
    }));
  }

  /** Counts over the same inbox by workflow and state; `soon` bounds "due soon". */
  async counts(
    manager: EntityManager,
    scope: InboxScope,
    filters: InboxFiltersDto,
    soon: Date,
  ): Promise<InboxCountRecord[]> {
    const { conditions: sql, source, ownSql, now } = inboxConditions(scope, filters);
    const t = source.alias;
    const rows = await manager.query<CountRow[]>(
      `SELECT i.definition_key, ${t}.state, count(*) AS total,
              count(*) FILTER (WHERE ${sortKeySql('due', t)} < ${now}) AS overdue,
              count(*) FILTER (WHERE ${t}.due_at >= ${now} AND ${t}.due_at < ${sql.param(soon)}) AS due_soon,
              count(*) FILTER (WHERE ${t}.claimed_by IS NULL) AS unclaimed,
              count(*) FILTER (WHERE ${t}.claimed_by = ${sql.param(scope.userId)}::uuid) AS mine,
              count(*) FILTER (WHERE NOT ${ownSql}) AS delegated
         FROM ${fromSql(source, true)}
        WHERE ${sql.whereSql()}
        GROUP BY i.definition_key, ${t}.state
        ORDER BY i.definition_key, ${t}.state`,
      sql.params,
    );
    return rows.map((row) => ({
      definitionKey: row.definition_key,
      state: row.state,
      total: Number(row.total),
      overdue: Number(row.overdue),
      dueSoon: Number(row.due_soon),
      unclaimed: Number(row.unclaimed),
      mine: Number(row.mine),
      delegated: Number(row.delegated),
    }));
  }
}
