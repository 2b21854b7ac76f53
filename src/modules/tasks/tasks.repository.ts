import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { affectedRows } from '../../database/affected-rows';
import { type BatchWrite } from '../../database/batch-write';
import { userRef, type UserRefDto } from '../users/dto/user-ref.dto';
import { WorkflowTask } from './workflow-task.entity';

/** A task to open, as the planner placed it. */
export interface NewTask {
  instanceId: string;
  state: string;
  assigneeUnitId: string;
  capability: string | null;
  dueAt: Date | null;
  remindAt: Date | null;
  createdAt: Date;
}

/** An open task with who has claimed it, if anyone. */
export interface OpenTask {
  id: string;
  state: string;
  assigneeUnitId: string;
  capability: string | null;
  claimedAt: Date | null;
  claimedBy: UserRefDto | null;
}

interface OpenTaskRow {
  id: string;
  state: string;
  assignee_unit_id: string;
  capability: string | null;
  claimed_at: Date | null;
  claimed_by_id: string | null;
  claimed_by_username: string | null;
  claimed_by_full_name: string | null;
}

const SELECT_TASK = `
  SELECT t.id, t.state, t.assignee_unit_id, t.capability, t.claimed_at,
         u.id AS claimed_by_id, u.username AS claimed_by_username, u.full_name AS claimed_by_full_name
    FROM workflow_tasks t LEFT JOIN users u ON u.id = t.claimed_by`;

/**
 * The one place `workflow_tasks` is read and written by the engine core (tasks and claims). Every
 * method runs on the manager it is given, never on a default.
 */
@Injectable()
export class TasksRepository {
  /** Closes the instance's open tasks; the ids of those it closed. */
  async closeOpen(
    manager: EntityManager,
    instanceId: string,
    closedBy: string,
    at: Date,
  ): Promise<string[]> {
    const closed = await manager.query<Array<{ id: string }>>(
      `WITH closed AS (
         UPDATE workflow_tasks SET status = 'done', closed_at = $2, closed_by = $3
          WHERE instance_id = $1 AND status = 'open' RETURNING id)
       SELECT id FROM closed`,
      [instanceId, at, closedBy],
    );
    return closed.map((r) => r.id);
  }

  /** Inserts an open task; its id. */
  async insertOpen(manager: EntityManager, task: NewTask): Promise<string> {
    const inserted = await manager.getRepository(WorkflowTask).insert({
      instanceId: task.instanceId,
      state: task.state,
      assigneeUnitId: task.assigneeUnitId,
      capability: task.capability,
      status: 'open',
      dueAt: task.dueAt,
      remindAt: task.remindAt,
      createdAt: task.createdAt,
    });
    return (inserted.identifiers[0] as { id: string }).id;
  }

  /**
   * {@link closeOpen} for many instances, as part `closed_tasks` of a batch write (returning each
   * closed task's `id` and `instanceId`).
   */
  closeOpenPart(
    write: BatchWrite,
    closes: ReadonlyArray<{ instanceId: string; closedBy: string; at: Date }>,
  ): void {
    const rows = closes.map((c) => ({
      instance_id: c.instanceId,
      closed_by: c.closedBy,
      at: c.at,
    }));
    write.add(
      'closed_tasks',
      `UPDATE workflow_tasks t SET status = 'done', closed_at = s.at, closed_by = s.closed_by
         FROM jsonb_to_recordset(${write.rows(rows)}) AS s(instance_id uuid, closed_by uuid, at timestamptz)
        WHERE t.instance_id = s.instance_id AND t.status = 'open'
       RETURNING t.id, t.instance_id AS "instanceId"`,
    );
  }

