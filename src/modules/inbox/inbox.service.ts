import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  TIMESTAMP_PATTERN,
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
import { InboxRepository, type InboxScope, type InboxTaskRecord } from './inbox.repository';
import { InboxViewsService } from './inbox-views.service';
import { HolidaysService } from '../holidays/holidays.service';
import {
  remainingWorkingDays,
  type WorkingCalendar,
} from '../../workflows/calendar/working-calendar';

const DEFAULT_LIMIT = 20;
const DEFAULT_DUE_SOON_HOURS = 48;

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
    private readonly repository: InboxRepository,
  ) {}

  async page(user: AuthenticatedUser, query: InboxQueryDto): Promise<InboxPageDto> {
    const filters = await this.withView(user, query, query.view);
    const sort = filters.sort ?? 'due';
    const limit = query.limit ?? DEFAULT_LIMIT;
    const scope = await this.scope(user, filters);
    let after: { key: string; id: string } | null = null;
    if (query.cursor) {
      const [, key, id] = decodeKeysetCursor(query.cursor, CURSOR_SHAPE[sort]);
      after = { key, id };
    }
    const rows = await this.repository.page(
      this.dataSource.manager,
      scope,
      filters,
      sort,
      after,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const delegators = new Map(scope.identities.map((identity) => [identity.userId, identity]));
    const returned = await this.history.returnedNotices([
      ...new Set(page.map((row) => row.instanceId)),
    ]);
    const left = remainingDaysCounter(scope.now, await this.holidays.calendar());
    return {
      items: page.map((row) =>
        toItem(row, delegators, left, returned.get(row.instanceId) ?? null),
      ),
      nextCursor:
        rows.length > limit && last
          ? encodeKeysetCursor([sort, last.sortKey, last.taskId])
          : null,
    };
  }

  /** Badge counts over the same inbox (and filters), split by workflow and by state. */
  async counts(user: AuthenticatedUser, query: InboxCountsQueryDto): Promise<InboxCountsDto> {
    const filters = await this.withView(user, query, query.view);
    const scope = await this.scope(user, filters);
    const soon = new Date(
      scope.now.getTime() + (query.dueSoonHours ?? DEFAULT_DUE_SOON_HOURS) * 3_600_000,
    );
    const rows = await this.repository.counts(this.dataSource.manager, scope, filters, soon);
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
      const { total, overdue, dueSoon } = row;
      counts.total += total;
      counts.overdue += overdue;
      counts.dueSoon += dueSoon;
      counts.unclaimed += row.unclaimed;
      counts.claimedByMe += row.mine;
      counts.delegated += row.delegated;
      counts.byState.push({ definitionKey: row.definitionKey, state: row.state, total });
      const entry = byDefinition.get(row.definitionKey) ?? {
        definitionKey: row.definitionKey,
        total: 0,
        overdue: 0,
        dueSoon: 0,
      };
      entry.total += total;
      entry.overdue += overdue;
      entry.dueSoon += dueSoon;
      byDefinition.set(row.definitionKey, entry);
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
  row: InboxTaskRecord,
  identities: ReadonlyMap<string, ActingIdentity>,
  workingDaysLeft: (dueAt: Date | null) => number | null,
  returned: ReturnedNoticeDto | null,
): InboxItemDto {
  const delegator = row.onBehalfOfId ? identities.get(row.onBehalfOfId) : undefined;
  return {
    taskId: row.taskId,
    instanceId: row.instanceId,
    definitionKey: row.definitionKey,
    title: row.title,
    state: row.state,
    orgUnitId: row.orgUnitId,
    dueAt: row.dueAt,
    remainingWorkingDays: workingDaysLeft(row.dueAt),
    overdue: row.overdue,
    createdAt: row.createdAt,
    capability: row.capability,
    claimedBy: userRef(row.claimedBy.id, row.claimedBy.username, row.claimedBy.fullName),
    claimedAt: row.claimedAt,
    onBehalfOf: delegator
      ? { id: delegator.userId, username: delegator.username, fullName: delegator.fullName }
      : null,
    returned,
  };
}
