import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  TIMESTAMP_PATTERN,
  timestampKeySql,
  UUID_PATTERN,
} from '../../common/pagination/keyset-cursor';
import { type ReturnedNoticeDto } from '../history/dto/returned-notice.dto';
import { HistoryService } from '../history/history.service';
import { type ActingIdentity } from '../delegations/acting-identity';
import { DelegationsService } from '../delegations/delegations.service';
import { subtreeOf } from '../org-units/org-tree';
import { OrgUnitsService } from '../org-units/org-units.service';
import { userRef } from '../users/dto/user-ref.dto';
import {
  type InboxCountsDto,
  type InboxCountsQueryDto,
  type InboxFiltersDto,
  type InboxItemDto,
  type InboxPageDto,
  type InboxQueryDto,
  type InboxSort,
} from './dto/inbox.dto';
import { inboxConditions, type InboxScope, SORT_KEY_SQL } from './inbox-query';
import { InboxViewsService } from './inbox-views.service';
import { HolidaysService } from '../holidays/holidays.service';
import {
  remainingWorkingDays,
  type WorkingCalendar,
} from '../../workflows/calendar/working-calendar';

const DEFAULT_LIMIT = 20;
const DEFAULT_DUE_SOON_HOURS = 48;

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

const CURSOR_SHAPE: Record<InboxSort, RegExp[]> = {
  due: [/^due$/, new RegExp(`${TIMESTAMP_PATTERN.source}|^infinity$`), UUID_PATTERN],
  age: [/^age$/, TIMESTAMP_PATTERN, UUID_PATTERN],
};

