import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type JsonObject } from '../../common/json/json.types';

/** A completed instance that entered its final state within a period. */
export interface CompletedInstanceRecord {
  definitionKey: string;
  orgUnitId: string;
  data: JsonObject;
  /** Units whose step of it overran its deadline. */
  overranUnitIds: string[];
}

/**
 * The one place `periodic_report_runs` and `periodic_report_cycles` are read and written, with
 * the reads the report's pre-fill needs.
 */
@Injectable()
export class PeriodicReportsRepository {
  async rootUnitIds(manager: EntityManager): Promise<string[]> {
    const rows = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM org_units WHERE parent_id IS NULL ORDER BY slug`,
    );
    return rows.map((row) => row.id);
  }

  /** Ids and names of the units, by slug. */
  async unitsBySlug(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<Array<{ id: string; name: string }>> {
    return manager.query<Array<{ id: string; name: string }>>(
      `SELECT id, name FROM org_units WHERE id = ANY($1::uuid[]) ORDER BY slug`,
      [ids],
    );
  }

  async insertRun(
    manager: EntityManager,
    run: { boardUnitId: string; periodKey: string; instanceId: string; trigger: string; openedAt: Date },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO periodic_report_runs (board_unit_id, period_key, instance_id, trigger, opened_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [run.boardUnitId, run.periodKey, run.instanceId, run.trigger, run.openedAt],
    );
  }

  /** The instance opened for the board's period, if any. */
  async runOf(manager: EntityManager, boardUnitId: string, periodKey: string): Promise<string | null> {
    const [row] = await manager.query<Array<{ instance_id: string }>>(
      `SELECT instance_id FROM periodic_report_runs WHERE board_unit_id = $1 AND period_key = $2`,
      [boardUnitId, periodKey],
    );
    return row?.instance_id ?? null;
  }

  /** Records that the cycle of `kind` is owed reports from `since` on, unless it already is. */
  async ensureCycle(manager: EntityManager, kind: string, since: Date): Promise<void> {
    await manager.query(
      `INSERT INTO periodic_report_cycles (period_kind, active_since) VALUES ($1, $2)
       ON CONFLICT (period_kind) DO NOTHING`,
      [kind, since],
    );
  }

  async cycleActiveSince(manager: EntityManager, kind: string): Promise<Date | null> {
    const [cycle] = await manager.query<Array<{ active_since: Date }>>(
      `SELECT active_since FROM periodic_report_cycles WHERE period_kind = $1`,
      [kind],
    );
    return cycle?.active_since ?? null;
  }

  /**
   * Instances of the given workflows completed within `[start, end)`: approval time is when the
   * instance entered its final state, read from its history.
   */
  async completedWithin(
    manager: EntityManager,
    definitionKeys: readonly string[],
    start: Date,
    end: Date,
  ): Promise<CompletedInstanceRecord[]> {
    const rows = await manager.query<
      Array<{ definition_key: string; org_unit_id: string; data: JsonObject; overran: string[] }>
    >(
      `SELECT i.definition_key, i.org_unit_id, i.data,
              ARRAY(SELECT DISTINCT t.assignee_unit_id::text FROM workflow_tasks t
                     WHERE t.instance_id = i.id AND t.kind = 'step'
                       AND (t.overdue_at IS NOT NULL OR t.closed_at > t.due_at)) AS overran
         FROM workflow_instances i
        WHERE i.definition_key = ANY($1) AND i.status = 'completed'
          AND (SELECT min(h.at) FROM history_events h
                WHERE h.instance_id = i.id AND h.to_state = i.state
                  AND h.from_state IS DISTINCT FROM h.to_state) >= $2
          AND (SELECT min(h.at) FROM history_events h
                WHERE h.instance_id = i.id AND h.to_state = i.state
                  AND h.from_state IS DISTINCT FROM h.to_state) < $3`,
      [definitionKeys, start, end],
    );
    return rows.map((row) => ({
      definitionKey: row.definition_key,
      orgUnitId: row.org_unit_id,
      data: row.data,
      overranUnitIds: row.overran,
    }));
  }
}
