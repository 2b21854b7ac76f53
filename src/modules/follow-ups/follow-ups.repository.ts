import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** An open follow-up copy (đôn đốc) and the late step it was made for. */
export interface FollowUpRecord {
  followUpUnitId: string;
  followUpUnitName: string;
  instanceId: string;
  step: {
    id: string;
    state: string;
    unitId: string;
    capability: string | null;
    status: string;
    dueAt: Date | null;
  };
}

interface FollowUpRow {
  follow_up_unit_id: string;
  follow_up_unit_name: string;
  instance_id: string;
  step_id: string;
  step_state: string;
  step_unit_id: string;
  step_capability: string | null;
  step_status: string;
  step_due_at: Date | null;
}

/** Reads of follow-up tasks (the tasks module writes them). */
@Injectable()
export class FollowUpsRepository {
  /** The open follow-up task `followUpTaskId` with its step, or null. */
  async openFollowUp(
    manager: EntityManager,
    followUpTaskId: string,
  ): Promise<FollowUpRecord | null> {
    const [row] = await manager.query<FollowUpRow[]>(
      `SELECT f.assignee_unit_id AS follow_up_unit_id, u.name AS follow_up_unit_name,
              s.instance_id, s.id AS step_id, s.state AS step_state,
              s.assignee_unit_id AS step_unit_id, s.capability AS step_capability,
              s.status AS step_status, s.due_at AS step_due_at
         FROM workflow_tasks f
         JOIN workflow_tasks s ON s.id = f.escalated_from_id
         JOIN org_units u ON u.id = f.assignee_unit_id
        WHERE f.id = $1 AND f.kind = 'escalation' AND f.status = 'open'`,
      [followUpTaskId],
    );
    if (!row) return null;
    return {
      followUpUnitId: row.follow_up_unit_id,
      followUpUnitName: row.follow_up_unit_name,
      instanceId: row.instance_id,
      step: {
        id: row.step_id,
        state: row.step_state,
        unitId: row.step_unit_id,
        capability: row.step_capability,
        status: row.step_status,
        dueAt: row.step_due_at,
      },
    };
  }
}
