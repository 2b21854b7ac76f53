import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type JsonObject } from '../../common/json/json.types';
import { afterCursorSql, timeCursorSql, type TimeCursor } from '../../common/pagination/keyset-cursor';
import { type SortOrder } from '../../common/pagination/page-query.dto';
import { type SqlConditions } from '../../database/sql-conditions';
import {
  type MachineConfigJson,
  type WorkflowDefinitionDocument,
} from '../../workflows/engine/definition.types';
import { type AuditEventDto } from './dto/audit-event.dto';

/** A history event with what an auditor needs around it, as the database holds it. */
export interface AuditEventRecord {
  event: Omit<AuditEventDto, 'opinion' | 'document' | 'data'> & { data: JsonObject | null };
  /** The definition version the instance runs: its forms name the opinion fields. */
  definitionId: string;
  /** The keyset position `(at, id)` of the event, at full precision. */
  cursor: TimeCursor;
}

/**
 * A validated audit search: conditions over `h` (event) and `i` (its instance), and the folded
 * free-text pattern apart, because free text is answered by two index-led queries (see `search`).
 */
export interface AuditSearch {
  conditions: SqlConditions;
  /** LIKE pattern over the folded event text and instance title, or null. */
  textPattern: string | null;
  order: SortOrder;
}

export interface TimelineInstance {
  id: string;
  title: string;
  definitionKey: string;
  definitionVersion: number;
  definition: WorkflowDefinitionDocument;
  orgUnit: { id: string; slug: string; name: string };
  state: string;
  status: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What replaying an instance's documents needs of each event. */
export interface ReplayEventRecord {
  instanceId: string;
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  data: JsonObject | null;
}

interface AuditEventRow {
  id: string;
  instance_id: string;
  seq: number;
  type: string;
  from_state: string | null;
  to_state: string;
  actor_id: string;
  actor_username: string;
  actor_full_name: string | null;
  actor_org_unit_id: string;
  actor_org_unit_name: string | null;
  on_behalf_of_id: string | null;
  data: JsonObject | null;
  comment: string | null;
  at: Date;
  at_key: string;
  prev_hash: string;
  hash: string;
  title: string;
  definition_id: string;
  definition_key: string;
  definition_version: number;
  org_unit_id: string;
  org_unit_slug: string;
  org_unit_name: string;
}

/** Add `WHERE`, `ORDER BY` and `LIMIT`; `h` is the event, `i` its instance. */
const AUDIT_EVENT_SELECT = `
  SELECT h.id, h.instance_id, h.seq, h.type, h.from_state, h.to_state, h.actor_id, h.actor_username,
         u.full_name AS actor_full_name, h.actor_org_unit_id, au.name AS actor_org_unit_name,
         h.on_behalf_of_id, h.data, h.comment, h.at, ${timeCursorSql('h.at')} AS at_key,
         h.prev_hash, h.hash, i.title, i.definition_id, i.definition_key, i.definition_version, i.org_unit_id,
         ou.slug AS org_unit_slug, ou.name AS org_unit_name
    FROM history_events h
    JOIN workflow_instances i ON i.id = h.instance_id
    JOIN org_units ou ON ou.id = i.org_unit_id
    LEFT JOIN users u ON u.id = h.actor_id
    LEFT JOIN org_units au ON au.id = h.actor_org_unit_id`;

/** The audit trail's reads of history events, their instances, units and actors. */
@Injectable()
export class AuditRepository {
  /**
   * One page of a search, in keyset order after `after`.
   *
   * Free text matches the event's own text or its instance's title. Written as one `OR`, the
   * planner can use neither the trigram indexes nor the `(at, id)` order and reads every match
   * (over 15 s for a common term at 10 M events); as two queries each ordered and limited by its own
   * index — events by their text (trigram index), events of instances by their title (the time
   * index, each instance looked up once) — merged by UNION ALL, each stops after `limit` rows.
   */
  async search(
    manager: EntityManager,
    search: AuditSearch,
    after: TimeCursor | null,
    limit: number,
  ): Promise<AuditEventRecord[]> {
    const sql = search.conditions.clone();
    const order = search.order === 'asc' ? 'ASC' : 'DESC';
    if (after) {
      sql.param(after.at);
      sql.param(after.id);
      sql.and(afterCursorSql('h.at', 'h.id', search.order, sql.params.length - 1, sql.params.length));
    }
    const limitParam = sql.param(limit);
    let rows: AuditEventRow[];
    if (search.textPattern === null) {
      rows = await manager.query<AuditEventRow[]>(
        `${AUDIT_EVENT_SELECT} WHERE ${sql.whereSql()}
          ORDER BY h.at ${order}, h.id ${order} LIMIT ${limitParam}`,
        sql.params,
      );
    } else {
      const text = sql.param(search.textPattern);
      const where = sql.whereSql();
      const branch = (match: string): string =>
        `(SELECT h.id, h.at FROM history_events h JOIN workflow_instances i ON i.id = h.instance_id
           WHERE ${where} AND ${match}
           ORDER BY h.at ${order}, h.id ${order} LIMIT ${limitParam})`;
      // An event can match both ways: the page is the first `limit` distinct ones.
      rows = await manager.query<AuditEventRow[]>(
        `${AUDIT_EVENT_SELECT}
          WHERE h.id IN (
            SELECT found.id FROM (${branch(`h.search_text LIKE ${text}`)}
                                  UNION ALL ${branch(`fold_diacritics(i.title) LIKE ${text}`)}) found
             GROUP BY found.at, found.id
             ORDER BY found.at ${order}, found.id ${order} LIMIT ${limitParam})
          ORDER BY h.at ${order}, h.id ${order}`,
        sql.params,
      );
    }
    return rows.map(toAuditEventRecord);
  }