  /**
   * {@link insertOpen} for many tasks whose ids the caller chose, as part `opened_tasks` of a
   * batch write. The batch's snapshot does not see these rows, so its `closed_tasks` part, which
   * closes the tasks open before, leaves them open.
   */
  insertOpenPart(write: BatchWrite, tasks: ReadonlyArray<NewTask & { id: string }>): void {
    const rows = tasks.map((task) => ({
      id: task.id,
      instance_id: task.instanceId,
      state: task.state,
      assignee_unit_id: task.assigneeUnitId,
      capability: task.capability,
      due_at: task.dueAt,
      remind_at: task.remindAt,
      created_at: task.createdAt,
    }));
    write.add(
      'opened_tasks',
      `INSERT INTO workflow_tasks (id, instance_id, state, assignee_unit_id, capability, status, due_at,
              remind_at, created_at)
       SELECT id, instance_id, state, assignee_unit_id, capability, 'open', due_at, remind_at, created_at
         FROM jsonb_to_recordset(${write.rows(rows)}) AS n(id uuid, instance_id uuid, state text,
              assignee_unit_id uuid, capability text, due_at timestamptz, remind_at timestamptz,
              created_at timestamptz)
       RETURNING id`,
    );
  }

  /** Whether the unit has ever had a task on the instance. */
  async unitWasAssigned(
    manager: EntityManager,
    instanceId: string,
    unitId: string,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM workflow_tasks WHERE instance_id = $1 AND assignee_unit_id = $2 LIMIT 1`,
      [instanceId, unitId],
    );
    return rows.length > 0;
  }

  /** Whether the unit has ever had a step of the instance to act on (not a follow-up copy). */
  async unitHadStep(manager: EntityManager, instanceId: string, unitId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM workflow_tasks
        WHERE instance_id = $1 AND assignee_unit_id = $2 AND kind = 'step' LIMIT 1`,
      [instanceId, unitId],
    );
    return rows.length > 0;
  }

  /** The instance's open tasks, oldest first. */
  async openOf(manager: EntityManager, instanceId: string): Promise<OpenTask[]> {
    const rows = await manager.query<OpenTaskRow[]>(
      `${SELECT_TASK} WHERE t.instance_id = $1 AND t.status = 'open' ORDER BY t.created_at`,
      [instanceId],
    );
    return rows.map(toOpenTask);
  }

  /** The task if it is still open. */
  async findOpen(manager: EntityManager, taskId: string): Promise<OpenTask | undefined> {
    const [row] = await manager.query<OpenTaskRow[]>(
      `${SELECT_TASK} WHERE t.id = $1 AND t.status = 'open'`,
      [taskId],
    );
    return row ? toOpenTask(row) : undefined;
  }

  /** Claims the task for the user if it is open and nobody has claimed it. */
  async claimIfFree(
    manager: EntityManager,
    taskId: string,
    userId: string,
    at: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE workflow_tasks SET claimed_by = $2, claimed_at = $3
        WHERE id = $1 AND status = 'open' AND claimed_by IS NULL`,
      [taskId, userId, at],
    );
  }

  /** Releases the claim if the task is open and still claimed by `claimedBy` (null: unclaimed). */
  async releaseIfClaimedBy(
    manager: EntityManager,
    taskId: string,
    claimedBy: string | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE workflow_tasks SET claimed_by = NULL, claimed_at = NULL
        WHERE id = $1 AND status = 'open' AND claimed_by IS NOT DISTINCT FROM $2`,
      [taskId, claimedBy],
    );
  }

  async countOpenAt(manager: EntityManager, unitId: string): Promise<number> {
    const [row] = await manager.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM workflow_tasks WHERE assignee_unit_id = $1 AND status = 'open'`,
      [unitId],
    );
    return row.count;
  }

  /** A unit handover: the unit's open tasks go to its successor; how many moved. */
  moveOpenToUnit(manager: EntityManager, fromId: string, toId: string): Promise<number> {
    return affectedRows(
      manager,
      `UPDATE workflow_tasks SET assignee_unit_id = $2
        WHERE assignee_unit_id = $1 AND status = 'open'`,
      [fromId, toId],
    );
  }
}

function toOpenTask(row: OpenTaskRow): OpenTask {
  return {
    id: row.id,
    state: row.state,
    assigneeUnitId: row.assignee_unit_id,
    capability: row.capability,
    claimedAt: row.claimed_at,
    claimedBy: userRef(row.claimed_by_id, row.claimed_by_username, row.claimed_by_full_name),
  };
}