/**
 * What waits for the caller: open tasks of their unit and capabilities, and of every official
 * whose tasks they hold by delegation. Paged by keyset on the sort key and the task id, so a page
 * costs the same deep in the list as at its head, and rows inserted meanwhile cause no repeats.
 */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly delegations: DelegationsService,
    private readonly orgUnits: OrgUnitsService,
    private readonly views: InboxViewsService,
    private readonly clock: Clock,
    private readonly history: HistoryService,
    private readonly holidays: HolidaysService,
  ) {}

  async page(user: AuthenticatedUser, query: InboxQueryDto): Promise<InboxPageDto> {
    const filters = await this.withView(user, query, query.view);
    const sort = filters.sort ?? 'due';
    const limit = query.limit ?? DEFAULT_LIMIT;
    const scope = await this.scope(user, filters);
    const { conditions: sql, onBehalfOfSql, now } = inboxConditions(scope, filters);
    const key = SORT_KEY_SQL[sort];
    if (query.cursor) {
      const [, at, id] = decodeKeysetCursor(query.cursor, CURSOR_SHAPE[sort]);
      sql.and(`(${key}, t.id) > (${sql.param(at)}::timestamptz, ${sql.param(id)}::uuid)`);
    }
    const keyText =
      sort === 'due'
        ? `CASE WHEN t.due_at IS NULL THEN 'infinity' ELSE ${timestampKeySql('t.due_at')} END`
        : timestampKeySql('t.created_at');

    const rows = await this.dataSource.query<InboxRow[]>(
      `SELECT t.id AS task_id, t.instance_id, i.definition_key, i.title, t.state, i.org_unit_id,
              t.due_at, t.created_at, t.capability, ${SORT_KEY_SQL.due} < ${now} AS overdue,
              t.claimed_at, cu.id AS claimed_by_id, cu.username AS claimed_by_username,
              cu.full_name AS claimed_by_full_name, ${onBehalfOfSql()} AS on_behalf_of_id,
              ${keyText} AS sort_key
         FROM workflow_tasks t
         JOIN workflow_instances i ON i.id = t.instance_id
         LEFT JOIN users cu ON cu.id = t.claimed_by
        WHERE ${sql.whereSql()}
        ORDER BY ${key}, t.id
        LIMIT ${sql.param(limit + 1)}`,
      sql.params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const delegators = new Map(scope.identities.map((identity) => [identity.userId, identity]));
    const returned = await this.history.returnedNotices([
      ...new Set(page.map((row) => row.instance_id)),
    ]);
    const left = remainingDaysCounter(scope.now, await this.holidays.calendar());
    return {
      items: page.map((row) =>
        toItem(row, delegators, left, returned.get(row.instance_id) ?? null),
      ),
      nextCursor:
        rows.length > limit && last
          ? encodeKeysetCursor([sort, last.sort_key, last.task_id])
          : null,
    };
  }

  /** Badge counts over the same inbox (and filters), split by workflow and by state. */
  async counts(user: AuthenticatedUser, query: InboxCountsQueryDto): Promise<InboxCountsDto> {
    const filters = await this.withView(user, query, query.view);
    const scope = await this.scope(user, filters);
    const { conditions: sql, ownSql, now } = inboxConditions(scope, filters);
    const soon = new Date(
      scope.now.getTime() + (query.dueSoonHours ?? DEFAULT_DUE_SOON_HOURS) * 3_600_000,
    );
    const rows = await this.dataSource.query<CountRow[]>(
      `SELECT i.definition_key, t.state, count(*) AS total,
              count(*) FILTER (WHERE ${SORT_KEY_SQL.due} < ${now}) AS overdue,
              count(*) FILTER (WHERE t.due_at >= ${now} AND t.due_at < ${sql.param(soon)}) AS due_soon,
              count(*) FILTER (WHERE t.claimed_by IS NULL) AS unclaimed,
              count(*) FILTER (WHERE t.claimed_by = ${sql.param(user.id)}::uuid) AS mine,
              count(*) FILTER (WHERE NOT ${ownSql}) AS delegated
         FROM workflow_tasks t
         JOIN workflow_instances i ON i.id = t.instance_id
        WHERE ${sql.whereSql()}
        GROUP BY i.definition_key, t.state
        ORDER BY i.definition_key, t.state`,
      sql.params,
    );
    const counts: InboxCountsDto = {
      total: 0,
      overdue: 0,
      dueSoon: 0,
      unclaimed: 0,
      claimedByMe: 0,
      delegated: 0,
      byDefinition: [],
      byState: [],
    };
    const byDefinition = new Map<string, InboxCountsDto['byDefinition'][number]>();
    for (const row of rows) {
      const [total, overdue, dueSoon] = [row.total, row.overdue, row.due_soon].map(Number);
      counts.total += total;
      counts.overdue += overdue;
      counts.dueSoon += dueSoon;
      counts.unclaimed += Number(row.unclaimed);
      counts.claimedByMe += Number(row.mine);
      counts.delegated += Number(row.delegated);
      counts.byState.push({ definitionKey: row.definition_key, state: row.state, total });
      const entry = byDefinition.get(row.definition_key) ?? {
        definitionKey: row.definition_key,
        total: 0,
        overdue: 0,
        dueSoon: 0,
      };
      entry.total += total;
      entry.overdue += overdue;
      entry.dueSoon += dueSoon;
      byDefinition.set(row.definition_key, entry);
    }
    counts.byDefinition = [...byDefinition.values()];
    return counts;
  }

  /** A saved view's filters, overridden by the ones given in the request. */
  private async withView<F extends InboxFiltersDto>(
    user: AuthenticatedUser,
    query: F,
    viewId: string | undefined,
  ): Promise<InboxFiltersDto> {
    if (!viewId) return query;
    const saved = await this.views.filtersOf(user, viewId);
    const given = Object.fromEntries(
      Object.entries(query).filter(([, value]) => value !== undefined),
    ) as Partial<InboxFiltersDto>;
    return { ...saved, ...given };
  }

  private async scope(user: AuthenticatedUser, filters: InboxFiltersDto): Promise<InboxScope> {
    const now = this.clock.now();
    const identities = await this.delegations.identitiesOf(user, now);
    let orgUnitIds: string[] | undefined;
    if (filters.orgUnitId) {
      orgUnitIds = subtreeOf(filters.orgUnitId, await this.orgUnits.directory()).map((u) => u.id);
      // An unknown unit filters everything out rather than nothing.
      if (orgUnitIds.length === 0) orgUnitIds = [filters.orgUnitId];
    }
    return { userId: user.id, identities, now, orgUnitIds };
  }
}

// Working days left before a due time, as of the inbox's `now` (null without a deadline).
function remainingDaysCounter(
  now: Date,
  calendar: WorkingCalendar,
): (dueAt: Date | null) => number | null {
  return (dueAt) => (dueAt ? remainingWorkingDays(now, dueAt, calendar) : null);
}

function toItem(
  row: InboxRow,
  identities: ReadonlyMap<string, ActingIdentity>,
  workingDaysLeft: (dueAt: Date | null) => number | null,
  returned: ReturnedNoticeDto | null,
): InboxItemDto {
  const delegator = row.on_behalf_of_id ? identities.get(row.on_behalf_of_id) : undefined;
  return {
    taskId: row.task_id,
    instanceId: row.instance_id,
    definitionKey: row.definition_key,
    title: row.title,
    state: row.state,
    orgUnitId: row.org_unit_id,
    dueAt: row.due_at,
    remainingWorkingDays: workingDaysLeft(row.due_at),
    overdue: row.overdue,
    createdAt: row.created_at,
    capability: row.capability,
    claimedBy: userRef(row.claimed_by_id, row.claimed_by_username, row.claimed_by_full_name),
    claimedAt: row.claimed_at,
    onBehalfOf: delegator
      ? { id: delegator.userId, username: delegator.username, fullName: delegator.fullName }
      : null,
    returned,
  };
}
