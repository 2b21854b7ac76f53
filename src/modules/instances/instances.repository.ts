import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type JsonObject } from '../../common/json/json.types';
import { foldDiacritics } from '../../common/text/fold-diacritics';
import {
  type InstanceStatus,
  type PersistedWorkflowSnapshot,
} from '../../workflows/engine/workflow-engine';
import { type PromulgatedDocument } from '../documents/promulgated-document';
import { WorkflowInstance } from './workflow-instance.entity';
import { affectedRows } from '../../database/affected-rows';
import { type BatchWrite } from '../../database/batch-write';

/** A new instance row, before its first history event is chained onto it. */
export interface NewInstance {
  definitionId: string;
  definitionKey: string;
  definitionVersion: number;
  orgUnitId: string;
  title: string;
  state: string;
  status: InstanceStatus;
  snapshot: PersistedWorkflowSnapshot;
  data: JsonObject;
  historyHead: string;
  searchText: string;
  createdBy: string;
  at: Date;
}

/** An instance one version up, as {@link InstanceTransitionWriter} computed it. */
export interface InstanceStep {
  id: string;
  /** The version the writer read under the lock; the update fails when it is no longer so. */
  fromVersion: number;
  state: string;
  status: InstanceStatus;
  snapshot: PersistedWorkflowSnapshot;
  data: JsonObject;
  historyHead: string;
  searchText: string;
  definitionId: string;
  definitionVersion: number;
  at: Date;
}

/** A running case a unit handover touches, locked for the caller's transaction. */
export interface HandedOverInstance {
  id: string;
  state: string;
  version: number;
  historyHead: string;
  /** Whether the instance itself (its drafting unit) moved, not only a task of it. */
  caseMoved: boolean;
}

/** The entity's columns but `search_text` (not selected by default, as the entity says). */
const INSTANCE_COLUMNS = `id, definition_id, definition_key, definition_version, org_unit_id, title,
  state, status, version, snapshot, data, history_head, document, created_by, created_at,
  updated_at`;
const INSTANCE_COLUMN_NAMES = INSTANCE_COLUMNS.split(',').map((column) => column.trim());

