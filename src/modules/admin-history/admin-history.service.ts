import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DEFAULT_PAGE_LIMIT } from '../../common/pagination/page-query.dto';
import { decodeTimeCursor, encodeTimeCursor } from '../../common/pagination/keyset-cursor';
import {
  type AdminActor,
  type AdminChange,
  type AdminEvent,
  AdminHistoryRepository,
} from './admin-history.repository';
import {
  type AdminAuditEventDto,
  type AdminAuditPageDto,
  type AdminAuditQueryDto,
} from './dto/admin-history.dto';

export { type AdminAction, type AdminActor, type AdminChange } from './admin-history.repository';

/**
 * The append-only record of admin changes. {@link record} takes the caller's transaction, so a
 * change and its record commit or roll back together.
 */
@Injectable()
export class AdminHistoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: AdminHistoryRepository,
  ) {}

  record(manager: EntityManager, actor: AdminActor, change: AdminChange): Promise<void> {
    return this.repository.insert(manager, actor, change);
  }

  async page(query: AdminAuditQueryDto): Promise<AdminAuditPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const rows = await this.repository.list(
      this.dataSource.manager,
      {
        actorUsername: query.actor ? query.actor.trim().toLowerCase() : undefined,
        action: query.action,
        targetType: query.targetType,
        targetId: query.targetId,
        since: query.since ? new Date(query.since) : undefined,
        until: query.until ? new Date(query.until) : undefined,
        after: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
        order: query.order ?? 'desc',
      },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toDto),
      nextCursor:
        rows.length > limit && last ? encodeTimeCursor({ at: last.atKey, id: last.id }) : null,
    };
  }
}

function toDto(event: AdminEvent): AdminAuditEventDto {
  return {
    id: event.id,
    at: event.at,
    actor: event.actor,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    before: event.before,
    after: event.after,
    reason: event.reason,
  };
}
