import { foldDiacritics } from '../../common/text/fold-diacritics';
import { type ActingIdentity } from '../delegations/acting-identity';
import { type InboxFiltersDto, type InboxSort } from './dto/inbox.dto';

/** Positional parameters and the conditions that use them, built together so numbers never drift. */
export class SqlConditions {
  readonly params: unknown[] = [];
  readonly where: string[] = [];

  /** Adds a parameter and returns its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  and(condition: string): void {
    this.where.push(condition);
  }

  whereSql(): string {
    return this.where.length > 0 ? this.where.join(' AND ') : 'true';
  }
}

/** The sort keys, written exactly as the inbox indexes are (see migration InboxClaimsAndViews). */
export const SORT_KEY_SQL: Record<InboxSort, string> = {
  due: `COALESCE(t.due_at, 'infinity'::timestamptz)`,
  age: `t.created_at`,
};

/** Who the inbox is for, and the facts filters are evaluated against. */
export interface InboxScope {
  userId: string;
  identities: readonly ActingIdentity[];
  now: Date;
  /** The instance-unit filter, resolved to the unit and every unit below it. */
  orgUnitIds?: readonly string[];
}

export interface InboxConditions {
  conditions: SqlConditions;
  /** SQL giving the delegator's id when the task is there only by delegation, else NULL. */
  onBehalfOfSql: () => string;
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
export function inboxConditions(scope: InboxScope, filters: InboxFiltersDto): InboxConditions {
  const sql = new SqlConditions();
  const now = sql.param(scope.now);
  const matches = scope.identities.map(
    (identity) =>
      `(t.assignee_unit_id = ${sql.param(identity.orgUnitId)}::uuid AND (t.capability IS NULL OR t.capability = ANY(${sql.param(identity.capabilities)}::text[])))`,
  );
  sql.and(`t.status = 'open'`);
  // Follow-up copies of overdue steps elsewhere are not the caller's to act on: a tab of their own.
  sql.and(`t.kind = ${sql.param(filters.kind ?? 'step')}`);
  sql.and(matches.length === 1 ? matches[0] : `(${matches.join(' OR ')})`);
  const [ownSql, ...delegated] = matches;
  // Built on demand: its parameters must only exist in queries that use them.
  const onBehalfOfSql = (): string =>
    delegated.length === 0
      ? 'NULL::uuid'
      : `CASE WHEN ${ownSql} THEN NULL ${delegated
          .map(
            (match, i) => `WHEN ${match} THEN ${sql.param(scope.identities[i + 1].userId)}::uuid`,
          )
          .join(' ')} END`;

  const due = SORT_KEY_SQL.due;
  if (filters.definitionKey) sql.and(`i.definition_key = ${sql.param(filters.definitionKey)}`);
  if (filters.state) sql.and(`t.state = ${sql.param(filters.state)}`);
  if (scope.orgUnitIds) sql.and(`i.org_unit_id = ANY(${sql.param(scope.orgUnitIds)}::uuid[])`);
  if (filters.overdue !== undefined) sql.and(`${due} ${filters.overdue ? '<' : '>='} ${now}`);
  if (filters.dueBefore) sql.and(`${due} < ${sql.param(new Date(filters.dueBefore))}`);
  if (filters.dueWithinHours !== undefined) {
    const until = new Date(scope.now.getTime() + filters.dueWithinHours * 3_600_000);
    sql.and(`${due} < ${sql.param(until)}`);
  }
  const text = filters.q ? foldDiacritics(filters.q.trim()) : '';
  if (text) sql.and(`i.search_text LIKE ${sql.param(`%${escapeLike(text)}%`)}`);
  switch (filters.claim) {
    case undefined:
      break;
    case 'mine':
      sql.and(`t.claimed_by = ${sql.param(scope.userId)}::uuid`);
      break;
    case 'unclaimed':
      sql.and(`t.claimed_by IS NULL`);
      break;
    case 'others':
      sql.and(`t.claimed_by <> ${sql.param(scope.userId)}::uuid`);
      break;
  }
  return { conditions: sql, onBehalfOfSql, ownSql, now };
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
