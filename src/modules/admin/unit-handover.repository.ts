import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** A unit as a merge or retirement reads it. */
export interface HandoverUnit {
  id: string;
  slug: string;
  name: string;
  kind: string;
  parentId: string | null;
  retiredAt: Date | null;
}

/** An instance whose history records the handover, locked for the caller's transaction. */
export interface HandedOverInstance {
  id: string;
  state: string;
  version: number;
  historyHead: string;
  /** Whether the instance itself (its drafting unit) moved, not only a task of it. */
  caseMoved: boolean;
}

/** What one unit's handover moved, counted for the audit record and the answer. */
export interface HandoverCounts {
  openTasks: number;
  instances: number;
  campaignItems: number;
  /** Campaign items left under the old unit: the successor already has one in that campaign. */
  campaignItemsKept: number;
  users: number;
  posts: number;
  inboxViews: number;
  /** Registers of the old unit: closed, not moved (a successor body numbers its own documents). */
  registersClosed: number;
}

/** What still hangs on a unit, for refusing a retirement that names no successor. */
export interface OpenWork {
  openTasks: number;
  activeInstances: number;
  activeUsers: number;
  activeSubUnits: number;
}

interface UnitRow {
  id: string;
  slug: string;
  name: string;
  kind: string;
  parent_id: string | null;
  retired_at: Date | null;
}

const toUnit = (row: UnitRow): HandoverUnit => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  kind: row.kind,
  parentId: row.parent_id,
  retiredAt: row.retired_at,
});

/**
 * The SQL of handing a unit's open work to another (sáp nhập, giải thể): every statement runs in
 * the caller's transaction, which holds the org-tree lock, so the whole reorganisation is one
 * step that either happens or does not.
 */
@Injectable()
export class UnitHandoverRepository {
  async unit(manager: EntityManager, id: string): Promise<HandoverUnit | null> {
    const [row] = await manager.query<UnitRow[]>(
      `SELECT id, slug, name, kind, parent_id, retired_at FROM org_units WHERE id = $1`,
      [id],
    );
    return row ? toUnit(row) : null;
  }

  async activeChildren(manager: EntityManager, parentId: string): Promise<HandoverUnit[]> {
    const rows = await manager.query<UnitRow[]>(
      `SELECT id, slug, name, kind, parent_id, retired_at FROM org_units
        WHERE parent_id = $1 AND retired_at IS NULL ORDER BY slug`,
      [parentId],
    );
    return rows.map(toUnit);
  }

