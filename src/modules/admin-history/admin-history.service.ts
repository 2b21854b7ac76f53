import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DEFAULT_PAGE_LIMIT } from '../../common/pagination/page-query.dto';
import {
  afterCursorSql,
  decodeTimeCursor,
  encodeTimeCursor,
  timeCursorSql,
} from '../../common/pagination/keyset-cursor';
import {
  type AdminAuditEventDto,
  type AdminAuditPageDto,
  type AdminAuditQueryDto,
} from './dto/admin-history.dto';
import { type JsonObject } from '../../common/json/json.types';

/** `<target type>.<verb>`, e.g. `user.deactivate`, `org-unit.update`, `definition.deprecate`. */
export type AdminAction = `${string}.${string}`;

export interface AdminChange {
  action: AdminAction;
  targetType: string;
  targetId: string;
  before: JsonObject | null;
  after: JsonObject | null;
  /** Why the admin made the change, when they were asked (publish, lock). */
  reason?: string | null;
}

export interface AdminActor {
  id: string;
  username: string;
}

interface AdminAuditRow {
  id: string;
  at: Date;
  at_key: string;
  actor_id: string;
  actor_username: string;
  action: string;
  target_type: string;
  target_id: string;
  before: JsonObject | null;
  after: JsonObject | null;
  reason: string | null;
}

/**
 * The append-only record of admin changes. {@link record} takes the caller's transaction, so a
 * change and its record commit or roll back together.
 */
@Injectable()
export class AdminHistoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, actor: AdminActor, change: AdminChange): Promise<void> {
    await manager.query(
      `INSERT INTO admin_audit_events (actor_id, actor_username, action, target_type, target_id, before, after, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        actor.id,
        actor.username,
        change.action,
        change.targetType,
        change.targetId,
        change.before,
        change.after,
        change.reason ?? null,
      ],
    );
  }

  async page(query: AdminAuditQueryDto): Promise<AdminAuditPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const order = query.order ?? 'desc';
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (n: number) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (query.actor) add((n) => `a.actor_username = $${n}`, query.actor.trim().toLowerCase());
    if (query.action) add((n) => `a.action = $${n}`, query.action);
    if (query.targetType) add((n) => `a.target_type = $${n}`, query.targetType);
    if (query.targetId) add((n) => `a.target_id = $${n}`, query.targetId);
    if (query.since) add((n) => `a.at >= $${n}`, new Date(query.since));
    if (query.until) add((n) => `a.at < $${n}`, new Date(query.until));
    if (query.cursor) {
      const cursor = decodeTimeCursor(query.cursor);
      params.push(cursor.at, cursor.id);
      where.push(afterCursorSql('a.at', 'a.id', order, params.length - 1, params.length));
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query<AdminAuditRow[]>(
      `SELECT a.id, a.at, ${timeCursorSql('a.at')} AS at_key, a.actor_id, a.actor_username,
              a.action, a.target_type, a.target_id, a.before, a.after, a.reason
         FROM admin_audit_events a
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.at ${order}, a.id ${order}
        LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toDto),
      nextCursor:
        rows.length > limit && last ? encodeTimeCursor({ at: last.at_key, id: last.id }) : null,
    };
  }
}

function toDto(row: AdminAuditRow): AdminAuditEventDto {
  return {
    id: row.id,
    at: row.at,
    actor: { id: row.actor_id, username: row.actor_username },
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before,
    after: row.after,
    reason: row.reason,
  };
}
