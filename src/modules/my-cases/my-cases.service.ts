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
import { foldDiacritics } from '../../common/text/fold-diacritics';
import { HistoryService } from '../history/history.service';
import { type MyCasesPageDto, type MyCasesQueryDto } from './dto/my-cases.dto';
import { MyCasesRepository } from './my-cases.repository';

const DEFAULT_LIMIT = 20;
const CURSOR_SHAPE = [TIMESTAMP_PATTERN, UUID_PATTERN];

/**
 * "My cases": what the caller started, acted on, or follows (their unit's follow-up copies of
 * overdue steps, and the cases they commented on), or what was sent to their unit to know and
 * comment on (nơi nhận), newest change first. Each relation only
 * reaches cases the caller may read: they started, acted on or were sent each of them.
 */
@Injectable()
export class MyCasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: HistoryService,
    private readonly clock: Clock,
    private readonly repository: MyCasesRepository,
  ) {}

  async page(user: AuthenticatedUser, query: MyCasesQueryDto): Promise<MyCasesPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const nowDate = this.clock.now();
    const text = query.q ? foldDiacritics(query.q.trim()) : '';
    let after: { at: string; id: string } | null = null;
    if (query.cursor) {
      const [at, id] = decodeKeysetCursor(query.cursor, CURSOR_SHAPE);
      after = { at, id };
    }
    const { rows, total } = await this.repository.page(
      this.dataSource.manager,
      {
        userId: user.id,
        userOrgUnitId: user.orgUnitId,
        relation: query.relation ?? 'created',
        definitionKey: query.definitionKey,
        status: query.status,
        text: text || undefined,
        overdue: query.overdue,
        now: nowDate,
      },
      after,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const returned = await this.history.returnedNotices(page.map((row) => row.id));
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        instanceId: row.id,
        definitionKey: row.definitionKey,
        title: row.title,
        state: row.state,
        status: row.status,
        orgUnitId: row.orgUnitId,
        dueAt: row.dueAt,
        overdue: row.dueAt !== null && row.dueAt < nowDate,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        returned: returned.get(row.id) ?? null,
      })),
      nextCursor: rows.length > limit && last ? encodeKeysetCursor([last.sortKey, last.id]) : null,
      total,
    };
  }
}