  /** Every event of an instance, in order. */
  async instanceEvents(manager: EntityManager, instanceId: string): Promise<AuditEventRecord[]> {
    const rows = await manager.query<AuditEventRow[]>(
      `${AUDIT_EVENT_SELECT} WHERE h.instance_id = $1 ORDER BY h.seq`,
      [instanceId],
    );
    return rows.map(toAuditEventRecord);
  }

  async timelineInstance(
    manager: EntityManager,
    instanceId: string,
  ): Promise<TimelineInstance | null> {
    const [row] = await manager.query<
      Array<{
        id: string;
        title: string;
        definition_key: string;
        definition_version: number;
        definition: WorkflowDefinitionDocument;
        org_unit_id: string;
        org_unit_slug: string;
        org_unit_name: string;
        state: string;
        status: string;
        version: number;
        created_at: Date;
        updated_at: Date;
      }>
    >(
      `SELECT i.id, i.title, i.definition_key, i.definition_version, d.document AS definition,
              i.org_unit_id, ou.slug AS org_unit_slug, ou.name AS org_unit_name, i.state, i.status,
              i.version, i.created_at, i.updated_at
         FROM workflow_instances i
         JOIN workflow_definitions d ON d.id = i.definition_id
         JOIN org_units ou ON ou.id = i.org_unit_id
        WHERE i.id = $1`,
      [instanceId],
    );
    if (!row) return null;
    return {
      id: row.id,
      title: row.title,
      definitionKey: row.definition_key,
      definitionVersion: row.definition_version,
      definition: row.definition,
      orgUnit: { id: row.org_unit_id, slug: row.org_unit_slug, name: row.org_unit_name },
      state: row.state,
      status: row.status,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /** The state machine each instance's definition version runs, by instance id. */
  async machinesOf(
    manager: EntityManager,
    instanceIds: readonly string[],
  ): Promise<Map<string, MachineConfigJson>> {
    const rows = await manager.query<Array<{ id: string; machine: MachineConfigJson }>>(
      `SELECT i.id, d.document -> 'machine' AS machine
         FROM workflow_instances i JOIN workflow_definitions d ON d.id = i.definition_id
        WHERE i.id = ANY($1::uuid[])`,
      [instanceIds],
    );
    return new Map(rows.map((row) => [row.id, row.machine]));
  }

  /** Each instance's events up to the seq given for it, by instance then seq. */
  async replayEvents(
    manager: EntityManager,
    upTo: ReadonlyMap<string, number>,
  ): Promise<ReplayEventRecord[]> {
    const ids = [...upTo.keys()];
    const rows = await manager.query<
      Array<{
        instance_id: string;
        seq: number;
        type: string;
        from_state: string | null;
        to_state: string;
        data: JsonObject | null;
      }>
    >(
      `SELECT h.instance_id, h.seq, h.type, h.from_state, h.to_state, h.data
         FROM history_events h
         JOIN unnest($1::uuid[], $2::int[]) AS wanted(instance_id, up_to)
           ON wanted.instance_id = h.instance_id AND h.seq <= wanted.up_to
        ORDER BY h.instance_id, h.seq`,
      [ids, ids.map((id) => upTo.get(id))],
    );
    return rows.map((row) => ({
      instanceId: row.instance_id,
      seq: row.seq,
      type: row.type,
      fromState: row.from_state,
      toState: row.to_state,
      data: row.data,
    }));
  }

  /**
   * Lifts (`0`) or restores (`'default'`) the statement timeout of the session behind `manager`:
   * a streamed export runs for as long as it takes on a connection of its own.
   */
  async setStatementTimeout(manager: EntityManager, value: 0 | 'default'): Promise<void> {
    await manager.query(value === 0 ? 'SET statement_timeout = 0' : 'RESET statement_timeout');
  }
}

/** The one row→record mapper of audit events (search pages, exports and timelines). */
function toAuditEventRecord(row: AuditEventRow): AuditEventRecord {
  return {
    definitionId: row.definition_id,
    cursor: { at: row.at_key, id: row.id },
    event: {
      id: row.id,
      instanceId: row.instance_id,
      seq: row.seq,
      type: row.type,
      fromState: row.from_state,
      toState: row.to_state,
      actor: {
        id: row.actor_id,
        username: row.actor_username,
        fullName: row.actor_full_name,
        orgUnitId: row.actor_org_unit_id,
        orgUnitName: row.actor_org_unit_name,
      },
      onBehalfOfId: row.on_behalf_of_id,
      data: row.data,
      comment: row.comment,
      at: row.at,
      prevHash: row.prev_hash,
      hash: row.hash,
      instance: {
        id: row.instance_id,
        title: row.title,
        definitionKey: row.definition_key,
        definitionVersion: row.definition_version,
        orgUnitId: row.org_unit_id,
        orgUnitSlug: row.org_unit_slug,
        orgUnitName: row.org_unit_name,
      },
    },
  };
}
