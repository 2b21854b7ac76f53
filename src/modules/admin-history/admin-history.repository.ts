import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type JsonObject } from '../../common/json/json.types';
import {
  afterCursorSql,
  type TimeCursor,
  timeCursorSql,
} from '../../common/pagination/keyset-cursor';
import { SqlConditions } from '../../database/sql-conditions';

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

/** A stored admin change; `atKey` is its full-precision time, for a cursor. */
export interface AdminEvent {
  id: string;
  at: Date;
  atKey: string;
  actor: AdminActor;
  action: string;
  targetType: string;
  targetId: string;
  before: JsonObject | null;
  after: JsonObject | null;
  reason: string | null;
}

export interface AdminEventFilter {
  actorUsername?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  since?: Date;
  until?: Date;
  after?: TimeCursor;
  order: 'asc' | 'desc';
}

interface AdminEventRow {
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

/** The one place `admin_audit_events` is read and written (append-only). */
@Injectable()
export class AdminHistoryRepository {
  async insert(manager: EntityManager, actor: AdminActor, change: AdminChange): Promise<void> {
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

  /** Up to `limit` events matching `filter`, ordered by `(at, id)` in `filter.order`. */
  async list(
    manager: EntityManager,
    filter: AdminEventFilter,
    limit: number,
  ): Promise<AdminEvent[]> {
    const sql = new SqlConditions();
    const order = filter.order;
    if (filter.actorUsername) sql.and(`a.actor_username = ${sql.param(filter.actorUsername)}`);
    if (filter.action) sql.and(`a.action = ${sql.param(filter.action)}`);
    if (filter.targetType) sql.and(`a.target_type = ${sql.param(filter.targetType)}`);
    if (filter.targetId) sql.and(`a.target_id = ${sql.param(filter.targetId)}`);
    if (filter.since) sql.and(`a.at >= ${sql.param(filter.since)}`);
    if (filter.until) sql.and(`a.at < ${sql.param(filter.until)}`);
    if (filter.after) {
      sql.param(filter.after.at);
      sql.param(filter.after.id);
      const n = sql.params.length;
      sql.and(afterCursorSql('a.at', 'a.id', order, n - 1, n));
    }
    const rows = await manager.query<AdminEventRow[]>(
      `SELECT a.id, a.at, ${timeCursorSql('a.at')} AS at_key, a.actor_id, a.actor_username,
              a.action, a.target_type, a.target_id, a.before, a.after, a.reason
         FROM admin_audit_events a
        WHERE ${sql.whereSql()}
        ORDER BY a.at ${order}, a.id ${order}
        LIMIT ${sql.param(limit)}`,
      sql.params,
    );
    return rows.map(toAdminEvent);
  }
}

function toAdminEvent(row: AdminEventRow): AdminEvent {
  return {
    id: row.id,
    at: row.at,
    atKey: row.at_key,
    actor: { id: row.actor_id, username: row.actor_username },
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before,
    after: row.after,
    reason: row.reason,
  };
}