  /** Whether `unitId` is `rootId` or lies below it (cycles already stored stop the walk). */
  async isWithin(manager: EntityManager, unitId: string, rootId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH RECURSIVE up(id, parent_id, path) AS (
         SELECT id, parent_id, ARRAY[id] FROM org_units WHERE id = $1
         UNION ALL
         SELECT o.id, o.parent_id, up.path || o.id FROM org_units o JOIN up ON o.id = up.parent_id
          WHERE NOT o.id = ANY(up.path))
       SELECT 1 FROM up WHERE id = $2`,
      [unitId, rootId],
    );
    return rows.length > 0;
  }

  async openWork(manager: EntityManager, unitId: string): Promise<OpenWork> {
    const [row] = await manager.query<
      Array<{ tasks: number; instances: number; users: number; units: number }>
    >(
      `SELECT
         (SELECT count(*)::int FROM workflow_tasks WHERE assignee_unit_id = $1 AND status = 'open') AS tasks,
         (SELECT count(*)::int FROM workflow_instances WHERE org_unit_id = $1 AND status = 'active') AS instances,
         (SELECT count(*)::int FROM users WHERE org_unit_id = $1 AND active) AS users,
         (SELECT count(*)::int FROM org_units WHERE parent_id = $1 AND retired_at IS NULL) AS units`,
      [unitId],
    );
    return {
      openTasks: row.tasks,
      activeInstances: row.instances,
      activeUsers: row.users,
      activeSubUnits: row.units,
    };
  }

  /**
   * Locks, in id order (so two handovers touching one case cannot deadlock), the active cases of
   * the unit and the cases with an open task at it: each gets a history event.
   */
  async lockAffectedInstances(
    manager: EntityManager,
    unitId: string,
  ): Promise<HandedOverInstance[]> {
    const rows = await manager.query<
      Array<{ id: string; state: string; version: number; history_head: string; own: boolean }>
    >(
      `SELECT i.id, i.state, i.version, i.history_head, i.org_unit_id = $1 AS own
         FROM workflow_instances i
        WHERE i.status = 'active'
          AND (i.org_unit_id = $1 OR EXISTS (
                SELECT 1 FROM workflow_tasks t
                 WHERE t.instance_id = i.id AND t.assignee_unit_id = $1 AND t.status = 'open'))
        ORDER BY i.id
        FOR UPDATE OF i`,
      [unitId],
    );
    return rows.map((row) => ({
      id: row.id,
      state: row.state,
      version: row.version,
      historyHead: row.history_head,
      caseMoved: row.own,
    }));
  }

  /**
   * Moves the unit's open tasks, the campaign items of its active cases, users, posts and shared
   * views. The cases themselves move through the instances repository, which owns their table.
   */
  async handOver(
    manager: EntityManager,
    fromId: string,
    toId: string,
  ): Promise<Omit<HandoverCounts, 'instances'>> {
    // UPDATE and DELETE answer [rows, affected count] through TypeORM's postgres driver.
    const count = async (sql: string): Promise<number> => {
      const result = await manager.query<[unknown[], number]>(sql, [fromId, toId]);
      return result[1];
    };
    const openTasks = await count(
      `UPDATE workflow_tasks SET assignee_unit_id = $2
        WHERE assignee_unit_id = $1 AND status = 'open'`,
    );
    // Campaign items follow their case while it runs, unless the successor already answers for
    // that campaign; finished items keep the unit that did the work.
    const campaignItems = await count(
      `UPDATE campaign_items c SET org_unit_id = $2
         FROM workflow_instances i
        WHERE c.org_unit_id = $1 AND i.id = c.instance_id AND i.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM campaign_items o
                           WHERE o.campaign_id = c.campaign_id AND o.org_unit_id = $2)`,
    );
    const [{ kept }] = await manager.query<Array<{ kept: number }>>(
      `SELECT count(*)::int AS kept FROM campaign_items c JOIN workflow_instances i ON i.id = c.instance_id
        WHERE c.org_unit_id = $1 AND i.status = 'active'`,
      [fromId],
    );
    const users = await count(
      `UPDATE users SET org_unit_id = $2, updated_at = now() WHERE org_unit_id = $1 AND active`,
    );
    // Copies (nơi nhận) the unit received reach its successor too, so the officials who moved
    // there still read and comment on them; the original row keeps who was sent what.
    await manager.query(
      `INSERT INTO instance_copies (instance_id, recipient_unit_id, state, sent_by, sent_at)
       SELECT instance_id, $2, state, sent_by, sent_at FROM instance_copies
        WHERE recipient_unit_id = $1
       ON CONFLICT (instance_id, recipient_unit_id) DO NOTHING`,
      [fromId, toId],
    );
    // TypeORM answers an INSERT with its rows only (no count), hence RETURNING.
    const posts = (
      await manager.query<unknown[]>(
        `INSERT INTO user_posts (user_id, org_unit_id)
         SELECT p.user_id, $2 FROM user_posts p JOIN users u ON u.id = p.user_id
          WHERE p.org_unit_id = $1 AND u.org_unit_id <> $2
         ON CONFLICT DO NOTHING RETURNING user_id`,
        [fromId, toId],
      )
    ).length;
    await manager.query(`DELETE FROM user_posts WHERE org_unit_id = $1`, [fromId]);
    // A post at the successor is now the home unit of whoever moved there.
    await manager.query(
      `DELETE FROM user_posts p USING users u
        WHERE u.id = p.user_id AND p.org_unit_id = $1 AND u.org_unit_id = $1`,
      [toId],
    );
    const inboxViews = await count(
      `UPDATE inbox_views SET shared_with_unit_id = $2 WHERE shared_with_unit_id = $1`,
    );
    const [{ registers }] = await manager.query<Array<{ registers: number }>>(
      `SELECT count(*)::int AS registers FROM document_registers WHERE issuing_unit_id = $1`,
      [fromId],
    );
    return {
      openTasks,
      campaignItems,
      campaignItemsKept: kept,
      users,
      posts,
      inboxViews,
      registersClosed: registers,
    };
  }

  /** Ids of the users whose home unit or a post is `unitId` (their cached identity is stale). */
  async usersOf(manager: EntityManager, unitId: string): Promise<string[]> {
    const rows = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM users WHERE org_unit_id = $1
       UNION SELECT user_id FROM user_posts WHERE org_unit_id = $1`,
      [unitId],
    );
    return rows.map((row) => row.id);
  }

  async moveUnder(manager: EntityManager, unitId: string, parentId: string): Promise<void> {
    await manager.query(`UPDATE org_units SET parent_id = $2, updated_at = now() WHERE id = $1`, [
      unitId,
      parentId,
    ]);
  }

  async retire(
    manager: EntityManager,
    unitId: string,
    mergedIntoId: string | null,
    at: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE org_units SET retired_at = $3, merged_into_id = $2, updated_at = $3 WHERE id = $1`,
      [unitId, mergedIntoId, at],
    );
  }
}