interface InstanceRow {
  id: string;
  definition_id: string;
  definition_key: string;
  definition_version: number;
  org_unit_id: string;
  title: string;
  state: string;
  status: InstanceStatus;
  version: number;
  snapshot: PersistedWorkflowSnapshot;
  data: JsonObject;
  history_head: string;
  document: PromulgatedDocument | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

function toInstance(row: InstanceRow): WorkflowInstance {
  return Object.assign(new WorkflowInstance(), {
    id: row.id,
    definitionId: row.definition_id,
    definitionKey: row.definition_key,
    definitionVersion: row.definition_version,
    orgUnitId: row.org_unit_id,
    title: row.title,
    state: row.state,
    status: row.status,
    version: row.version,
    snapshot: row.snapshot,
    data: row.data,
    historyHead: row.history_head,
    document: row.document,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

/**
 * Reads and writes of `workflow_instances` for the engine core. Writes go through
 * {@link InstanceTransitionWriter} (creation and every transition), so the history chain and the
 * row always move together; the methods take the caller's manager, never a default.
 */
@Injectable()
export class InstancesRepository {
  // Raw SQL on the per-command paths: TypeORM's query building and hydration cost ~5× the
  // round trip's own CPU (4 % of the API's CPU per command for this one read).
  async findById(manager: EntityManager, id: string): Promise<WorkflowInstance | null> {
    const rows = await manager.query<InstanceRow[]>(
      `SELECT ${INSTANCE_COLUMNS} FROM workflow_instances WHERE id = $1`,
      [id],
    );
    return rows.length > 0 ? toInstance(rows[0]) : null;
  }

  /**
   * The select list of an instance row for a statement that reads more than the instance (the
   * command pre-check): the columns {@link findById} loads, each aliased `<prefix><column>`.
   */
  selectList(alias: string, prefix: string): string {
    return INSTANCE_COLUMN_NAMES.map((column) => `${alias}.${column} AS "${prefix}${column}"`).join(
      ', ',
    );
  }

  /**
   * The instance of a row read with {@link selectList}, as {@link findById} returns it; null when
   * the row holds no instance (a left join found none).
   */
  fromRow(row: Record<string, unknown>, prefix: string): WorkflowInstance | null {
    if (row[`${prefix}id`] === null || row[`${prefix}id`] === undefined) return null;
    return toInstance(
      Object.fromEntries(
        INSTANCE_COLUMN_NAMES.map((column) => [column, row[`${prefix}${column}`]]),
      ) as unknown as InstanceRow,
    );
  }

  async findByIds(manager: EntityManager, ids: readonly string[]): Promise<WorkflowInstance[]> {
    const rows = await manager.query<InstanceRow[]>(
      `SELECT ${INSTANCE_COLUMNS} FROM workflow_instances WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(toInstance);
  }

  /**
   * The instance under a row lock for writing. FOR NO KEY UPDATE serialises writers of the
   * instance but, unlike FOR UPDATE, does not block the API recording new commands (their foreign
   * key takes FOR KEY SHARE).
   */
  async lockForWrite(manager: EntityManager, id: string): Promise<WorkflowInstance | null> {
    const rows = await manager.query<InstanceRow[]>(
      `SELECT ${INSTANCE_COLUMNS} FROM workflow_instances WHERE id = $1 FOR NO KEY UPDATE`,
      [id],
    );
    return rows.length > 0 ? toInstance(rows[0]) : null;
  }

  /** Ids of the active instances running on a definition version, oldest first. */
  async activeIdsOn(manager: EntityManager, definitionId: string): Promise<string[]> {
    const rows = await manager.find(WorkflowInstance, {
      select: { id: true },
      where: { definitionId, status: 'active' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((row) => row.id);
  }

  /** @returns the new instance's id */
  async insert(manager: EntityManager, row: NewInstance): Promise<string> {
    const [inserted] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO workflow_instances (definition_id, definition_key, definition_version, org_unit_id,
              title, state, status, version, snapshot, data, history_head, search_text, created_by,
              created_at, updated_at, folded_title)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10, $11, $12, $13, $13, $14)
       RETURNING id`,
      [
        row.definitionId,
        row.definitionKey,
        row.definitionVersion,
        row.orgUnitId,
        row.title,
        row.state,
        row.status,
        row.snapshot,
        row.data,
        row.historyHead,
        row.searchText,
        row.createdBy,
        row.at,
        // Audit search matches titles folded as every search text is (the title never changes).
        foldDiacritics(row.title),
      ],
    );
    return inserted.id;
  }

  /** Points a new instance at its first history event (the chain needs the row to exist first). */
  async setFirstHead(manager: EntityManager, id: string, head: string): Promise<void> {
    await manager.query(`UPDATE workflow_instances SET history_head = $2 WHERE id = $1`, [
      id,
      head,
    ]);
  }

  /** Writes one step; false when the instance is no longer at `fromVersion`. */
  async writeStep(manager: EntityManager, step: InstanceStep): Promise<boolean> {
    const [, affected] = await manager.query<[unknown, number]>(
      `UPDATE workflow_instances
          SET state = $3, status = $4, version = $2 + 1, snapshot = $5, data = $6, history_head = $7,
              search_text = $8, definition_id = $9, definition_version = $10, updated_at = $11
        WHERE id = $1 AND version = $2`,
      [
        step.id,
        step.fromVersion,
        step.state,
        step.status,
        step.snapshot,
        step.data,
        step.historyHead,
        step.searchText,
        step.definitionId,
        step.definitionVersion,
        step.at,
      ],
    );
    return affected === 1;
  }

  /**
   * {@link writeStep} for many instances (one step each), as part `instances` of a batch write:
   * it returns the ids it updated, so the caller sees which were no longer at `fromVersion`; later
   * parts read the rows as written (a part of one statement cannot see another's writes otherwise).
   */
  writeStepsPart(write: BatchWrite, steps: readonly InstanceStep[]): void {
    const rows = steps.map((step) => ({
      id: step.id,
      from_version: step.fromVersion,
      state: step.state,
      status: step.status,
      snapshot: step.snapshot,
      data: step.data,
      history_head: step.historyHead,
      search_text: step.searchText,
      definition_id: step.definitionId,
      definition_version: step.definitionVersion,
      at: step.at,
    }));
    write.add(
      'instances',
      `UPDATE workflow_instances i
          SET state = s.state, status = s.status, version = s.from_version + 1, snapshot = s.snapshot,
              data = s.data, history_head = s.history_head, search_text = s.search_text,
              definition_id = s.definition_id, definition_version = s.definition_version, updated_at = s.at
         FROM jsonb_to_recordset(${write.rows(rows)}) AS s(id uuid, from_version integer, state text,
              status text, snapshot jsonb, data jsonb, history_head text, search_text text,
              definition_id uuid, definition_version integer, at timestamptz)
        WHERE i.id = s.id AND i.version = s.from_version
       RETURNING i.id, ${INSTANCE_COLUMN_NAMES.filter((column) => column !== 'id')
         .map((column) => `i.${column}`)
         .join(', ')}`,
      // The caller checks the ids; the whole rows are there for the outcome notifications.
      ['id'],
    );
  }

  /**
   * Moves the instance one event on without a transition (an attachment added): its version and
   * history head follow the event the caller chained, its state stays. The caller holds the lock.
   */
  async advanceHead(
    manager: EntityManager,
    id: string,
    version: number,
    historyHead: string,
    at: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE workflow_instances SET version = $2, history_head = $3, updated_at = $4
        WHERE id = $1`,
      [id, version, historyHead, at],
    );
  }

  /** Moves the active cases of a unit to its successor (a merge or retirement); how many moved. */
  async moveActiveToUnit(manager: EntityManager, fromId: string, toId: string): Promise<number> {
    return affectedRows(
      manager,
      `UPDATE workflow_instances SET org_unit_id = $2 WHERE org_unit_id = $1 AND status = 'active'`,
      [fromId, toId],
    );
  }

  async countActiveAt(manager: EntityManager, unitId: string): Promise<number> {
    const [row] = await manager.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM workflow_instances WHERE org_unit_id = $1 AND status = 'active'`,
      [unitId],
    );
    return row.count;
  }

  /**
   * Locks, in id order (so two handovers touching one case cannot deadlock), the active cases of
   * the unit and the cases with an open task at it: each gets a history event of the handover.
   */
  async lockActiveTouching(manager: EntityManager, unitId: string): Promise<HandedOverInstance[]> {
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

  /** Records the document an instance promulgated (numbered in the same transaction). */
  async setDocument(
    manager: EntityManager,
    id: string,
    document: PromulgatedDocument,
  ): Promise<void> {
    await manager.query(`UPDATE workflow_instances SET document = $2 WHERE id = $1`, [
      id,
      document,
    ]);
  }
}
